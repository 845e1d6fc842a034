import { instant } from '../../shared/time';
import { withEntry } from '../../shared/records';
import type { ContactRecorded } from './contact-recorded.event';
import type { ActiveCase } from '../case-state';

/** Notes arrive late and out of order: a note about last week must not make the last contact older. */
const latest = (current: string | null, candidate: string): string =>
  current === null || instant(candidate) > instant(current) ? candidate : current;

export const evolveContactRecorded = (state: ActiveCase, event: ContactRecorded): ActiveCase => ({
  ...state,
  contacts: withEntry(state.contacts, event.data.contactId, {
    contactType: event.data.contactType,
    happenedAt: event.occurredAt,
    corrections: 0,
  }),
  lastContactAt: latest(state.lastContactAt, event.occurredAt),
});
