import type { ActiveCase } from '../case-state';
import type { CaseClientChanged } from './case-client-changed.event';

/** From the change on, the case's client is the survivor: later events are sealed under their key. */
export const evolveCaseClientChanged = (state: ActiveCase, event: CaseClientChanged): ActiveCase => ({
  ...state,
  clientId: event.data.toClientId,
});
