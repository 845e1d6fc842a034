import { Inject, Injectable } from '@nestjs/common';
import { streamFamilyOf, type StreamFamily } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  PUBLISHER_NAME,
  PublisherService,
  type CheckpointStore,
  type EventTransport,
} from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';

export interface Freshness {
  /** Events committed to the store but not yet reflected in the read models (publisher + projector). */
  readonly behindByEvents: number;
  readonly storePosition: number;
  readonly publishedPosition: number;
  readonly projectorLag: number;
  readonly checkedAt: string;
}

const CACHE_MS = 500;
/**
 * Past this many unpublished events they are not read to be sorted by family, all of them count:
 * a read that far behind would page through the log (FerretDB decodes pages whole).
 */
const COUNTED_UNPUBLISHED = 16;

/**
 * How far behind the store the read models are: what the publisher has yet to send plus
 * what the projector's consumer group has yet to commit. Cached briefly, since every
 * query answer carries it and it costs a few round trips.
 */
@Injectable()
export class FreshnessService {
  private readonly cached = new Map<StreamFamily, { at: number; value: Freshness }>();
  private readonly pending = new Map<StreamFamily, Promise<Freshness>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    private readonly publisher: PublisherService,
  ) {}

  /** For the case read models, or (`access`) for the access_log, which has its own consumer group. */
  async current(family: StreamFamily = 'case'): Promise<Freshness> {
    const cached = this.cached.get(family);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
    // One check at a time: concurrent answers that find the value stale share the one under way.
    let pending = this.pending.get(family);
    if (!pending) {
      pending = this.check(family).finally(() => this.pending.delete(family));
      this.pending.set(family, pending);
    }
    return pending;
  }

  private async check(family: StreamFamily): Promise<Freshness> {
    const now = Date.now();
    const group =
      family === 'access' ? this.config.kafka.accessProjectorGroup : this.config.kafka.projectorGroup;
    const [storePosition, publishedPosition, projectorLag] = await Promise.all([
      this.store.headPosition(),
      // The publisher here knows how far it got; the checkpoint it saves lags by up to its interval.
      this.publisher.publishedPosition() ?? this.checkpoints.load(PUBLISHER_NAME),
      this.transport.lag(group, family),
    ]);
    const unpublished = await this.unpublishedOf(family, publishedPosition, storePosition);
    const value = {
      behindByEvents: unpublished + projectorLag,
      storePosition,
      publishedPosition,
      projectorLag,
      checkedAt: new Date(now).toISOString(),
    };
    this.cached.set(family, { at: now, value });
    return value;
  }

  /**
   * Unpublished events of this family only: the other family's never reach these read models
   * (every read of client data appends an access event, which would otherwise keep a caseload
   * answer one behind for ever). Few, as a rule, and read by `_id` steps at the log's end.
   */
  private async unpublishedOf(family: StreamFamily, published: number, head: number): Promise<number> {
    const unpublished = Math.max(0, head - published);
    if (unpublished === 0 || unpublished > COUNTED_UNPUBLISHED) return unpublished;
    const { events } = await this.store.readAll(published, unpublished);
    return events.filter((event) => streamFamilyOf(event.streamId) === family).length;
  }
}
