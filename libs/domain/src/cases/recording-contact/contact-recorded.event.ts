import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ContactType, ParticipantKind } from '../vocabularies';

export interface Participant {
  readonly kind: ParticipantKind;
  /** A professional's or organisation's id when known. */
  readonly id?: string;
  readonly role?: string;
}

export type ContactRecorded = CaseEventShape<
  'ContactRecorded',
  {
    readonly contactId: string;
    readonly contactType: ContactType;
    readonly participants: readonly Participant[];
    readonly durationMinutes: number | null;
  },
  { readonly summary: string }
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
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
