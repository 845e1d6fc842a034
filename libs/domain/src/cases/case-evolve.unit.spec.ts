import { clientEngaged, planned } from '../testing/fixtures';
import { fold } from '../shared/decider';
import { caseDecider, evolve } from './case-decider';
import type { CaseEvent } from './case-events';

/** Events that refer to things this stream never saw: possible in a damaged or partly migrated history. */
const orphans: readonly CaseEvent[] = [
  { type: 'CaseAssigned', occurredAt: '2025-03-02T00:00:00.000Z', data: { caseManagerId: 'cm-x' }, pii: {} },
  {
    type: 'ReferralStatusChanged',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: { referralId: 'ref-x', from: 'made', to: 'accepted' },
    pii: { note: '' },
  },
  {
    type: 'CaseNoteCorrected',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: { correctionId: 'corr-x', correctsContactId: 'contact-x' },
    pii: { correctedSummary: '', reason: '' },
  },
  {
    type: 'GoalProgressRecorded',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: { goalId: 'goal-x', progress: 'stalled', measuredValue: null },
    pii: { note: '' },
  },
  {
    type: 'GoalAchieved',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: { goalId: 'goal-x', measuredValue: null },
    pii: { note: '' },
  },
  {
    type: 'CaseReviewed',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: {
      reviewId: 'rev-x',
      goalReviews: [{ goalId: 'goal-x', progress: 'stalled' }],
      goalMeasures: [],
      nextReviewDate: '2025-04-01',
    },
    pii: { summary: '' },
  },
  {
    type: 'ReferralMade',
    occurredAt: '2025-03-02T00:00:00.000Z',
    data: {
      referralId: 'ref-y',
      providerId: 'p',
      serviceType: 'other',
      serviceCategory: 'services_referrals',
      goalIds: [],
      replacesReferralId: 'ref-missing',
    },
    pii: { note: '' },
  },
];

describe('evolve', () => {
  it('leaves a case that was never engaged as it is', () => {
    for (const event of orphans) expect(evolve({ status: 'initial' }, event)).toEqual({ status: 'initial' });
  });

  it('never throws on events about unknown referrals, contacts or goals', () => {
    expect(() => fold(caseDecider, [clientEngaged, ...orphans])).not.toThrow();
    const unknownTargets = orphans.filter((event) =>
      ['ReferralStatusChanged', 'CaseNoteCorrected', 'GoalProgressRecorded', 'GoalAchieved'].includes(
        event.type,
      ),
    );
    expect(fold(caseDecider, [...planned, ...unknownTargets])).toEqual(fold(caseDecider, planned));
  });

  it('skips an event type it does not know rather than failing the read', () => {
    const engaged = evolve({ status: 'initial' }, clientEngaged);
    expect(evolve(engaged, { type: 'SomethingNew' } as unknown as CaseEvent)).toBe(engaged);
  });
});
