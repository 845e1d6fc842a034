import { latest } from '../../shared/time';
import { withEntry } from '../../shared/records';
import type { ContactRecorded } from './contact-recorded.event';
import type { ActiveCase } from '../case-state';

export const evolveContactRecorded = (state: ActiveCase, event: ContactRecorded): ActiveCase => ({
  ...state,
  contacts: withEntry(state.contacts, event.data.contactId, {
    contactType: event.data.contactType,
    happenedAt: event.occurredAt,
    corrections: 0,
  }),
  // Notes arrive late and out of order: a note about last week must not make the last contact older.
  lastContactAt: latest(state.lastContactAt, event.occurredAt),
});
