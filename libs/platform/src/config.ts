import { resolve } from 'node:path';
import { INFORMATION_CATEGORIES, isTimeZone, type InformationCategory } from '@casetrail/domain';
import { loadIdentityConfig, type IdentityConfig } from '@casetrail/identity';
import { LOG_LEVELS, type LogLevel } from './logging/logger';

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
  readonly observability: {
    /** LOG_LEVEL (fatal, error, warn, info, debug, trace, silent; default info): the JSON logs' threshold. */
    readonly logLevel: LogLevel;
  };
}

export const CONFIG = Symbol('CasetrailConfig');

const integer = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

/** `https://app.agency.example`, `http://localhost:5173`: scheme, host and port, nothing else. */
const corsOrigins = (raw: string | undefined): string[] => {
  const origins = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin)
      throw new Error(
        `CORS_ORIGINS must list origins such as https://app.agency.example (scheme://host[:port], no path, no "*"), got "${origin}"`,
      );
  }
  return [...new Set(origins)];
};

const timeZone = (raw: string | undefined): string => {
  const zone = raw?.trim() || 'UTC';
  if (!isTimeZone(zone))
    throw new Error(`AGENCY_TIME_ZONE must be an IANA time zone such as Europe/London, got "${zone}"`);
  return zone;
};

const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (1/0), got "${env[name]}"`);
};

const logLevel = (raw: string | undefined): LogLevel => {
  const level = raw?.trim().toLowerCase() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level as LogLevel;
};

const programCategories = (raw: string | undefined): Readonly<Record<string, InformationCategory>> => {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('PROGRAM_CATEGORIES must be a JSON object from program id to information category');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('PROGRAM_CATEGORIES must be a JSON object from program id to information category');
  const categories: Record<string, InformationCategory> = {};
  for (const [programId, category] of Object.entries(parsed)) {
    if (!(INFORMATION_CATEGORIES as readonly unknown[]).includes(category) || category === 'case_record')
      throw new Error(
        `PROGRAM_CATEGORIES: program "${programId}" names "${String(category)}", not one of ${INFORMATION_CATEGORIES.filter((c) => c !== 'case_record').join(', ')}`,
      );
    categories[programId] = category as InformationCategory;
  }
  return categories;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): CasetrailConfig => {
  const brokers = env.KAFKA_BROKERS?.trim() ?? '';
  const mongoUri = env.MONGODB_URI?.trim() ?? '';
  if (Boolean(brokers) !== Boolean(mongoUri)) {
    throw new Error('Set both KAFKA_BROKERS and MONGODB_URI (external mode) or neither (embedded mode)');
  }
  const dataDir = resolve(env.CASETRAIL_DATA_DIR ?? '.data');
  return {
    mode: brokers ? 'external' : 'embedded',
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000),
    dataDir,
    agencyTimeZone: timeZone(env.AGENCY_TIME_ZONE),
    kafka: {
      brokers: brokers ? brokers.split(',').map((b) => b.trim()) : [],
      clientId: env.KAFKA_CLIENT_ID ?? 'casetrail',
      topic: env.KAFKA_TOPIC ?? 'casetrail.case-events.v1',
      accessTopic: env.KAFKA_ACCESS_TOPIC ?? 'casetrail.access-events.v1',
      partitions: integer(env, 'KAFKA_PARTITIONS', 6),
      replicationFactor: integer(env, 'KAFKA_REPLICATION_FACTOR', 1),
      projectorGroup: env.PROJECTOR_GROUP ?? 'casetrail-projector',
      accessProjectorGroup: `${env.PROJECTOR_GROUP ?? 'casetrail-projector'}-access`,
    },
    mongo: {
      uri: mongoUri,
      database: env.MONGODB_DATABASE ?? 'casetrail',
      timeouts: {
        serverSelectionMs: integer(env, 'MONGODB_SERVER_SELECTION_TIMEOUT_MS', 1000),
        connectMs: integer(env, 'MONGODB_CONNECT_TIMEOUT_MS', 5000),
        socketMs: integer(env, 'MONGODB_SOCKET_TIMEOUT_MS', 30_000),
      },
      maxPoolSize: integer(env, 'MONGODB_MAX_POOL_SIZE', 20),
    },
    publisher: {
      enabled: (env.PUBLISHER_ENABLED ?? 'true') !== 'false',
      batchSize: integer(env, 'PUBLISHER_BATCH_SIZE', 500),
      idleMs: integer(env, 'PUBLISHER_IDLE_MS', 200),
      checkpointIntervalMs: integer(env, 'PUBLISHER_CHECKPOINT_MS', 1000),
      leaseTtlMs: integer(env, 'PUBLISHER_LEASE_TTL_MS', 10_000),
      leaseRenewMs: integer(env, 'PUBLISHER_LEASE_RENEW_MS', 2_000),
    },
    identity: loadIdentityConfig(env, dataDir),
    protection: {
      masterKeyEnv: {
        ...(env.CASETRAIL_MASTER_KEY !== undefined ? { CASETRAIL_MASTER_KEY: env.CASETRAIL_MASTER_KEY } : {}),
        ...(env.CASETRAIL_MASTER_KEY_FILE !== undefined
          ? { CASETRAIL_MASTER_KEY_FILE: env.CASETRAIL_MASTER_KEY_FILE }
          : {}),
      },
      keyCacheSize: integer(env, 'KEY_CACHE_SIZE', 10_000),
      keyCacheTtlMs: integer(env, 'KEY_CACHE_TTL_MS', 60_000),
      anchorIntervalMs: integer(env, 'ANCHOR_INTERVAL_MS', 60_000),
    },
    sharing: {
      partnerFeeds: flag(env, 'PARTNER_FEEDS', true),
      programCategories: programCategories(env.PROGRAM_CATEGORIES),
    },
    http: {
      corsOrigins: corsOrigins(env.CORS_ORIGINS),
      rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600),
    },
    observability: { logLevel: logLevel(env.LOG_LEVEL) },
  };
};
