import type { CaseReopened } from './case-reopened.event';
import type { ActiveCase } from '../case-state';

export const evolveCaseReopened = (state: ActiveCase, event: CaseReopened): ActiveCase => ({
  ...state,
  status: 'open',
  caseManagerId: event.data.caseManagerId ?? state.caseManagerId,
  closing: null,
  reopenedCount: state.reopenedCount + 1,
});
