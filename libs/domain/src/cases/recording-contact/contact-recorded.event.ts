import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ContactTypeCode, ParticipantKind } from '../vocabularies';

export interface Participant {
  /** Who took part: the client, a professional, a family member... */
  readonly kind: ParticipantKind;
  /** A professional's or organisation's id when known. */
  readonly id?: string;
  /** Their role, as the worker typed it (e.g. "housing officer"). */
  readonly role?: string;
}

// Its own type so that the published schema says `integer` and keeps `null` beside it: an
// annotation on the field itself would replace the whole union.
/**
 * A whole number of minutes.
 * @asType integer
 */
export type WholeMinutes = number;

export type ContactRecorded = CaseEventShape<
  'ContactRecorded',
  {
    /** The contact's id, unique within the case; CaseNoteCorrected names it. */
    readonly contactId: string;
    /** How the contact took place: a code of the agency's contact types in force when it was recorded. */
    readonly contactType: ContactTypeCode;
    /** Who took part. */
    readonly participants: readonly Participant[];
    /**
     * How long it lasted, in whole minutes (1 to 1440); null when not recorded.
     */
    readonly durationMinutes: WholeMinutes | null;
    /** The plan's goals the contact worked on (v2; a v1 contact lifts to `[]`). */
    readonly goalIds: readonly string[];
    /** The case's referrals the contact was about (v2; `[]` for v1). */
    readonly referralIds: readonly string[];
    /** The appointment the contact kept; null when none (and for v1). */
    readonly appointmentId: string | null;
  },
  {
    /** The case note: what happened, in the worker's words. */
    readonly summary: string;
  }
>;

/** The category of each field of ContactRecorded (rules: `../sensitivity.ts`). */
export const CONTACT_RECORDED_SENSITIVITY: EventSensitivity = {
  data: {
    contactId: 'case_record',
    contactType: 'case_record',
    'participants[].kind': 'case_record',
    // The professionals and organisations around the client (a probation officer, a clinic) tell which services they use.
    'participants[].id': 'services_referrals',
    'participants[].role': 'services_referrals',
    durationMinutes: 'case_record',
    'goalIds[]': 'case_record',
    'referralIds[]': 'case_record',
    appointmentId: 'case_record',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
