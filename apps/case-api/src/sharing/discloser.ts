import type { PartnerFeedMessage } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';
import type { EventTransport, PartnerFeedSink } from '@casetrail/messaging';
import type { SealedPii } from '@casetrail/protection';
import type { DisclosureRecord, DisclosureStore } from '@casetrail/platform';
import type { DisclosurePlanner, PlannedMessage } from '@casetrail/platform';

/** The discloser's checkpoint and lease name. */
export const DISCLOSER_NAME = 'discloser';

export interface DiscloserOptions {
  readonly planner: Pick<DisclosurePlanner, 'plan'>;
  readonly records: Pick<DisclosureStore, 'record'>;
  readonly sink: Pick<PartnerFeedSink, 'send'>;
  readonly seal: (partnerId: string, messageId: string, pii: Record<string, unknown>) => Promise<SealedPii>;
  readonly clock: () => string;
}

/**
 * Sends what each event discloses to each partner, in the global log's order. Each message is
 * recorded in the accounting before it is sent: a message sent and not recorded would be a
 * disclosure the client cannot learn of; one recorded and not sent (a crash between) is recorded
 * again with the same id and sent on the rerun, since the checkpoint moves only after the batch.
 */
export class Discloser {
  constructor(private readonly options: DiscloserOptions) {}

  async disclose(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events)
      for (const planned of await this.options.planner.plan(event)) {
        const message = await this.messageOf(planned);
        const record: DisclosureRecord = { ...planned.record, disclosedAt: this.options.clock() };
        await this.options.records.record(record);
        await this.options.sink.send(record.topic, message);
      }
  }

  private async messageOf({
    record,
    event,
    disclosure,
    notice,
  }: PlannedMessage): Promise<PartnerFeedMessage> {
    const pii = disclosure?.pii ?? {};
    return {
      messageId: record.messageId,
      kind: record.kind,
      partnerId: record.partnerId,
      caseId: record.caseId,
      clientId: record.clientId,
      event,
      consentIds: record.consentIds,
      categories: record.categories,
      fields: record.fields,
      data: disclosure?.data ?? {},
      pii:
        Object.keys(pii).length === 0
          ? null
          : await this.options.seal(record.partnerId, record.messageId, pii),
      notice: notice
        ? {
            consentId: notice.consentId,
            change: notice.change,
            effectiveAt: notice.effectiveAt,
            categories: [...notice.categories].sort(),
            until: notice.until,
          }
        : null,
    };
  }
}

/**
 * The Publisher's transport, as far as it uses one: a batch "published" is a batch disclosed. So
 * the discloser reuses the publisher's checkpoint, lease, batching and wake-up after an append.
 */
export const disclosingTransport = (discloser: Discloser): EventTransport => ({
  publish: (events) => discloser.disclose(events),
  subscribe: () => Promise.reject(new Error('The discloser only sends; nothing subscribes to it')),
  lag: () => Promise.resolve(0),
  close: () => Promise.resolve(),
});
