import type { CaseTransferred } from './case-transferred.event';
import type { ActiveCase } from '../case-state';

export const evolveCaseTransferred = (state: ActiveCase, event: CaseTransferred): ActiveCase => ({
  ...state,
  caseManagerId: event.data.toCaseManagerId,
});
