import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ReferralSource } from '../vocabularies';

export interface ClientIdentity {
  /** The client's given name. */
  readonly givenName: string;
  /** The client's family name. */
  readonly familyName: string;
  /** The client's date of birth: a calendar date, YYYY-MM-DD. */
  readonly dateOfBirth: string;
  /** A phone number to reach them, as given. */
  readonly phone?: string;
  /** An email address to reach them, as given. */
  readonly email?: string;
  /** A postal address, as given (one line). */
  readonly address?: string;
}

export interface Consent {
  /** The client agreed to receive services. */
  readonly toServices: boolean;
  /** The client agreed to information about them being shared at all (with `sharingWith`). */
  readonly toInformationSharing: boolean;
  /** Organisations the client agreed to share information with. */
  readonly sharingWith: readonly string[];
}

export type ClientEngaged = CaseEventShape<
  'ClientEngaged',
  {
    /**
     * Who the case is about: one client may have several cases. Their data key is named after it
     * (`client/<clientId>`), so erasing them reaches every case at once.
     */
    readonly clientId: string;
    /**
     * The agency's human-readable number for the case (what staff say and write), unique within
     * the agency; not personal data, but it names the case in the office, so pseudonymised output
     * drops it. Join on `caseId` (the envelope's), not on this.
     */
    readonly caseNumber: string;
    /** The program the client was engaged into. */
    readonly programId: string;
    /** The team holding the case; null when the program has no teams. */
    readonly teamId: string | null;
    /** null leaves the case unassigned, for a supervisor to assign. */
    readonly caseManagerId: string | null;
    /** How the client came to the agency. */
    readonly referralSource: ReferralSource;
    /** What the client consented to at engagement (per-partner consents are ConsentGranted events). */
    readonly consent: Consent;
  },
  {
    /** Who the client is and how to reach them. */
    readonly client: ClientIdentity;
    /** Why the client came, in the worker's words. */
    readonly presentingConcerns: string;
  }
>;

/** The category of each field of ClientEngaged (rules: `../sensitivity.ts`). */
export const CLIENT_ENGAGED_SENSITIVITY: EventSensitivity = {
  data: {
    clientId: 'case_record',
    caseNumber: 'case_record',
    programId: 'case_record',
    teamId: 'case_record',
    caseManagerId: 'case_record',
    // Who referred the client (a hospital, a court...) is how they came to services.
    referralSource: 'services_referrals',
    'consent.toServices': 'case_record',
    'consent.toInformationSharing': 'case_record',
    'consent.sharingWith[]': 'case_record',
  },
  pii: {
    'client.givenName': 'identity',
    'client.familyName': 'identity',
    'client.dateOfBirth': 'identity',
    'client.phone': 'contact',
    'client.email': 'contact',
    'client.address': 'contact',
    // Free text about why the client came: most protected (protective-categories.ts).
    presentingConcerns: CLIENT_FREE_TEXT,
  },
};
