import type { CaseEvent, Recorded } from '@casetrail/domain';
import { plaintextOpener } from '@casetrail/protection';
import { CaseStory, SUPERVISOR } from './testing';
import type { Timeline } from './timeline-entry';
import { openTimelineEntries } from './timeline-client-data';
import { evolveTimeline } from './timeline.projection';
import { timelineWording } from './timeline-wording';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null);

const story = () =>
  new CaseStory('case-1')
    .engaged('2025-03-01T09:00:00.000Z')
    .record(
      'TransferRequested',
      '2025-03-02T09:00:00.000Z',
      {
        fromCaseManagerId: 'cm-ana',
        toCaseManagerId: 'cm-ben',
        toProgramId: 'prog-youth',
        toTeamId: 'team-south',
        requestedBy: 'cm-ana',
      },
      { reason: 'Turns 18.' },
    )
    .record(
      'TransferReturned',
      '2025-03-03T09:00:00.000Z',
      { returnedBy: 'sup-lee' },
      { comments: 'Not yet.' },
      { actor: SUPERVISOR },
    )
    .record(
      'TransferApproved',
      '2025-03-04T09:00:00.000Z',
      { approvedBy: 'sup-lee' },
      { comments: '' },
      {
        actor: SUPERVISOR,
      },
    )
    .record(
      'CaseTransferred',
      '2025-03-04T09:00:00.000Z',
      {
        fromCaseManagerId: 'cm-ana',
        toCaseManagerId: 'cm-ben',
        toProgramId: 'prog-youth',
        toTeamId: 'team-south',
      },
      { reason: 'Turns 18.' },
      { actor: SUPERVISOR },
    )
    .record(
      'CaseTerminated',
      '2025-03-05T09:00:00.000Z',
      {
        reason: 'goals_met',
        goalOutcomes: [],
        ongoingSupports: [],
        referralDispositions: [
          { referralId: 'ref-1', disposition: 'continued' },
          { referralId: 'ref-2', disposition: 'closed_at_termination' },
        ],
      },
      { summary: 'Settled.' },
    );

describe('timeline entries of transfers out of the program and of closing dispositions', () => {
  it('shows the request, the decisions, the move to another program, and what became of open referrals', async () => {
    const timeline = fold(story().events)!;
    const opened = await openTimelineEntries(timeline.entries.slice(1), plaintextOpener);
    expect(
      opened.map((entry) => {
        const words = timelineWording(entry);
        return [entry.type, entry.category, words.title, words.detail];
      }),
    ).toEqual([
      [
        'TransferRequested',
        'assignment',
        'Transfer to program prog-youth requested: waiting for approval',
        'Requested by cm-ana: from case manager cm-ana to cm-ben, team team-south. Reason: Turns 18.',
      ],
      [
        'TransferReturned',
        'assignment',
        'Transfer returned: the case stays where it is',
        'Returned by sup-lee. Comments: Not yet.',
      ],
      ['TransferApproved', 'assignment', 'Transfer approved', 'Approved by sup-lee.'],
      [
        'CaseTransferred',
        'assignment',
        'Case transferred from cm-ana to cm-ben',
        'Responsibility moved from case manager cm-ana to cm-ben. Out of the program, to program prog-youth. To team team-south. Reason: Turns 18.',
      ],
      [
        'CaseTerminated',
        'closure',
        'Case closed: goals met',
        'Closing reason: goals met. Open referrals: ref-1 continued; ref-2 closed at termination. Summary: Settled.',
      ],
    ]);
  });
});
