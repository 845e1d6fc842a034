import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/** How to communicate with the client; each recording replaces the one before. */
export type CommunicationNeedsRecorded = CaseEventShape<
  'CommunicationNeedsRecorded',
  {
    /** A BCP-47 language tag in its canonical form (`ar`, `pt-BR`, `prs`). */
    readonly preferredLanguage: string;
    /** Whether the client needs an interpreter to work with the agency. */
    readonly interpreterNeeded: boolean;
    /** The interpreter's language (BCP-47, canonical); null when no interpreter is needed. */
    readonly interpreterLanguage: string | null;
  },
  {
    /** Anything else about communicating with them (a hearing aid, a trusted relative), as written. */
    readonly notes: string;
  }
>;

/**
 * The language and the need for an interpreter are `identity`: a language beside the record tells
 * the client's origin, which only roles and partners seeing who the client is should learn.
 * The notes are free text about the client.
 */
export const COMMUNICATION_NEEDS_RECORDED_SENSITIVITY: EventSensitivity = {
  data: { preferredLanguage: 'identity', interpreterNeeded: 'identity', interpreterLanguage: 'identity' },
  pii: { notes: CLIENT_FREE_TEXT },
};
