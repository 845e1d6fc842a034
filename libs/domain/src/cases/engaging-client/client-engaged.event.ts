import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ReferralSource } from '../vocabularies';

export interface ClientIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** Calendar date, YYYY-MM-DD. */
  readonly dateOfBirth: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
}

export interface Consent {
  readonly toServices: boolean;
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
    readonly caseNumber: string;
    readonly programId: string;
    readonly teamId: string | null;
    /** null leaves the case unassigned, for a supervisor to assign. */
    readonly caseManagerId: string | null;
    readonly referralSource: ReferralSource;
    readonly consent: Consent;
  },
  { readonly client: ClientIdentity; readonly presentingConcerns: string }
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
