import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  type CheckpointStore,
  type EventTransport,
} from '@casetrail/messaging';
import { CONFIG, PUBLISHER_NAME, type CasetrailConfig } from '@casetrail/platform';

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
 * How far behind the store the read models are: what the publisher has yet to send plus
 * what the projector's consumer group has yet to commit. Cached briefly, since every
 * query answer carries it and it costs a few round trips.
 */
@Injectable()
export class FreshnessService {
  private cached: { at: number; value: Freshness } | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {}

  async current(): Promise<Freshness> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.value;
    const [storePosition, publishedPosition, projectorLag] = await Promise.all([
      this.store.headPosition(),
      this.checkpoints.load(PUBLISHER_NAME),
      this.transport.lag(this.config.kafka.projectorGroup),
    ]);
    const value = {
      behindByEvents: Math.max(0, storePosition - publishedPosition) + projectorLag,
      storePosition,
      publishedPosition,
      projectorLag,
      checkedAt: new Date(now).toISOString(),
    };
    this.cached = { at: now, value };
    return value;
  }
}
