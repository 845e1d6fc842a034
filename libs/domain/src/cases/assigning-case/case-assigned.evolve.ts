import type { CaseAssigned } from './case-assigned.event';
import type { ActiveCase } from '../case-state';

export const evolveCaseAssigned = (state: ActiveCase, event: CaseAssigned): ActiveCase => ({
  ...state,
  caseManagerId: event.data.caseManagerId,
});
