import type { PartnerDisclosures, SharingContext } from '@casetrail/domain';
import type { EventStore } from '@casetrail/event-store';
import type { PiiOpener } from '@casetrail/protection';
import type { DisclosureStore } from '@casetrail/platform';
import { DisclosurePlanner } from '@casetrail/platform';
import { compareDisclosures, rebuildDisclosures } from '@casetrail/platform';
import type { Output } from './cli-error';

export interface DisclosuresVerifyOptions {
  readonly store: EventStore;
  readonly opener: PiiOpener;
  readonly records: Pick<DisclosureStore, 'all'>;
  /** Whether the client's data was erased (their key destroyed). */
  readonly isErased: (clientId: string) => Promise<boolean>;
  readonly partnerDisclosures: PartnerDisclosures;
  readonly context: SharingContext;
  readonly topic: string;
  readonly json: boolean;
  readonly out: Output;
}

/** How many differences the text summary names one by one. */
const LISTED = 20;

/**
 * Recomputes every disclosure from the event store alone, by the discloser's own planner, and
 * compares it with the accounting. Exit 1 on any difference. Prints ids and field names only.
 */
export const runDisclosuresVerify = async (options: DisclosuresVerifyOptions): Promise<number> => {
  const planner = new DisclosurePlanner({
    store: options.store,
    opener: options.opener,
    partnerDisclosures: options.partnerDisclosures,
    context: options.context,
    topic: options.topic,
  });
  const stored = await options.records.all();
  const erasedClients = new Set<string>();
  for (const clientId of new Set(stored.map((record) => record.clientId)))
    if (await options.isErased(clientId)) erasedClients.add(clientId);
  const comparison = compareDisclosures(
    await rebuildDisclosures(options.store, planner),
    stored,
    erasedClients,
  );
  const ok = comparison.differences.length === 0;
  if (options.json) {
    options.out.stdout.write(`${JSON.stringify({ ok, ...comparison })}\n`);
  } else {
    options.out.stdout.write(
      `${ok ? 'OK' : 'DIFFERENT'}: ${comparison.rebuilt} disclosure(s) rebuilt from the event store, ` +
        `${comparison.stored} recorded, ${comparison.matching} matching, ${comparison.differences.length} different\n`,
    );
    for (const difference of comparison.differences.slice(0, LISTED))
      options.out.stdout.write(
        `  ${difference.kind} ${difference.messageId}${difference.fields.length > 0 ? ` (${difference.fields.join(', ')})` : ''}\n`,
      );
    if (comparison.erased.length > 0)
      options.out.stdout.write(
        `  ${comparison.erased.length} more differ only where an erased client's data can no longer be opened\n`,
      );
    if (comparison.differences.length > LISTED)
      options.out.stdout.write(
        `  … and ${comparison.differences.length - LISTED} more (--json lists them all)\n`,
      );
  }
  return ok ? 0 : 1;
};
