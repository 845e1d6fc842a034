import type { Actor } from '../shared/metadata';
import type { EventSensitivity } from '../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../cases/protective-categories';

/**
 * Events of the access log: who read (or tried to read) which cases' records, when, by which
 * route, and why. They live in access streams (`shared/streams.ts`), never in a case's stream.
 * Like case events, `type` strings are stored forever, and `data` is kept apart from `pii`.
 */

/** granted: the policy allowed it; emergency: break-the-glass with a reason; denied: refused. */
export const ACCESS_OUTCOMES = ['granted', 'emergency', 'denied'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** A case whose records were read, with what the policy decided on (null: not known). */
export interface AccessedCase {
  /** The case read. */
  readonly caseId: string;
  /** The team holding it, as the policy saw it; null when not known. */
  readonly teamId: string | null;
  /** Its program, as the policy saw it; null when not known. */
  readonly programId: string | null;
}

export type CaseRecordsAccessed = {
  readonly type: 'CaseRecordsAccessed';
  /** When the read happened (the request's arrival), ISO-8601 instant. */
  readonly occurredAt: string;
  readonly data: {
    /** The route template or tool, e.g. `GET /cases/:caseId/timeline`, `CLI replay --case`. */
    readonly route: string;
    /** granted: the policy allowed it; emergency: break-the-glass with a reason; denied: refused. */
    readonly outcome: AccessOutcome;
    /** The policy's code when denied; null otherwise. */
    readonly denial: string | null;
    /** The cases read; empty for a denied list read, which names no case. */
    readonly cases: readonly AccessedCase[];
    /** For an emergency grant: until when it lasts (ISO-8601 instant); null otherwise. */
    readonly emergencyUntil: string | null;
  };
  readonly pii: {
    /** The `X-Access-Reason` text: it can name the client, so it is client data. */
    readonly reason: string | null;
  };
};

export type AccessEvent = CaseRecordsAccessed;
export type AccessEventType = AccessEvent['type'];

export const ACCESS_EVENT_TYPES: readonly AccessEventType[] = ['CaseRecordsAccessed'];

export const ACCESS_EVENT_SCHEMA_VERSION: Readonly<Record<AccessEventType, number>> = {
  CaseRecordsAccessed: 1,
};

/** What a caller hands the access recorder for one read. */
export interface AccessEntry {
  readonly actor: Actor;
  readonly route: string;
  readonly outcome: AccessOutcome;
  readonly denial: string | null;
  readonly cases: readonly AccessedCase[];
  readonly reason: string | null;
  readonly emergencyUntil: string | null;
  /** ISO-8601 instant from the request's metadata (the edge reads the clock, not the domain). */
  readonly at: string;
  readonly correlationId: string;
}

/** The event an entry becomes. Pure: the clock and ids come in the entry. */
export const accessEvent = (entry: AccessEntry): CaseRecordsAccessed => {
  if (entry.outcome === 'denied' && entry.denial === null)
    throw new RangeError('A denied access needs the policy’s denial code');
  if (entry.outcome !== 'denied' && entry.denial !== null)
    throw new RangeError('Only a denied access carries a denial code');
  if (entry.outcome === 'emergency' && entry.emergencyUntil === null)
    throw new RangeError('An emergency access needs the time it lasts until');
  if (entry.outcome !== 'emergency' && entry.emergencyUntil !== null)
    throw new RangeError('Only an emergency access lasts until a time');
  return {
    type: 'CaseRecordsAccessed',
    occurredAt: entry.at,
    data: {
      route: entry.route,
      outcome: entry.outcome,
      denial: entry.denial,
      cases: entry.cases.map(({ caseId, teamId, programId }) => ({ caseId, teamId, programId })),
      emergencyUntil: entry.emergencyUntil,
    },
    pii: { reason: entry.reason },
  };
};

/** The category of each field of CaseRecordsAccessed (rules: `../cases/sensitivity.ts`). */
export const CASE_RECORDS_ACCESSED_SENSITIVITY: EventSensitivity = {
  data: {
    route: 'case_record',
    outcome: 'case_record',
    denial: 'case_record',
    'cases[].caseId': 'case_record',
    'cases[].teamId': 'case_record',
    'cases[].programId': 'case_record',
    emergencyUntil: 'case_record',
  },
  // The reason can name the client and what is wrong: free text, most protected.
  pii: { reason: CLIENT_FREE_TEXT },
};

/** Every access event type's declaration: a type left out does not compile. */
export const ACCESS_EVENT_SENSITIVITY: Readonly<Record<AccessEventType, EventSensitivity>> = {
  CaseRecordsAccessed: CASE_RECORDS_ACCESSED_SENSITIVITY,
};
