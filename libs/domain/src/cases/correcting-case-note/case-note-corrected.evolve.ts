import { updateEntry } from '../../shared/records';
import type { CaseNoteCorrected } from './case-note-corrected.event';
import type { ActiveCase } from '../case-state';

export const evolveCaseNoteCorrected = (state: ActiveCase, event: CaseNoteCorrected): ActiveCase => ({
  ...state,
  contacts: updateEntry(state.contacts, event.data.correctsContactId, (contact) => ({
    ...contact,
    corrections: contact.corrections + 1,
  })),
});
