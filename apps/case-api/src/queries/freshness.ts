import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
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
  /**
   * Events committed to the store but not yet reflected in the read models (publisher + projector);
   * null while the projector's lag has never been read (Kafka has not answered since start).
   */
  readonly behindByEvents: number | null;
  readonly storePosition: number;
  readonly publishedPosition: number;
  /** The last lag read from Kafka, or null when none was; `projectorLagStale` says whether it is this check's. */
  readonly projectorLag: number | null;
  /** True when Kafka did not answer within the bound and `projectorLag` is the last value read (or unknown). */
  readonly projectorLagStale: boolean;
  /** When `projectorLag` was read from Kafka; null when it never was. */
  readonly projectorLagCheckedAt: string | null;
  readonly checkedAt: string;
}

const CACHE_MS = 500;
/**
 * How long an answer waits for Kafka's lag. Kafka down used to hold every read (and /status for
 * 15 s) while kafkajs retried; past this the answer carries the last value read, marked stale.
 * Long enough that a healthy broker on a busy machine answers within it (a stale value is only a
 * sign of trouble), short enough for the 2 s an answer may take.
 */
export const LAG_WAIT_MS = 1_000;
/** A call to Kafka older than this is given up on (kafkajs retries a refused broker for about 100 s) and a new one made. */
const LAG_CALL_ABANDONED_MS = 30_000;
/**
 * Past this many unpublished events they are not read to be sorted by family, all of them count:
 * a read that far behind would page through the log (FerretDB decodes pages whole).
 */
const COUNTED_UNPUBLISHED = 16;

/** A lag read from Kafka, and when. */
interface LagReading {
  readonly lag: number;
  readonly at: number;
  /** The call that read it. */
  readonly by: object;
}

/**
 * The projector's lag per family, read from Kafka one call at a time: a call that Kafka does not
 * answer is left to finish (or fail) in the background while answers use the last reading.
 */
export class LagCache {
  private readonly last = new Map<StreamFamily, LagReading>();
  private readonly inFlight = new Map<StreamFamily, { since: number; by: object; reading: Promise<void> }>();

  constructor(
    private readonly read: (family: StreamFamily) => Promise<number>,
    private readonly waitMs: number,
    private readonly abandonedMs = LAG_CALL_ABANDONED_MS,
  ) {}

  /** The lag now if Kafka answers within the bound, else the last reading (fresh: false). */
  async current(family: StreamFamily): Promise<{ reading: LagReading | null; fresh: boolean }> {
    const asked = Date.now();
    let call = this.inFlight.get(family);
    if (!call || asked - call.since > this.abandonedMs) {
      const since = asked;
      const by = {};
      const reading = this.read(family).then(
        (lag) => {
          const last = this.last.get(family);
          // An abandoned call that answers late must not overwrite a newer reading.
          if (!last || last.at <= since) this.last.set(family, { lag, at: Date.now(), by });
        },
        // Kafka unavailable: the answers say the lag is stale; the next check asks again.
        () => undefined,
      );
      const started = {
        since,
        by,
        reading: reading.finally(() => {
          if (this.inFlight.get(family) === started) this.inFlight.delete(family);
        }),
      };
      call = started;
      this.inFlight.set(family, call);
    }
    // A call already past the bound is not waited for again: one slow call slows one answer.
    const remaining = this.waitMs - (asked - call.since);
    if (remaining > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        call.reading,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
    }
    const reading = this.last.get(family) ?? null;
    // Fresh: read by the call this check waited for, not left from an earlier one.
    return { reading, fresh: reading !== null && reading.by === call.by };
  }
}

/**
 * How far behind the store the read models are: what the publisher has yet to send plus
 * what the projector's consumer group has yet to commit. Cached briefly, since every
 * query answer carries it and it costs a few round trips.
 */
@Injectable()
export class FreshnessService implements OnApplicationBootstrap {
  private readonly cached = new Map<StreamFamily, { at: number; value: Freshness }>();
  private readonly pending = new Map<StreamFamily, Promise<Freshness>>();
  private readonly lags: LagCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    private readonly publisher: PublisherService,
  ) {
    this.lags = new LagCache(
      (family) =>
        this.transport.lag(
          family === 'access' ? this.config.kafka.accessProjectorGroup : this.config.kafka.projectorGroup,
          family,
        ),
      LAG_WAIT_MS,
    );
  }

  /** The first answers find a lag read already, not one just asked for. */
  onApplicationBootstrap(): void {
    void this.lags.current('case');
    void this.lags.current('access');
  }

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
    const [storePosition, publishedPosition, lag] = await Promise.all([
      this.store.headPosition(),
      // The publisher here knows how far it got; the checkpoint it saves lags by up to its interval.
      this.publisher.publishedPosition() ?? this.checkpoints.load(PUBLISHER_NAME),
      this.lags.current(family),
    ]);
    const unpublished = await this.unpublishedOf(family, publishedPosition, storePosition);
    const projectorLag = lag.reading?.lag ?? null;
    const value: Freshness = {
      behindByEvents: projectorLag === null ? null : unpublished + projectorLag,
      storePosition,
      publishedPosition,
      projectorLag,
      projectorLagStale: !lag.fresh,
      projectorLagCheckedAt: lag.reading ? new Date(lag.reading.at).toISOString() : null,
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
