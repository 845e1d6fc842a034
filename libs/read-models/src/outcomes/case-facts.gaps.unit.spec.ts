import type { CaseEvent, Recorded } from '@casetrail/domain';
import { housingGoal } from '@casetrail/domain/testing';
import { CaseStory } from '../timelines/testing';
import { evolveCaseFacts, type CaseFacts } from './case-facts.projection';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseFacts, 'version'> | null>((doc, event) => evolveCaseFacts(doc, event), null);

describe('case facts of a need identified and a milestone met (issue #14)', () => {
  const story = () =>
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .assessed('2025-03-03T14:00:00.000Z', {
        needs: [{ needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' }],
      })
      .planned('2025-03-05T11:00:00.000Z', { goalsAdded: [housingGoal] })
      .record(
        'NeedIdentified',
        '2025-03-06T10:00:00.000Z',
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
        '2025-03-08T10:00:00.000Z',
        { goalId: 'goal-housing', milestoneId: 'ms-voucher' },
        { note: 'Voucher issued.' },
      );

  it('counts an identified need beside the assessed ones', () => {
    expect(fold(story().events)?.needs).toEqual({
      'need-housing': {
        domain: 'housing',
        severity: 'high',
        foundAt: '2025-03-03T14:00:00.000Z',
        memberId: null,
      },
      'need-school': {
        domain: 'education',
        severity: 'moderate',
        foundAt: '2025-03-06T10:00:00.000Z',
        memberId: 'member-1',
      },
    });
  });

  it('keeps when a need was first found when a reassessment re-rates it', () => {
    const facts = fold(
      story().assessed('2025-04-01T10:00:00.000Z', {
        kind: 'reassessment',
        needs: [
          { needId: 'need-school', domain: 'education', category: 'services_referrals', severity: 'low' },
        ],
      }).events,
    );
    expect(facts?.needs?.['need-school']).toEqual({
      domain: 'education',
      severity: 'low',
      foundAt: '2025-03-06T10:00:00.000Z',
      memberId: 'member-1',
    });
  });

  it('keeps when each milestone of a goal was met', () => {
    expect(fold(story().events)?.goals['goal-housing']).toMatchObject({
      milestonesMet: { 'ms-voucher': '2025-03-08T10:00:00.000Z' },
    });
  });

  it('shows the latest measure per goal, by when it was measured (a review entered late does not win)', () => {
    const facts = fold(
      story()
        .reviewed('2025-04-10T10:00:00.000Z', {
          reviewId: 'rev-a',
          goalMeasures: [{ goalId: 'goal-housing', value: 12, unit: null, measuredAt: null }],
        })
        .reviewed('2025-04-12T10:00:00.000Z', {
          reviewId: 'rev-b',
          goalMeasures: [
            { goalId: 'goal-housing', value: 3, unit: 'nights', measuredAt: '2025-03-20T10:00:00.000Z' },
          ],
        }).events,
    );
    expect(facts?.goals['goal-housing']?.latestMeasure).toEqual({
      value: 12,
      unit: null,
      measuredAt: '2025-04-10T10:00:00.000Z',
      reviewId: 'rev-a',
    });
  });
});
