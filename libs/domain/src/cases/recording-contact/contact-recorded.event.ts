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
