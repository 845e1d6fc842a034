import type { EventStore } from '@casetrail/event-store';
import type { DisclosureRecord } from './disclosure-store';
import { legacyPartnerMessageId, type DisclosurePlanner } from './disclosures';

/** A record as the rebuild can know it: everything but when the discloser happened to record it. */
export type RebuiltDisclosure = Omit<DisclosureRecord, 'disclosedAt'>;

/** Every disclosure the event store gives rise to, in log order, by the discloser's own planner; nothing is sent. */
export const rebuildDisclosures = async (
  store: Pick<EventStore, 'readAll'>,
  planner: Pick<DisclosurePlanner, 'plan'>,
  batchSize = 500,
): Promise<RebuiltDisclosure[]> => {
  const rebuilt: RebuiltDisclosure[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readAll(after, batchSize);
    for (const event of page.events)
      for (const planned of await planner.plan(event)) rebuilt.push(planned.record);
    if (page.events.length === 0) return rebuilt;
    after = page.checkpoint;
  }
};

export interface DisclosureDifference {
  readonly messageId: string;
  /** missing: the store lacks it; unexpected: the store has it and the log gives no such message; changed: both, unequal. */
  readonly kind: 'missing' | 'unexpected' | 'changed';
  /** For `changed`: the fields that differ. */
  readonly fields: readonly string[];
}

export interface DisclosureComparison {
  readonly rebuilt: number;
  readonly stored: number;
  readonly matching: number;
  readonly differences: readonly DisclosureDifference[];
  /**
   * Differences an erasure explains: once a client's key is destroyed the rebuild opens their pii
   * as `{}`, so what was sent of it (its fields, the categories and consents they went under, a
   * message it alone made) can no longer be recomputed. Reported, not failed on.
   */
  readonly erased: readonly DisclosureDifference[];
}

/** What an erased client's pii alone could have made differ. */
const ERASURE_EXPLAINS: ReadonlySet<string> = new Set(['fields', 'categories', 'consentIds']);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The store against the rebuild, by message id. Ids and field names only: safe to print. */
export const compareDisclosures = (
  rebuilt: readonly RebuiltDisclosure[],
  stored: readonly DisclosureRecord[],
  erasedClients: ReadonlySet<string> = new Set(),
): DisclosureComparison => {
  const byId = new Map(stored.map((record) => [record.messageId, record]));
  const differences: DisclosureDifference[] = [];
  const erased: DisclosureDifference[] = [];
  let matching = 0;
  for (const expected of rebuilt) {
    // Recorded before ids were v5 UUIDs (ids.ts): the same message under its former id.
    const legacyId = legacyPartnerMessageId(expected.partnerId, expected.eventId, expected.kind);
    const actual = byId.get(expected.messageId) ?? byId.get(legacyId);
    byId.delete(actual?.messageId ?? expected.messageId);
    if (!actual) {
      differences.push({ messageId: expected.messageId, kind: 'missing', fields: [] });
      continue;
    }
    const fields = (Object.keys(expected) as (keyof RebuiltDisclosure)[]).filter(
      (key) => !same(expected[key], actual[key]) && !(key === 'messageId' && actual.messageId === legacyId),
    );
    if (fields.length === 0) matching += 1;
    else if (erasedClients.has(actual.clientId) && fields.every((field) => ERASURE_EXPLAINS.has(field)))
      erased.push({ messageId: expected.messageId, kind: 'changed', fields });
    else differences.push({ messageId: expected.messageId, kind: 'changed', fields });
  }
  // A message the erased pii alone made is gone from the rebuild; one the rebuild lacks never is.
  for (const [messageId, record] of byId)
    (erasedClients.has(record.clientId) ? erased : differences).push({
      messageId,
      kind: 'unexpected',
      fields: [],
    });
  return { rebuilt: rebuilt.length, stored: stored.length, matching, differences, erased };
};
