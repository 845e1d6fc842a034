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
    .assessed('2025-03-03T14:00:00.000Z')
    .planned('2025-03-05T11:00:00.000Z')
    .record(
      'PlanApprovalRequested',
      '2025-03-05T11:00:00.000Z',
      { amendmentNumber: 1, requestedBy: 'cm-ana' },
      {},
    )
    .record(
      'PlanReturned',
      '2025-03-06T09:00:00.000Z',
      { amendmentNumber: 1, returnedBy: 'sup-lee' },
      { comments: 'Add a transport referral.' },
      { actor: SUPERVISOR },
    )
    .record(
      'PlanApproved',
      '2025-03-07T09:00:00.000Z',
      { amendmentNumber: 1, approvedBy: 'sup-lee' },
      { comments: '' },
      { actor: SUPERVISOR },
    )
    .record(
      'ClosingRequested',
      '2025-04-01T09:00:00.000Z',
      {
        reason: 'goals_met',
        goalOutcomes: [{ goalId: 'goal-housing', outcome: 'achieved' }],
        ongoingSupports: [],
        referralDispositions: [],
        requestedBy: 'cm-ana',
      },
      { summary: 'Settled in her own flat.' },
    )
    .record(
      'ClosingReturned',
      '2025-04-02T09:00:00.000Z',
      { returnedBy: 'sup-lee' },
      { comments: 'Follow up the counselling first.' },
      { actor: SUPERVISOR },
    )
    .record(
      'ClosingApproved',
      '2025-04-03T09:00:00.000Z',
      { approvedBy: 'sup-lee' },
      { comments: 'Well done.' },
      { actor: SUPERVISOR },
    );

describe('timeline entries of approvals', () => {
  it('shows each request and decision, with who and the comments', async () => {
    const timeline = fold(story().events)!;
    const opened = await openTimelineEntries(timeline.entries.slice(3), plaintextOpener);
    expect(
      opened.map((entry) => {
        const words = timelineWording(entry);
        return [entry.type, entry.category, words.title, words.detail];
      }),
    ).toEqual([
      ['PlanApprovalRequested', 'planning', 'Plan version 1 waits for approval', 'Asked by cm-ana.'],
      [
        'PlanReturned',
        'planning',
        'Plan version 1 returned',
        'Returned by sup-lee. Comments: Add a transport referral.',
      ],
      ['PlanApproved', 'planning', 'Plan version 1 approved', 'Approved by sup-lee.'],
      [
        'ClosingRequested',
        'closure',
        'Closing asked for: goals met',
        'Closing reason: goals met; waits for approval (asked by cm-ana). Goal outcomes: goal-housing achieved. Summary: Settled in her own flat.',
      ],
      [
        'ClosingReturned',
        'closure',
        'Closing returned: the case stays open',
        'Returned by sup-lee. Comments: Follow up the counselling first.',
      ],
      ['ClosingApproved', 'closure', 'Closing approved', 'Approved by sup-lee. Comments: Well done.'],
    ]);
  });
});
