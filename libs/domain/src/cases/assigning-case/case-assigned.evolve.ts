import type { CaseAssigned } from '../case-events';
import type { ActiveCase } from '../case-state';

export const evolveCaseAssigned = (state: ActiveCase, event: CaseAssigned): ActiveCase => ({
  ...state,
  caseManagerId: event.data.caseManagerId,
});
