import type { CaseEventShape } from '../values';
import type { GoalProgress } from '../vocabularies';

export type GoalProgressRecorded = CaseEventShape<
  'GoalProgressRecorded',
  { readonly goalId: string; readonly progress: GoalProgress; readonly measuredValue: number | null },
  { readonly note: string }
>;
