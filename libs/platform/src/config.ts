import { resolve } from 'node:path';
import { z } from 'zod';
import {
  APPROVAL_KINDS,
  type ApprovalKind,
  INFORMATION_CATEGORIES,
  isTimeZone,
  type InformationCategory,
} from '@casetrail/domain';
import {
  booleanVariable,
  enumVariable,
  fail,
  IDENTITY_RULES,
  IDENTITY_VARIABLES,
  identityConfigFrom,
  integerVariable,
  parseEnvironment,
  textVariable,
  type CrossRule,
  type EnvValues,
  type EnvVariable,
  type EnvVariables,
  type IdentityConfig,
} from '@casetrail/identity';
import { parseMasterKey } from '@casetrail/protection';

/** Everything configurable, read once from the environment at start-up. */
export interface CasetrailConfig {
  readonly mode: 'embedded' | 'external';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * AGENCY_TIME_ZONE (IANA name, default UTC): where the agency's days begin. A calendar date given where
   * a moment is asked for means the start of that day here, and "the day it happened" is counted here.
   */
  readonly agencyTimeZone: string;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topic: string;
    /** The access log's events, for the agency's security monitoring. */
    readonly accessTopic: string;
    readonly partitions: number;
    readonly replicationFactor: number;
    readonly projectorGroup: string;
    /** The projector's group on the access topic (a group of its own: another topic). */
    readonly accessProjectorGroup: string;
  };
  readonly mongo: {
    readonly uri: string;
    readonly database: string;
    /** How long anything waits on a database that does not answer (mongo-client.ts says why). */
    readonly timeouts: {
      readonly serverSelectionMs: number;
      readonly connectMs: number;
      readonly socketMs: number;
    };
    /** Connections per process at most (MONGODB_MAX_POOL_SIZE). */
    readonly maxPoolSize: number;
  };
  readonly publisher: {
    readonly enabled: boolean;
    readonly batchSize: number;
    readonly idleMs: number;
    readonly checkpointIntervalMs: number;
    /**
     * External mode: how long a publisher that stops renewing its lease keeps the others waiting
     * (PUBLISHER_LEASE_TTL_MS), and how often the lease is renewed and watched (PUBLISHER_LEASE_RENEW_MS).
     */
    readonly leaseTtlMs: number;
    readonly leaseRenewMs: number;
  };
  /** Which bearer tokens are trusted, and how their claims become the principal. */
  readonly identity: IdentityConfig;
  /**
   * Client data protection. The master key is never read into this object: `masterKeyEnv` names
   * the environment it comes from (CASETRAIL_MASTER_KEY or CASETRAIL_MASTER_KEY_FILE; embedded
   * mode falls back to `<dataDir>/master.key`, made on first start).
   */
  readonly protection: {
    readonly masterKeyEnv: NodeJS.ProcessEnv;
    /** KEY_CACHE_SIZE: unwrapped data keys a process keeps at most. */
    readonly keyCacheSize: number;
    /** KEY_CACHE_TTL_MS: how long another process may go on opening a client's data after their erasure. */
    readonly keyCacheTtlMs: number;
    /** ANCHOR_INTERVAL_MS: how often the log's signed digest is written (0: never, only by the CLI). */
    readonly anchorIntervalMs: number;
  };
  /** Consent-governed sharing with partner organisations (issue #12). */
  readonly sharing: {
    /** PARTNER_FEEDS (default on; `0`/`false` off): case-api runs the discloser, which sends each partner its feed. */
    readonly partnerFeeds: boolean;
    /**
     * PROGRAM_CATEGORIES: a JSON object from program id to the category its mere name tells (a Part 2
     * substance-use program: `{"prg-recovery":"substance_use"}`); default none.
     */
    readonly programCategories: Readonly<Record<string, InformationCategory>>;
  };
  readonly http: {
    /** CORS_ORIGINS: the browser origins allowed to call the API; none means CORS stays off. */
    readonly corsOrigins: readonly string[];
    /** RATE_LIMIT_PER_MINUTE per principal (per IP on public routes); 0 turns it off. */
    readonly rateLimitPerMinute: number;
  };
  readonly intake: {
    /**
     * INTAKE_DUPLICATE_CHECK (default on): POST /cases answers 409 POSSIBLE_DUPLICATE for a new client
     * likely to be a known one. Off only where fixtures engage one person many times.
     */
    readonly duplicateCheck: boolean;
  };
  readonly observability: {
    readonly logLevel: LogLevel;
    readonly tracesExporter: TracesExporter;
    /** OTEL_EXPORTER_OTLP_ENDPOINT, or null for the exporter's own default. */
    readonly otlpEndpoint: string | null;
    readonly metricsEnabled: boolean;
    /** METRICS_TOKEN; null: /metrics answers only loopback callers. */
    readonly metricsToken: string | null;
  };
  readonly health: {
    readonly checkTimeoutMs: number;
    /** Events not yet published above which readiness fails. */
    readonly maxPublisherLag: number;
    /** Messages not yet projected above which readiness fails. */
    readonly maxProjectorLag: number;
  };
  readonly shutdown: {
    /** How long in-flight work may take to finish after SIGTERM. */
    readonly drainMs: number;
  };
  readonly projector: {
    /** The projector's HTTP listener (health and metrics), on HOST. */
    readonly port: number;
  };
  /** Issue #14: which steps need a second person's approval, per program. */
  readonly approvals: {
    readonly byProgram: Readonly<Record<string, readonly ApprovalStep[]>>;
  };
  /** Issue #14: the "due soon" reminders case-api sends for appointments and tasks. */
  readonly reminders: {
    /** REMINDERS_ENABLED: run the reminder service inside case-api. */
    readonly enabled: boolean;
    /** REMINDER_SCAN_MS: how often the agenda is scanned for items due soon. */
    readonly scanMs: number;
    /** REMINDER_LEAD_MINUTES: how long before an item is due its reminder goes out. */
    readonly leadMinutes: number;
  };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const TRACES_EXPORTERS = ['none', 'console', 'otlp'] as const;
export type TracesExporter = (typeof TRACES_EXPORTERS)[number];
/** The domain's list: what the handler passes into a command must be what the decider knows. */
export const APPROVAL_STEPS = APPROVAL_KINDS;
export type ApprovalStep = ApprovalKind;

export const CONFIG = Symbol('CasetrailConfig');

/** `https://app.agency.example`, `http://localhost:5173`: scheme, host and port, nothing else. */
const isOrigin = (origin: string): boolean => {
  try {
    const parsed = new URL(origin);
    return ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
  } catch {
    return false;
  }
};

const list = (raw: string): string[] => [
  ...new Set(
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
];

/** A JSON object whose values each pass `value`; `rule` completes "NAME must be ...". */
const jsonObject = <T>(name: string, rule: string, value: (v: unknown, key: string) => string | null) =>
  z.string().transform((raw, ctx): Readonly<Record<string, T>> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return fail(ctx, `${name} must be ${rule}: not JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return fail(ctx, `${name} must be ${rule}`);
    for (const [key, v] of Object.entries(parsed)) {
      const problem = value(v, key);
      if (problem !== null) return fail(ctx, `${name}: ${problem}`);
    }
    return parsed as Record<string, T>;
  });

const SHAREABLE_CATEGORIES = INFORMATION_CATEGORIES.filter((c) => c !== 'case_record');

const masterKey = (name: string) =>
  z.string().transform((raw, ctx) => {
    try {
      parseMasterKey(raw, name);
      return raw;
    } catch (error) {
      return fail(ctx, error instanceof Error ? error.message : `${name} must be a base64 key of 32 bytes`);
    }
  });

/**
 * Every environment variable the apps read, in one schema: how each parses, its default and range,
 * and the line `.env.example` and README's table show for it (both generated from this: config-docs.ts).
 */
export const CONFIG_VARIABLES = {
  KAFKA_BROKERS: {
    schema: z
      .string()
      .transform(list)
      .pipe(z.array(z.string().regex(/^[^\s:,]+:\d{1,5}$/)).min(1)),
    fallback: [] as readonly string[],
    rule: 'a comma-separated list of host:port',
    default: null,
    description: 'Kafka brokers; with MONGODB_URI selects external mode (unset: embedded mode)',
  } satisfies EnvVariable<readonly string[]>,
  MONGODB_URI: textVariable({
    fallback: null,
    rule: 'a mongodb:// or mongodb+srv:// connection string',
    schema: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/),
    secret: true,
    description: 'MongoDB connection string; with KAFKA_BROKERS selects external mode (unset: embedded mode)',
  }),
  MONGODB_DATABASE: textVariable({
    fallback: 'casetrail',
    rule: 'a database name of at most 63 characters without spaces, /, \\, ., " or $',
    schema: z.string().regex(/^[^\s/\\."$]{1,63}$/),
    description: 'database name',
  }),
  HOST: textVariable({ fallback: '127.0.0.1', description: 'HTTP bind address (case-api and projector)' }),
  PORT: integerVariable({
    min: 0,
    max: 65535,
    fallback: 3000,
    description: "case-api's HTTP port (0: any free one)",
  }),
  CASETRAIL_DATA_DIR: textVariable({
    fallback: '.data',
    description: "embedded mode's journal directory, its master key, and the development issuer's key",
  }),
  AGENCY_TIME_ZONE: textVariable({
    fallback: 'UTC',
    rule: 'an IANA time zone such as Europe/London',
    schema: z.string().refine(isTimeZone),
    description:
      "IANA zone where the agency's days begin: a date given for a moment is the start of that day there",
  }),
  ...IDENTITY_VARIABLES,
  CORS_ORIGINS: {
    schema: z.string().transform((raw, ctx) => {
      const origins = list(raw);
      for (const origin of origins)
        if (!isOrigin(origin))
          return fail(
            ctx,
            `CORS_ORIGINS must list origins such as https://app.agency.example (scheme://host[:port], no path, no "*"), got "${origin}"`,
          );
      return origins;
    }),
    fallback: [] as readonly string[],
    rule: 'a comma-separated list of origins such as https://app.agency.example',
    default: null,
    description: 'browser origins allowed to call the API (unset: CORS off)',
  } satisfies EnvVariable<readonly string[]>,
  RATE_LIMIT_PER_MINUTE: integerVariable({
    min: 0,
    max: 1_000_000,
    fallback: 600,
    description: 'requests per principal (per IP on public routes) per minute, 0 for no limit',
  }),
  KAFKA_TOPIC: textVariable({
    fallback: 'casetrail.case-events.v1',
    rule: 'a Kafka topic name (letters, digits, ., _, -)',
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/),
    description: 'case events topic',
  }),
  KAFKA_ACCESS_TOPIC: textVariable({
    fallback: 'casetrail.access-events.v1',
    rule: 'a Kafka topic name (letters, digits, ., _, -)',
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/),
    description: 'access events topic: the access log, for security monitoring',
  }),
  KAFKA_PARTITIONS: integerVariable({
    min: 1,
    max: 10_000,
    fallback: 6,
    description: 'partitions when the app creates the topic; fixed afterwards (changing it would move cases)',
  }),
  KAFKA_REPLICATION_FACTOR: integerVariable({
    min: 1,
    max: 32,
    fallback: 1,
    description: 'replication when the app creates the topic; use 3 on a production cluster',
  }),
  KAFKA_CLIENT_ID: textVariable({ fallback: 'casetrail', description: 'Kafka client id' }),
  PROJECTOR_GROUP: textVariable({
    fallback: 'casetrail-projector',
    description: "the projector's consumer group (the access topic's group adds -access)",
  }),
  PUBLISHER_ENABLED: booleanVariable({ fallback: true, description: 'run the publisher inside case-api' }),
  PUBLISHER_BATCH_SIZE: integerVariable({
    min: 1,
    max: 100_000,
    fallback: 500,
    description: 'events per publish',
  }),
  PUBLISHER_IDLE_MS: integerVariable({
    min: 1,
    max: 3_600_000,
    fallback: 200,
    description: 'publisher poll interval when idle',
  }),
  PUBLISHER_CHECKPOINT_MS: integerVariable({
    min: 0,
    max: 3_600_000,
    fallback: 1000,
    description: 'how often at most the publisher saves its checkpoint while events keep coming',
  }),
  PUBLISHER_LEASE_TTL_MS: integerVariable({
    min: 100,
    max: 3_600_000,
    fallback: 10_000,
    description: 'external mode: how long a publisher that stops renewing its lease keeps the others waiting',
  }),
  PUBLISHER_LEASE_RENEW_MS: integerVariable({
    min: 10,
    max: 3_600_000,
    fallback: 2_000,
    description: 'how often the lease is renewed and watched; less than PUBLISHER_LEASE_TTL_MS',
  }),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: integerVariable({
    min: 1,
    max: 600_000,
    fallback: 1000,
    description: 'how long a request waits for the database before it answers 503',
  }),
  MONGODB_CONNECT_TIMEOUT_MS: integerVariable({
    min: 1,
    max: 600_000,
    fallback: 5000,
    description: 'connection bound',
  }),
  MONGODB_SOCKET_TIMEOUT_MS: integerVariable({
    min: 0,
    max: 3_600_000,
    fallback: 30_000,
    description: 'socket (and pool wait) bound, 0 for none',
  }),
  MONGODB_MAX_POOL_SIZE: integerVariable({
    min: 1,
    max: 1000,
    fallback: 20,
    description: 'connections per process at most',
  }),
  CASETRAIL_MASTER_KEY: textVariable({
    fallback: null,
    rule: 'a base64 key of 32 bytes',
    schema: masterKey('CASETRAIL_MASTER_KEY'),
    secret: true,
    description:
      'base64 of 32 bytes, the key that wraps every data key; required in external mode (embedded: master.key in the data dir, made on first start)',
  }),
  CASETRAIL_MASTER_KEY_FILE: textVariable({
    fallback: null,
    description: 'a file holding that key instead (a mounted secret); never both',
  }),
  KEY_CACHE_SIZE: integerVariable({
    min: 0,
    max: 10_000_000,
    fallback: 10_000,
    description: 'unwrapped data keys a process keeps at most',
  }),
  KEY_CACHE_TTL_MS: integerVariable({
    min: 0,
    max: 86_400_000,
    fallback: 60_000,
    description: "how long another process may go on opening a client's data after their erasure",
  }),
  ANCHOR_INTERVAL_MS: integerVariable({
    min: 0,
    max: 86_400_000,
    fallback: 60_000,
    description: "how often the apps sign an anchor of the log, 0 for never (the CLI's anchor still can)",
  }),
  INTAKE_DUPLICATE_CHECK: booleanVariable({
    fallback: true,
    description: 'POST /cases answers 409 POSSIBLE_DUPLICATE for a client likely known already',
  }),
  PARTNER_FEEDS: booleanVariable({
    fallback: true,
    description: 'send consent-filtered partner feeds from case-api',
  }),
  PROGRAM_CATEGORIES: {
    schema: jsonObject<InformationCategory>(
      'PROGRAM_CATEGORIES',
      'a JSON object from program id to information category',
      (category, program) =>
        (SHAREABLE_CATEGORIES as readonly unknown[]).includes(category)
          ? null
          : `program "${program}" names "${String(category)}", not one of ${SHAREABLE_CATEGORIES.join(', ')}`,
    ),
    fallback: {},
    rule: 'a JSON object from program id to information category',
    default: '{}',
    description: 'program id to the category its name tells, e.g. {"prg-recovery":"substance_use"}',
  } satisfies EnvVariable<Readonly<Record<string, InformationCategory>>>,
  LOG_LEVEL: enumVariable({ values: LOG_LEVELS, fallback: 'info', description: 'least level logged' }),
  OTEL_TRACES_EXPORTER: enumVariable({
    values: TRACES_EXPORTERS,
    fallback: 'none',
    description: 'where traces go',
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: textVariable({
    fallback: null,
    rule: 'an http(s) URL',
    schema: z.string().refine((raw) => {
      try {
        return ['http:', 'https:'].includes(new URL(raw).protocol);
      } catch {
        return false;
      }
    }),
    description: "the OTLP collector, with OTEL_TRACES_EXPORTER=otlp (unset: the exporter's default)",
  }),
  METRICS_ENABLED: booleanVariable({ fallback: true, description: 'serve GET /metrics' }),
  METRICS_TOKEN: textVariable({
    fallback: null,
    rule: 'at least 16 characters',
    schema: z.string().min(16),
    secret: true,
    description: 'bearer token /metrics asks of callers off loopback (unset: /metrics answers loopback only)',
  }),
  HEALTH_CHECK_TIMEOUT_MS: integerVariable({
    min: 50,
    max: 30_000,
    fallback: 1000,
    description: 'bound on each readiness check',
  }),
  READY_MAX_PUBLISHER_LAG: integerVariable({
    min: 0,
    fallback: 10_000,
    description: 'events not yet published above which readiness fails',
  }),
  READY_MAX_PROJECTOR_LAG: integerVariable({
    min: 0,
    fallback: 10_000,
    description: 'messages not yet projected above which readiness fails',
  }),
  SHUTDOWN_DRAIN_MS: integerVariable({
    min: 0,
    max: 120_000,
    fallback: 10_000,
    description: 'how long in-flight work may take to finish after SIGTERM',
  }),
  PROJECTOR_PORT: integerVariable({
    min: 1,
    max: 65535,
    fallback: 3001,
    description: "the projector's HTTP port (health and metrics), on HOST",
  }),
  PROGRAM_APPROVALS: {
    schema: jsonObject<readonly ApprovalStep[]>(
      'PROGRAM_APPROVALS',
      `a JSON object from program id to an array of ${APPROVAL_STEPS.join(', ')}`,
      (steps, program) =>
        Array.isArray(steps) && steps.every((step) => (APPROVAL_STEPS as readonly unknown[]).includes(step))
          ? null
          : `program "${program}" must map to an array of ${APPROVAL_STEPS.join(', ')}, got ${JSON.stringify(steps)}`,
    ),
    fallback: {},
    rule: `a JSON object from program id to an array of ${APPROVAL_STEPS.join(', ')}`,
    default: '{}',
    description: 'which steps need a second approval, per program, e.g. {"prg-housing":["plan","closing"]}',
  } satisfies EnvVariable<Readonly<Record<string, readonly ApprovalStep[]>>>,
  REMINDERS_ENABLED: booleanVariable({
    fallback: true,
    description: 'run the reminder service (appointments and tasks due soon) inside case-api',
  }),
  REMINDER_SCAN_MS: integerVariable({
    min: 1000,
    max: 86_400_000,
    fallback: 60_000,
    description: 'how often the reminder service scans the agenda for items due soon',
  }),
  REMINDER_LEAD_MINUTES: integerVariable({
    min: 1,
    max: 525_600,
    fallback: 1440,
    description: 'how long before an appointment or task is due its reminder (ItemDueSoon) goes out',
  }),
} satisfies EnvVariables;

export type ConfigValues = EnvValues<typeof CONFIG_VARIABLES>;

/** The rules across variables; each message starts with the variable it blames. */
export const CONFIG_RULES: readonly CrossRule<typeof CONFIG_VARIABLES>[] = [
  ...(IDENTITY_RULES as readonly CrossRule<typeof CONFIG_VARIABLES>[]),
  ({ KAFKA_BROKERS: brokers, MONGODB_URI: uri }, report) => {
    if (brokers.length > 0 !== (uri !== null))
      report(
        brokers.length > 0 ? 'MONGODB_URI' : 'KAFKA_BROKERS',
        `${brokers.length > 0 ? 'MONGODB_URI' : 'KAFKA_BROKERS'} is missing: set both KAFKA_BROKERS and MONGODB_URI (external mode) or neither (embedded mode)`,
      );
  },
  ({ PUBLISHER_LEASE_RENEW_MS: renew, PUBLISHER_LEASE_TTL_MS: ttl }, report) => {
    if (renew >= ttl)
      report(
        'PUBLISHER_LEASE_RENEW_MS',
        `PUBLISHER_LEASE_RENEW_MS must be less than PUBLISHER_LEASE_TTL_MS (${ttl}), got ${renew}: a lease would lapse before its renewal`,
      );
  },
  ({ CASETRAIL_MASTER_KEY: key, CASETRAIL_MASTER_KEY_FILE: file }, report) => {
    if (key !== null && file !== null)
      report(
        'CASETRAIL_MASTER_KEY',
        'CASETRAIL_MASTER_KEY and CASETRAIL_MASTER_KEY_FILE are both set: set one, so there is no doubt which key opens the data',
      );
  },
];

/** The variables, checked: throws a ConfigurationError naming every bad variable and its rule. */
export const parseConfigEnvironment = (env: NodeJS.ProcessEnv): ConfigValues =>
  parseEnvironment(CONFIG_VARIABLES, env, CONFIG_RULES);

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): CasetrailConfig => {
  const v = parseConfigEnvironment(env);
  const dataDir = resolve(v.CASETRAIL_DATA_DIR);
  return {
    mode: v.KAFKA_BROKERS.length > 0 ? 'external' : 'embedded',
    host: v.HOST,
    port: v.PORT,
    dataDir,
    agencyTimeZone: v.AGENCY_TIME_ZONE,
    kafka: {
      brokers: v.KAFKA_BROKERS,
      clientId: v.KAFKA_CLIENT_ID,
      topic: v.KAFKA_TOPIC,
      accessTopic: v.KAFKA_ACCESS_TOPIC,
      partitions: v.KAFKA_PARTITIONS,
      replicationFactor: v.KAFKA_REPLICATION_FACTOR,
      projectorGroup: v.PROJECTOR_GROUP,
      accessProjectorGroup: `${v.PROJECTOR_GROUP}-access`,
    },
    mongo: {
      uri: v.MONGODB_URI ?? '',
      database: v.MONGODB_DATABASE,
      timeouts: {
        serverSelectionMs: v.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
        connectMs: v.MONGODB_CONNECT_TIMEOUT_MS,
        socketMs: v.MONGODB_SOCKET_TIMEOUT_MS,
      },
      maxPoolSize: v.MONGODB_MAX_POOL_SIZE,
    },
    publisher: {
      enabled: v.PUBLISHER_ENABLED,
      batchSize: v.PUBLISHER_BATCH_SIZE,
      idleMs: v.PUBLISHER_IDLE_MS,
      checkpointIntervalMs: v.PUBLISHER_CHECKPOINT_MS,
      leaseTtlMs: v.PUBLISHER_LEASE_TTL_MS,
      leaseRenewMs: v.PUBLISHER_LEASE_RENEW_MS,
    },
    identity: identityConfigFrom(v, dataDir),
    protection: {
      masterKeyEnv: {
        ...(v.CASETRAIL_MASTER_KEY !== null ? { CASETRAIL_MASTER_KEY: v.CASETRAIL_MASTER_KEY } : {}),
        ...(v.CASETRAIL_MASTER_KEY_FILE !== null
          ? { CASETRAIL_MASTER_KEY_FILE: v.CASETRAIL_MASTER_KEY_FILE }
          : {}),
      },
      keyCacheSize: v.KEY_CACHE_SIZE,
      keyCacheTtlMs: v.KEY_CACHE_TTL_MS,
      anchorIntervalMs: v.ANCHOR_INTERVAL_MS,
    },
    sharing: { partnerFeeds: v.PARTNER_FEEDS, programCategories: v.PROGRAM_CATEGORIES },
    http: { corsOrigins: v.CORS_ORIGINS, rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE },
    intake: { duplicateCheck: v.INTAKE_DUPLICATE_CHECK },
    observability: {
      logLevel: v.LOG_LEVEL,
      tracesExporter: v.OTEL_TRACES_EXPORTER,
      otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
      metricsEnabled: v.METRICS_ENABLED,
      metricsToken: v.METRICS_TOKEN,
    },
    health: {
      checkTimeoutMs: v.HEALTH_CHECK_TIMEOUT_MS,
      maxPublisherLag: v.READY_MAX_PUBLISHER_LAG,
      maxProjectorLag: v.READY_MAX_PROJECTOR_LAG,
    },
    shutdown: { drainMs: v.SHUTDOWN_DRAIN_MS },
    projector: { port: v.PROJECTOR_PORT },
    approvals: {
      byProgram: Object.fromEntries(
        Object.entries(v.PROGRAM_APPROVALS as Readonly<Record<string, readonly ApprovalStep[]>>).map(
          ([program, steps]) => [program, [...new Set(steps)]],
        ),
      ),
    },
    reminders: {
      enabled: v.REMINDERS_ENABLED,
      scanMs: v.REMINDER_SCAN_MS,
      leadMinutes: v.REMINDER_LEAD_MINUTES,
    },
  };
};
