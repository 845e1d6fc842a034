import type { CaseFacts } from './case-facts.projection';

/**
 * The cases an "approved plans only" report counts: those of which a plan version was approved by
 * the instant the report is as of. A case whose program never required approval has no approved
 * plan, so it is left out too: the option answers "what did supervisors sign off", nothing else.
 */
export const withApprovedPlans = (facts: readonly CaseFacts[], by: string): readonly CaseFacts[] =>
  facts.filter((f) => f.firstPlanApprovedAt !== undefined && f.firstPlanApprovedAt <= by);
