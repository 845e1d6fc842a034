import type { ActiveCase } from '../case-state';
import type { ClientDataErased } from './client-data-erased.event';

/** Only the first receipt counts: a later one (a replayed request) cannot move the erasure's date. */
export const evolveClientDataErased = (state: ActiveCase, event: ClientDataErased): ActiveCase =>
  state.erasure !== null
    ? state
    : {
        ...state,
        erasure: {
          erasureId: event.data.erasureId,
          erasedAt: event.occurredAt,
          legalBasis: event.data.legalBasis,
          requestedBy: event.data.requestedBy,
        },
      };
