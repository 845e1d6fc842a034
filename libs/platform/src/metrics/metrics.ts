import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { PublisherObserver, TransportObserver } from '@casetrail/messaging';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const METRICS = Symbol('CasetrailMetrics');

/** Command outcomes as the handler sees them; any other failure is `error`. */
export type CommandOutcome = 'ok' | 'rejected' | 'conflict' | 'error';

/**
 * Why a message was parked: it never decoded as an event, or a subscriber could not apply it.
 * Two values, not the free-text reason: a label must stay bounded, and the text may name an id.
 */
export const DEAD_LETTER_REASONS = ['undecodable', 'unappliable'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One process's metrics on a registry of its own (never prom-client's global one: tests run several
 * apps in one process). Every label is bounded: route templates, command types, read-model names,
 * partitions; never a case id, a user id or anything a client said.
 */
export class CasetrailMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly commandDuration: Histogram<'command' | 'outcome'>;
  readonly appendDuration: Histogram;
  readonly publisherLag: Gauge;
  readonly publishedEvents: Counter;
  readonly projectorLag: Gauge<'partition' | 'topic'>;
  readonly applyDuration: Histogram<'read_model'>;
  readonly deadLetters: Counter<'reason'>;
  readonly accessLogWriteDuration: Histogram;
  /** How far the store's head is ahead of what this process's publisher published (set by the module). */
  private publisherLagSource: (() => Promise<number | null>) | null = null;

  constructor(readonly processName: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.commandDuration = new Histogram({
      name: 'casetrail_command_duration_seconds',
      help: 'Case commands from load to append, by command type and outcome (ok, rejected, conflict, error)',
      labelNames: ['command', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'casetrail_event_append_duration_seconds',
      help: 'Appends to the event store (one conditional write of a command or access entry)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const lagSource = () => this.publisherLagSource;
    this.publisherLag = new Gauge({
      name: 'casetrail_publisher_lag_events',
      help: "Events committed to the store and not yet published by this process's publisher",
      registers,
      async collect() {
        const source = lagSource();
        const lag = source ? await source().catch(() => null) : null;
        // Unknown (not publishing here, or its position in doubt): NaN, which a graph shows as a gap, not a false 0.
        this.set(lag ?? Number.NaN);
      },
    });
    this.publishedEvents = new Counter({
      name: 'casetrail_publisher_published_events_total',
      help: 'Events the publisher handed to the transport',
      registers,
    });
    this.projectorLag = new Gauge({
      name: 'casetrail_projector_lag_messages',
      help: "Messages on a partition after the projector's last handled batch",
      labelNames: ['partition', 'topic'],
      registers,
    });
    this.applyDuration = new Histogram({
      name: 'casetrail_projector_apply_duration_seconds',
      help: 'One batch applied to one read model',
      labelNames: ['read_model'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.deadLetters = new Counter({
      name: 'casetrail_dead_letters_total',
      help: 'Messages parked as dead letters, by reason (undecodable, unappliable)',
      labelNames: ['reason'],
      registers,
    });
    // Both reasons from the first scrape, so a rate() over them has a zero to start from.
    for (const reason of DEAD_LETTER_REASONS) this.deadLetters.inc({ reason }, 0);
    this.accessLogWriteDuration = new Histogram({
      name: 'casetrail_access_log_write_duration_seconds',
      help: 'Recording one access-log entry (awaited before a read answers)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  /** For the publisher: its throughput, and where its lag is read from at each scrape. */
  publisherObserver(): PublisherObserver {
    return {
      published: (count) => this.publishedEvents.inc(count),
      watchLag: (source) => {
        this.publisherLagSource = source;
      },
    };
  }

  /** For the transport: dead letters, and each partition's lag after a handled batch. */
  transportObserver(): TransportObserver {
    return {
      deadLettered: (reason, count) => this.deadLetters.inc({ reason }, count),
      consumed: (topic, partition, lag) =>
        this.projectorLag.set({ topic, partition: String(partition) }, lag),
    };
  }

  /** Times `work` into `histogram`, with labels that may depend on how it ended. */
  async time<T, L extends string>(
    histogram: Histogram<L>,
    work: () => Promise<T>,
    labels: (error: unknown) => Partial<Record<L, string>> = () => ({}),
  ): Promise<T> {
    const end = histogram.startTimer();
    try {
      const result = await work();
      end(labels(null));
      return result;
    } catch (error) {
      end(labels(error ?? new Error('rejected')));
      throw error;
    }
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** ::ffff:127.0.0.1 is IPv4 loopback as a dual-stack socket reports it. */
export const isLoopback = (address: string | undefined): boolean => {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (plain === '::1') return true;
  return isIP(plain) === 4 && plain.startsWith('127.');
};

/**
 * Who may scrape: anyone on loopback (judged by the socket, never by X-Forwarded-For, which a
 * caller writes), anyone else only with the configured bearer token, compared in constant time.
 * No token configured: loopback only.
 */
export const mayScrape = (
  remoteAddress: string | undefined,
  authorization: string | undefined,
  token: string | null,
): boolean => {
  if (isLoopback(remoteAddress)) return true;
  if (token === null || authorization === undefined) return false;
  const match = /^Bearer (.+)$/i.exec(authorization.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const wanted = Buffer.from(token);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the guess.
  return given.length === wanted.length ? timingSafeEqual(given, wanted) : !timingSafeEqual(wanted, wanted);
};
