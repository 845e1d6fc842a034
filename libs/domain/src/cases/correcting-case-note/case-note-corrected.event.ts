import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type CaseNoteCorrected = CaseEventShape<
  'CaseNoteCorrected',
  {
    /** The correction's id, unique within the case. */
    readonly correctionId: string;
    /** The contact whose note is corrected (`ContactRecorded.contactId`). */
    readonly correctsContactId: string;
  },
  {
    /** The note as it should read: it replaces the contact's summary. */
    readonly correctedSummary: string;
    /** Why it was corrected. */
    readonly reason: string;
  }
>;

/** The category of each field of CaseNoteCorrected (rules: `../sensitivity.ts`). */
export const CASE_NOTE_CORRECTED_SENSITIVITY: EventSensitivity = {
  data: {
    correctionId: 'case_record',
    correctsContactId: 'case_record',
  },
  pii: {
    correctedSummary: CLIENT_FREE_TEXT,
    reason: CLIENT_FREE_TEXT,
  },
};
