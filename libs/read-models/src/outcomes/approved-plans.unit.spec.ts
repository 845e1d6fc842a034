import type { CaseFacts } from './case-facts.projection';
import { withApprovedPlans } from './approved-plans';

const facts = (caseId: string, firstPlanApprovedAt?: string) =>
  ({ caseId, ...(firstPlanApprovedAt === undefined ? {} : { firstPlanApprovedAt }) }) as unknown as CaseFacts;

describe('withApprovedPlans (approvedPlansOnly=true)', () => {
  const all = [
    facts('approved', '2025-03-06T09:00:00.000Z'),
    facts('pending-or-returned'),
    facts('approved-later', '2025-05-01T09:00:00.000Z'),
  ];

  it('counts only cases of which a plan version was approved by the instant reported on', () => {
    expect(withApprovedPlans(all, '2025-04-01T00:00:00.000Z').map((f) => f.caseId)).toEqual(['approved']);
    expect(withApprovedPlans(all, '2025-06-01T00:00:00.000Z').map((f) => f.caseId)).toEqual([
      'approved',
      'approved-later',
    ]);
  });
});
