import type { CaseView } from './case-state';

/** Where a case stands in the casework process; stored in read models, so renamed only with a rebuild. */
export const CASE_STAGES = [
  'engagement',
  'assessment',
  'service_planning',
  'implementation',
  'monitoring',
  'closed',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/**
 * The stage of a case, read off the decider's own state so that a read model can never call a
 * case something the decider would not. The first rule that holds decides:
 * - closed: the case is closed (whatever came before);
 * - engagement: no assessment yet (contacts, assignments and transfers never move a case on);
 * - assessment: assessed, no plan agreed yet;
 * - monitoring: the plan's work is being looked at: a review held, or progress or an achievement
 *   recorded on a goal;
 * - implementation: a referral made on the plan (waiting, accepted or in service);
 * - service_planning: a plan, and nothing done on it yet.
 * A reopened case takes up where it stood: its assessments, plan, referrals and reviews are still
 * there, so the same rules apply to it (reopening is not a fresh start).
 * null for a stream with nothing engaged: no case, no stage.
 */
export const caseStageOf = (state: CaseView): CaseStage | null => {
  if (state.status === 'initial') return null;
  if (state.status === 'closed') return 'closed';
  if (state.assessments.count === 0) return 'engagement';
  if (state.plan === null) return 'assessment';
  const goals = Object.values(state.plan.goals);
  const followedUp = goals.some((goal) => goal.progress !== null || goal.achievedAt !== null);
  if (state.reviewCount > 0 || followedUp) return 'monitoring';
  if (Object.keys(state.referrals).length > 0) return 'implementation';
  return 'service_planning';
};
