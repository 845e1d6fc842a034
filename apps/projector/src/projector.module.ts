import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@casetrail/event-store';
import {
  consumerTraceFields,
  exportSpan,
  timing,
  tracingEnabled,
  EVENT_TRANSPORT,
  type DeadLetter,
  type EventTransport,
  type Subscription,
} from '@casetrail/messaging';
import {
  AccessLogProjector,
  PROJECTIONS,
  ProjectionRunner,
  READ_MODEL_STORE,
  type GapReport,
  type ReadModelStore,
} from '@casetrail/read-models';
import { CONFIG, METRICS, type CasetrailConfig, type CasetrailMetrics } from '@casetrail/platform';
import { STALL_WATCH, StallWatch, type StallWatchOptions } from './stall-watch';

/**
 * Consumes case events and keeps every case read model, and access events for the
 * access_log (a second subscription: another topic, another group); safe to redeliver to.
 */
@Injectable()
export class ProjectorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projector');
  private subscription: Subscription | null = null;
  private accessSubscription: Subscription | null = null;
  private readonly runners: ProjectionRunner<never>[];
  /** Each runner's read model (its collection), in the runners' order: the metrics' label. */
  private readonly readModels = PROJECTIONS.map((projection) => projection.collection);
  private readonly accessLog: AccessLogProjector;
  private readonly stalls: StallWatch;

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    // A message that is not the next version of its document is checked against the store.
    @Inject(EVENT_STORE) store: EventStore,
    @Optional() @Inject(STALL_WATCH) stallWatch?: StallWatchOptions,
    @Optional() @Inject(METRICS) private readonly metrics?: CasetrailMetrics,
  ) {
    this.stalls = new StallWatch(transport, stallWatch);
    const options = { source: store, onGap: (gap: GapReport) => this.reportGap(gap) };
    this.runners = PROJECTIONS.map(
      (projection) => new ProjectionRunner(projection, readModels, projection.collection, options),
    ) as ProjectionRunner<never>[];
    this.accessLog = new AccessLogProjector(readModels);
  }

  /** Ids and versions only: a message's content may name a client. */
  private reportGap(gap: GapReport): void {
    const where = `${gap.projection} ${gap.streamId}: expected v${gap.expected}, got v${gap.received}`;
    if (gap.outcome === 'unknown') {
      this.logger.warn(`${where}, which the event store does not have: dead-lettered, not applied`);
      return;
    }
    const notes = [
      gap.missing.length > 0 ? `store has no v${gap.missing.join(', v')}` : '',
      gap.skipped.length > 0 ? `poison v${gap.skipped.join(', v')} skipped` : '',
    ].filter(Boolean);
    this.logger.warn(
      `${where}; filled from the event store (${gap.filled} applied${notes.length > 0 ? `; ${notes.join('; ')}` : ''})`,
    );
  }

  /** Access events into the access_log. A store error throws: the batch comes again. */
  async handleAccess(events: readonly StoredEvent[]): Promise<readonly DeadLetter[]> {
    await this.timed('access_log', () => this.accessLog.applyBatch(events));
    return [];
  }

  /** One batch through every projection; what a projection cannot apply comes back as dead letters. */
  async handle(events: readonly StoredEvent[]): Promise<readonly DeadLetter[]> {
    const letters: DeadLetter[] = [];
    const [startedAt, wallStart] = [performance.now(), Date.now()];
    // Each projection has its own collection: they need not wait for each other's round trips.
    // A store error in any of them fails the batch, which comes again; the others' writes are
    // harmless to repeat (the version guard).
    const outcomes = await Promise.all(
      this.runners.map((runner, i) => this.timed(this.readModels[i]!, () => runner.applyBatch(events))),
    );
    for (const outcome of outcomes) {
      for (const poison of outcome.poisoned) {
        this.logger.warn(`Dead-lettered: ${poison.message}`);
        letters.push({ event: poison.event, reason: poison.message });
      }
    }
    const took = timing(startedAt, wallStart);
    // Ids only, never content: one line per event so a command's correlation id can be followed here.
    for (const event of events) {
      // The apply's own span, a child of the publisher's (the message's traceparent header).
      const trace = consumerTraceFields(event);
      if (trace && tracingEnabled())
        exportSpan({
          name: 'apply read models',
          kind: 'consumer',
          ...trace,
          ...took,
          attributes: {
            'casetrail.event_type': event.type,
            'casetrail.event_id': event.eventId,
            'casetrail.version': event.version,
          },
        });
      this.logger.debug({
        msg: 'Applied',
        eventId: event.eventId,
        eventType: event.type,
        caseId: event.streamId,
        version: event.version,
        correlationId: event.correlationId,
        causationId: event.causationId,
        ...(trace ?? {}),
      });
    }
    // One event poisoning two projections is parked once (a forged copy of an event is another message).
    return [...new Map(letters.map((l) => [`${l.event.eventId}@${l.event.version}`, l])).values()];
  }

  /** The read model's collection name as the label: a fixed set, one per projection. */
  private timed<T>(readModel: string, apply: () => Promise<T>): Promise<T> {
    if (!this.metrics) return apply();
    return this.metrics.time(this.metrics.applyDuration, apply, () => ({ read_model: readModel }));
  }

  async onModuleInit(): Promise<void> {
    const { projectorGroup, accessProjectorGroup } = this.config.kafka;
    this.subscription = await this.transport.subscribe(
      projectorGroup,
      this.stalls.watch(projectorGroup, 'case', (events) => this.handle(events)),
    );
    this.logger.log(`Projecting case events (group ${this.config.kafka.projectorGroup})`);
    await this.accessLog.init();
    this.accessSubscription = await this.transport.subscribe(
      accessProjectorGroup,
      this.stalls.watch(accessProjectorGroup, 'access', (events) => this.handleAccess(events)),
      'access',
    );
    this.logger.log(`Projecting access events (group ${this.config.kafka.accessProjectorGroup})`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stalls.stop();
    await this.subscription?.close();
    await this.accessSubscription?.close();
  }
}

@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {
  /** The projector with what to do when a consumer stalls (the app: exit non-zero). */
  static watched(options: StallWatchOptions): DynamicModule {
    return { module: ProjectorModule, providers: [{ provide: STALL_WATCH, useValue: options }] };
  }
}
