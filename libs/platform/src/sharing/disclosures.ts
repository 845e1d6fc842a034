import {
  caseDecider,
  streamFamilyOf,
  type CaseEvent,
  type CaseState,
  type ConsentNotice,
  type PartnerDisclosure,
  type PartnerDisclosures,
  type Recorded,
  type SharingContext,
} from '@casetrail/domain';
import type { PartnerFeedEventRef } from '@casetrail/contracts';
import type { EventStore, StoredEvent } from '@casetrail/event-store';
import { partnerTopic } from '@casetrail/messaging';
import type { PiiOpener } from '@casetrail/protection';
import { legacyNameBasedId, nameBasedId } from '../ids';
import type { DisclosureRecord } from './disclosure-store';

/** One message a recorded event gives rise to, before its pii is sealed and it is stamped. */
export interface PlannedMessage {
  readonly record: Omit<DisclosureRecord, 'disclosedAt'>;
  readonly event: PartnerFeedEventRef;
  readonly disclosure: PartnerDisclosure | null;
  readonly notice: ConsentNotice | null;
}

export interface DisclosurePlannerOptions {
  readonly store: Pick<EventStore, 'readStream'>;
  readonly opener: PiiOpener;
  readonly partnerDisclosures: PartnerDisclosures;
  readonly context: SharingContext;
  /** The main topic (KAFKA_TOPIC): a partner's is `<topic>.partner.<partnerId>`. */
  readonly topic: string;
  /** Case states kept for the next event of the same case; default 10 000. */
  readonly cacheSize?: number;
}

/**
 * Stable for one partner, one event and one kind: what is sent again after a crash has the same id.
 */
export const partnerMessageId = (
  partnerId: string,
  eventId: string,
  kind: DisclosureRecord['kind'],
): string => nameBasedId('partner-feed', partnerId, eventId, kind);

/** The id the same message had when recorded before ids were v5 UUIDs; for recognising those records only. */
export const legacyPartnerMessageId = (
  partnerId: string,
  eventId: string,
  kind: DisclosureRecord['kind'],
): string => legacyNameBasedId('partner-feed', partnerId, eventId, kind);

const sorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

/**
 * From the global log's events to the messages they give rise to: the one code path the
 * discloser sends by and the rebuild verifies by, so both give the same. Each event is judged on
 * the case's state before it, taken from the last event of that case it saw, else folded from the
 * stream's prefix (the store upcasts as it reads, as the command side's reads do).
 */
export class DisclosurePlanner {
  private readonly states = new Map<string, { version: number; state: CaseState }>();

  constructor(private readonly options: DisclosurePlannerOptions) {}

  async plan(stored: StoredEvent): Promise<readonly PlannedMessage[]> {
    // Access-family events are about readers, not a client's case: nothing to share.
    if (streamFamilyOf(stored.streamId) !== 'case') return [];
    const event = stored as Recorded<CaseEvent>;
    const before = await this.stateBefore(event);
    const after = caseDecider.evolve(before, event);
    this.remember(event.streamId, event.version, after);
    if (after.status === 'initial') return [];
    const opened = await this.options.opener.open<Record<string, unknown>>(event.eventId, event.pii);
    const pii = opened.status === 'present' ? (opened.pii ?? {}) : {};
    const context: SharingContext =
      event.type === 'ConsentGranted'
        ? { ...this.options.context, client: await this.engagedClient(event.streamId) }
        : this.options.context;
    const outcome = this.options.partnerDisclosures(
      before,
      // Erased pii is `{}` (the signature says so), which no event's declared pii type admits.
      { ...event, pii } as unknown as CaseEvent,
      after,
      event.recordedAt,
      context,
    );
    const ref: PartnerFeedEventRef = {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamVersion: event.version,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
    };
    const base = (partnerId: string, kind: DisclosureRecord['kind']) => ({
      messageId: partnerMessageId(partnerId, event.eventId, kind),
      clientId: after.clientId,
      partnerId,
      caseId: event.streamId,
      eventId: event.eventId,
      eventType: event.type,
      kind,
      topic: partnerTopic(this.options.topic, partnerId),
      position: event.position,
    });
    return [
      ...outcome.disclosures.map((disclosure): PlannedMessage => ({
        record: {
          ...base(disclosure.partnerId, 'disclosure'),
          consentIds: sorted(disclosure.consentIds),
          categories: sorted(disclosure.categories),
          fields: disclosure.fields.map((field) => `${field.part}.${field.path}`),
        },
        event: ref,
        disclosure,
        notice: null,
      })),
      ...outcome.notices.map((notice): PlannedMessage => ({
        record: {
          ...base(notice.partnerId, 'consent-notice'),
          consentIds: [notice.consentId],
          categories: [],
          fields: [],
        },
        event: ref,
        disclosure: null,
        notice,
      })),
    ];
  }

  /**
   * Who the client is, as their engagement recorded it (opened), for a grant to send with it; null
   * once erased. Read afresh for each grant: grants are few, and an erasure must show at once.
   */
  private async engagedClient(caseId: string): Promise<Readonly<Record<string, unknown>> | null> {
    const [first] = await this.options.store.readStream(caseId);
    if (first?.type !== 'ClientEngaged') return null;
    const opened = await this.options.opener.open<{ client?: Record<string, unknown> }>(
      first.eventId,
      first.pii,
    );
    return opened.status === 'present' ? (opened.pii?.client ?? null) : null;
  }

  private async stateBefore(event: Recorded<CaseEvent>): Promise<CaseState> {
    const cached = this.states.get(event.streamId);
    if (cached?.version === event.version - 1) return cached.state;
    if (event.version === 1) return caseDecider.initialState;
    const history = (await this.options.store.readStream(event.streamId)) as readonly Recorded<CaseEvent>[];
    return history
      .filter((e) => e.version < event.version)
      .reduce((state, e) => caseDecider.evolve(state, e), caseDecider.initialState);
  }

  private remember(caseId: string, version: number, state: CaseState): void {
    this.states.delete(caseId);
    this.states.set(caseId, { version, state });
    const max = this.options.cacheSize ?? 10_000;
    while (this.states.size > max) {
      const oldest = this.states.keys().next();
      if (oldest.done) break;
      this.states.delete(oldest.value);
    }
  }
}
