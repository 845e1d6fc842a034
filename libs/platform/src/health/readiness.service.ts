import { Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { StreamFamily } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  PUBLISHER_NAME,
  PublisherService,
  type CheckpointStore,
  type EventTransport,
} from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from '../config';
import { ShutdownState } from './shutdown-state';

/** What a process's readiness covers besides the database and Kafka. */
export interface ReadinessOptions {
  /** The publisher's lag (case-api, which hosts the publisher); the projector has none. */
  readonly publisherLag: boolean;
}

export const READINESS_OPTIONS = Symbol('ReadinessOptions');

/**
 * A concurrent probe shares the check under way instead of starting another: a broker that hangs
 * must not collect one call per probe. Short, so each answer is still about now.
 */
const SHARED_MS = 250;

/**
 * Liveness and readiness for the orchestrator, on terminus. Every check is bounded by
 * HEALTH_CHECK_TIMEOUT_MS: a database or broker that hangs makes readiness answer 503 within
 * that bound, never a probe that hangs itself. Answers carry states and counts, no client data.
 */
@Injectable()
export class ReadinessService {
  private readonly timeoutMs: number;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(READINESS_OPTIONS) private readonly options: ReadinessOptions,
    @Optional() private readonly publisher?: PublisherService,
  ) {
    this.timeoutMs = config.health.checkTimeoutMs;
  }

  /** The process runs its event loop: nothing is asked of a dependency (a broker down is no reason to restart). */
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid })]);
  }

  /**
   * The probe's status and body, never thrown: a 503 here is an answer, not an error (not logged,
   * not turned into a problem document, which would drop terminus's `error` section).
   */
  async answer(probe: 'live' | 'ready'): Promise<{ readonly status: 200 | 503; readonly body: unknown }> {
    try {
      return { status: 200, body: await (probe === 'live' ? this.live() : this.ready()) };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return { status: 503, body: error.getResponse() };
      throw error;
    }
  }

  async ready(): Promise<HealthCheckResult> {
    // First of all: once shutting down, never ready again, whatever the dependencies say.
    if (this.shutdown.shuttingDown)
      throw new ServiceUnavailableException({
        status: 'shutting_down',
        info: {},
        error: { shutdown: { status: 'down', message: 'shutting down' } },
        details: { shutdown: { status: 'down', message: 'shutting down' } },
      });
    return this.health.check(this.checks());
  }

  private checks(): HealthIndicatorFunction[] {
    const { projectorGroup, accessProjectorGroup } = this.config.kafka;
    return [
      () => this.bounded('database', async () => ({ position: await this.store.headPosition() })),
      ...(this.transport.ping
        ? [() => this.bounded('kafka', async () => void (await this.transport.ping?.()))]
        : []),
      ...(this.options.publisherLag ? [() => this.bounded('publisher', () => this.publisherLag())] : []),
      () => this.bounded('projector', () => this.projectorLag(projectorGroup, 'case')),
      () => this.bounded('accessProjector', () => this.projectorLag(accessProjectorGroup, 'access')),
    ];
  }

  private bounded(key: string, check: () => Promise<Record<string, unknown> | void>) {
    return this.indicators.check(key).attempt(check).withTimeout(this.timeoutMs).cacheFor(SHARED_MS);
  }

  /** Events appended but not yet published: what this process's publisher has reached, else the checkpoint. */
  private async publisherLag(): Promise<Record<string, unknown>> {
    const [head, published] = await Promise.all([
      this.store.headPosition(),
      this.publisher?.publishedPosition() ?? this.checkpoints.load(PUBLISHER_NAME),
    ]);
    const lag = Math.max(0, head - published);
    const max = this.config.health.maxPublisherLag;
    if (lag > max) throw new Error(`publisher lag ${lag} is over READY_MAX_PUBLISHER_LAG ${max}`);
    return { lag };
  }

  /** The group's lag over every partition of its topic; a consumer crashed for good is not ready, whatever its lag. */
  private async projectorLag(group: string, family: StreamFamily): Promise<Record<string, unknown>> {
    if (this.transport.stoppedConsumers?.().includes(group))
      throw new Error(`the consumer of ${group} stopped and has not joined again`);
    const lag = await this.transport.lag(group, family);
    const max = this.config.health.maxProjectorLag;
    if (lag > max) throw new Error(`lag of ${group} ${lag} is over READY_MAX_PROJECTOR_LAG ${max}`);
    return { group, lag };
  }
}
