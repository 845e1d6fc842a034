import type { CaseEvent, Recorded } from '@casetrail/domain';
import { plaintextOpener } from '@casetrail/protection';
import { CaseStory } from './testing';
import { openTimelineEntries } from './timeline-client-data';
import type { Timeline } from './timeline-entry';
import { evolveTimeline } from './timeline.projection';
import { timelineWording } from './timeline-wording';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null);

describe('timeline entries of a need identified and a milestone met (issue #14)', () => {
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .assessed('2025-03-02T09:00:00.000Z')
      .planned('2025-03-03T09:00:00.000Z', {
        goalsAdded: [
          {
            goalId: 'goal-housing',
            domain: 'housing',
            category: 'housing',
            needIds: [],
            target: { metric: 'nights housed', value: 30, unit: 'nights' },
            dueDate: '2025-06-30',
            milestones: [{ milestoneId: 'ms-voucher', dueDate: '2025-04-15' }],
          },
        ],
      })
      .record(
        'NeedIdentified',
        '2025-03-04T10:00:00.000Z',
        {
          needId: 'need-school',
          domain: 'education',
          category: 'services_referrals',
          severity: 'moderate',
          memberId: 'member-1',
        },
        { description: 'Not enrolled in school.' },
      )
      .record(
        'MilestoneMet',
        '2025-03-05T10:00:00.000Z',
        { goalId: 'goal-housing', milestoneId: 'ms-voucher' },
        { note: 'Voucher issued.' },
      ).events,
  )!;
  const [planned, identified, met] = timeline.entries.slice(-3);

  it('files the need under assessment and the milestone under review, their words sealed by reference', () => {
    expect(identified).toMatchObject({
      type: 'NeedIdentified',
      category: 'assessment',
      facts: {
        needId: 'need-school',
        domain: 'education',
        severity: 'moderate',
        memberId: 'member-1',
        description: null,
      },
    });
    expect(met).toMatchObject({
      type: 'MilestoneMet',
      category: 'review',
      facts: { goalId: 'goal-housing', milestoneId: 'ms-voucher', note: null },
      links: { goalSetVersion: planned!.version },
    });
  });

  it('words them with the description and note once opened', async () => {
    const [need, milestone] = await openTimelineEntries([identified!, met!], plaintextOpener);
    expect(timelineWording(need!)).toMatchObject({
      title: 'Need identified: education (moderate)',
      detail:
        'Need need-school in education, moderate, for member member-1. Description: Not enrolled in school.',
    });
    expect(timelineWording(milestone!)).toMatchObject({
      title: 'Milestone ms-voucher met',
      detail: 'Milestone ms-voucher of goal goal-housing met. Note: Voucher issued.',
    });
  });
});
