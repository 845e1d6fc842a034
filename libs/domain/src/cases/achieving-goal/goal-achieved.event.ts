import type { CaseEventShape } from '../values';

export type GoalAchieved = CaseEventShape<
  'GoalAchieved',
  { readonly goalId: string; readonly measuredValue: number | null },
  { readonly note: string }
>;
