import type { EventStore } from '@casetrail/event-store';
import type { ClientIdentity, Protection } from '@casetrail/protection';
import type { Output } from './cli-error';
import { measure, ProgressBar } from './progress';

const PAGE = 500;

export interface ReindexResult {
  /** Clients whose first engagement was opened and written to the index again. */
  readonly reindexed: number;
  /** Clients erased (their engagement no longer opens) or merged into another: left alone. */
  readonly skipped: number;
  /** Events read. */
  readonly events: number;
}

interface EngagedPii {
  readonly client?: {
    readonly givenName?: string;
    readonly familyName?: string;
    readonly dateOfBirth?: string;
    readonly phone?: string;
  };
}

/**
 * `reindex-clients`: the blind-index and matching entries of clients engaged before an entry kind
 * existed (phonetic names, phone). Each client's first ClientEngaged is opened and its identity given
 * to `prepareClient`, the same idempotent writer intake uses, so a rerun (or a client indexed at
 * intake meanwhile) changes nothing. Names are never printed: counts only.
 */
export const runReindexClients = async (options: {
  readonly store: EventStore;
  readonly protection: Protection;
  readonly json: boolean;
  readonly out: Output;
  readonly now?: () => number;
}): Promise<ReindexResult> => {
  const { store, protection, out } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const head = await store.headPosition();
  const progress = new ProgressBar(out.stderr, { json: options.json });
  const seen = new Set<string>();
  let reindexed = 0;
  let skipped = 0;
  let events = 0;
  for (let after = 0; ;) {
    const page = await store.readAll(after, PAGE);
    for (const event of page.events) {
      events++;
      if (event.type !== 'ClientEngaged') continue;
      const clientId = (event.data as { clientId?: string }).clientId ?? event.streamId;
      if (seen.has(clientId)) continue;
      seen.add(clientId);
      const opened = await protection.opener.open<EngagedPii>(event.eventId, event.pii);
      const client = opened.status === 'present' ? opened.pii.client : undefined;
      if (client?.givenName === undefined || client.familyName === undefined) {
        skipped++;
        continue;
      }
      const identity: ClientIdentity = {
        givenName: client.givenName,
        familyName: client.familyName,
        dateOfBirth: client.dateOfBirth ?? null,
        phone: client.phone ?? null,
      };
      try {
        await protection.prepareClient(clientId, event.streamId, identity);
        reindexed++;
      } catch (error) {
        // Erased meanwhile: nothing of theirs may be indexed again.
        if ((error as Error).name !== 'ClientErasedError') throw error;
        skipped++;
      }
    }
    progress.update('clients', measure(page.checkpoint, head, events, (now() - started) / 1000));
    if (page.events.length === 0 || page.checkpoint <= after) break;
    after = page.checkpoint;
  }
  progress.end();
  const result = { reindexed, skipped, events };
  out.stdout.write(
    options.json
      ? `${JSON.stringify(result)}\n`
      : `Re-indexed ${reindexed} clients (${skipped} erased or unreadable left alone) from ${events} events.\n`,
  );
  return result;
};
