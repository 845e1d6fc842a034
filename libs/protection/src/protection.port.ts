import type { EventStore } from '@casetrail/event-store';
import type { MatchKind } from './matching';
import type { Pseudonyms } from './pseudonyms';
import type { PiiOpener, SealedPii } from './sealed';

/** The token under which Nest modules receive the opener (the infrastructure module provides it). */
export const PII_OPENER = Symbol('PiiOpener');
/** The token under which Nest modules receive the whole protection facade. */
export const PROTECTION = Symbol('Protection');

/** What the agency knows of a client that can find them again: only ever stored as blind-index HMACs. */
export interface ClientIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD, or null when not known. */
  readonly dateOfBirth: string | null;
  /** Any writing of the client's phone; only its national digits are kept, as an HMAC. */
  readonly phone?: string | null;
}

/** A client the duplicate check finds likely to be the same person (see matching.ts). */
export interface LikelyDuplicate extends ClientMatch {
  /** The kinds of entry that matched: no value of any of them. */
  readonly matched: readonly MatchKind[];
}

/** A search: name, date of birth, or both (both must match then). */
export interface ClientQuery {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly dateOfBirth?: string;
}

export interface ClientMatch {
  readonly clientId: string;
  /** Cases engaged for this client (registered before their first event was appended; a failed append leaves an id with no stream). */
  readonly caseIds: readonly string[];
}

/** Why and on whose authority a client's data was erased: the receipt, stored before anything is destroyed. */
export interface ErasureRecord {
  readonly erasureId: string;
  readonly clientId: string;
  readonly legalBasis: string;
  readonly requestedBy: string;
  /** The administrator who ordered it, as the token named them. */
  readonly actor: { readonly id: string; readonly role: string };
  /** ISO-8601 instant: the request's arrival. */
  readonly requestedAt: string;
  readonly correlationId: string;
  /** Cases of the client, as known when the erasure began. */
  readonly caseIds: readonly string[];
  /** running: keys may still exist or receipts be missing; done: every step finished. */
  readonly status: 'running' | 'done';
  /** When the data key and blind-index entries were destroyed (null until then). */
  readonly destroyedAt: string | null;
  readonly completedAt: string | null;
}

/**
 * Two records of one person made one: the duplicate resolves to the survivor from then on. Nothing of
 * the duplicate is rewritten: its key stays (its cases' earlier events are sealed under it) and its
 * blind-index entries stay, answering the survivor.
 */
export interface MergeRecord {
  readonly mergeId: string;
  readonly duplicateClientId: string;
  readonly survivorClientId: string;
  /** The duplicate's cases when the merge was recorded. */
  readonly caseIds: readonly string[];
  /** The supervisor who merged them, as the token named them. */
  readonly actor: { readonly id: string; readonly role: string };
  readonly mergedAt: string;
}

export class ClientErasedError extends Error {
  constructor(readonly clientId: string) {
    super(`Client ${clientId}'s data has been erased: nothing more can be recorded about them`);
    this.name = 'ClientErasedError';
  }
}

/**
 * Everything the apps ask of client-data protection. One implementation (libs/protection) over a
 * key store (MongoDB collections or files in the data dir) and a key-management port (the master key).
 */
export interface Protection {
  /** Query-time decryption through a bounded key cache. */
  readonly opener: PiiOpener;
  /**
   * The event store every writer uses: `append` seals each event's `pii` under the key of its
   * `dataSubject` (required on case streams), or the system records key when it has none. Reads pass
   * through: events come back sealed.
   */
  sealing(store: EventStore): EventStore;
  /**
   * Before a case's first event is appended: the client's data key exists (made now, or the
   * client's existing one), the case is registered to the client, and the blind index holds their
   * name and date of birth, and the matching entries of libs/protection/src/matching.ts. Throws ClientErasedError for an erased client. Idempotent.
   */
  prepareClient(clientId: string, caseId: string, identity: ClientIdentity): Promise<void>;
  /** Through the blind index only. */
  findClients(query: ClientQuery): Promise<readonly ClientMatch[]>;
  /**
   * Clients likely to be this person, through the blind index only (phonetic names, nicknames,
   * swapped names, the date of birth either way round, the phone); erased clients are never found.
   */
  findLikelyDuplicates(identity: ClientIdentity): Promise<readonly LikelyDuplicate[]>;
  /**
   * The cases registered to a client and to every client merged into it; a merged duplicate's id
   * answers its survivor's. Null for a client never seen.
   */
  clientCases(clientId: string): Promise<readonly string[] | null>;
  /** The client an id stands for now: the survivor of a merged duplicate, else the id itself. */
  resolveClient(clientId: string): Promise<string>;
  readonly merges: {
    /** Stores the mapping duplicate -> survivor or, when the duplicate was merged before, answers that one unchanged. */
    record(record: MergeRecord): Promise<MergeRecord>;
    get(duplicateClientId: string): Promise<MergeRecord | null>;
    into(survivorClientId: string): Promise<readonly MergeRecord[]>;
  };
  readonly erasures: {
    /** Stores the record (status running) or, when one exists for the client, answers that one unchanged. */
    begin(record: Omit<ErasureRecord, 'status' | 'destroyedAt' | 'completedAt'>): Promise<ErasureRecord>;
    /** Destroys the client's data key and blind-index entries (evicting it from this process's cache). Idempotent. */
    destroy(clientId: string, at: string): Promise<ErasureRecord>;
    complete(clientId: string, at: string): Promise<ErasureRecord>;
    get(clientId: string): Promise<ErasureRecord | null>;
    /** Records still running: resumed at start-up. */
    pending(): Promise<readonly ErasureRecord[]>;
  };
  /** HMAC-SHA256 under the anchor key (wrapped by the master key like every other key). */
  anchorMac(bytes: Buffer): Buffer;
  /** Pseudonyms of one scope (an analyst's principal id, one CLI export), under the system pseudonym key. */
  pseudonyms(scope: string): Pseudonyms;
  /**
   * Seals what a partner's feed discloses to that partner (AES-256-GCM under its feed key, kid
   * `partner/<partnerId>`, `messageId` as associated data): redisclosed records keep their protection,
   * and no plaintext rests on the brokers. The key is made on first use and wrapped by the master key.
   */
  sealForPartner(partnerId: string, messageId: string, plaintext: unknown): Promise<SealedPii>;
  /** The partner's raw feed key, for handing to that partner only (made on first use). */
  partnerFeedKey(partnerId: string): Promise<{ readonly kid: string; readonly key: Buffer }>;
  close(): Promise<void>;
}
