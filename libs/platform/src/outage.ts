import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type MongoClientOptions,
} from 'mongodb';
import type { CasetrailConfig } from './config';

/**
 * The driver's defaults wait 30 s to find a server and forever on a socket, so with the database
 * down a request hung until the client gave up. With these, a database that is gone (refused or
 * dropped connections: a killed FerretDB) fails an operation within `serverSelectionMs`, and the
 * answer is a 503. One that accepts but never answers is cut off after `socketMs`, which stays
 * long: the same client runs index builds and rebuild reads that legitimately take seconds.
 * Connecting may take longer than selecting: a slow handshake on a busy machine must not mark a
 * live server down and clear its pool.
 */
export const mongoClientOptions = (config: CasetrailConfig): MongoClientOptions => ({
  serverSelectionTimeoutMS: config.mongo.timeouts.serverSelectionMs,
  connectTimeoutMS: config.mongo.timeouts.connectMs,
  socketTimeoutMS: config.mongo.timeouts.socketMs,
  // Waiting for a pooled connection (all of them busy on a stalled database) is bounded alike.
  waitQueueTimeoutMS: config.mongo.timeouts.socketMs,
  // Appends are group-committed and reads are short: a process needs few connections. FerretDB 1.24
  // deadlocks when a collection or index is created while every connection of its PostgreSQL pool
  // is taken (the DDL holds its metadata lock and waits for a connection; the holders wait for the
  // lock), so no one process may take most of that pool (MONGODB_MAX_POOL_SIZE).
  maxPoolSize: config.mongo.maxPoolSize,
});

/** How long start-up keeps trying a database that is not there yet (or slow to answer its first hello). */
const STARTUP_CONNECT_MS = 30_000;

/**
 * Connects with the bounds above, but at start-up tries again until STARTUP_CONNECT_MS: a
 * database still starting, or busy, must not fail a process because selection gives up in 1 s.
 */
export const connectMongo = async (
  config: CasetrailConfig,
  startupMs = STARTUP_CONNECT_MS,
): Promise<MongoClient> => {
  const deadline = Date.now() + startupMs;
  for (;;) {
    const client = new MongoClient(config.mongo.uri, mongoClientOptions(config));
    try {
      return await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      if (!(error instanceof MongoServerSelectionError) || Date.now() >= deadline) throw error;
    }
  }
};

/** What a failed dependency is called in a 503's body: never a host, a query or a document. */
export type Dependency = 'database' | 'kafka';

/**
 * MongoDB's codes for a server that is there but cannot serve now: unreachable or shutting down
 * hosts, network and time-limit errors, a primary stepping down. A retry may well succeed.
 */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * FerretDB answers `InternalError` (code 1) when PostgreSQL behind it cannot be reached; only
 * those, not every internal error, are an outage (the rest stay 500s, a bug to look at).
 */
const BACKEND_UNREACHABLE =
  /failed to connect|connection refused|dial error|connection reset|broken pipe|unexpected EOF|server closed|conn closed|terminating connection/i;

/** Driver errors that are not exported but carry their class name. */
const UNAVAILABLE_NAMES = new Set([
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

const mongoUnavailable = (error: Error): boolean => {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoOperationTimeoutError ||
    UNAVAILABLE_NAMES.has(error.name)
  )
    return true;
  if (!(error instanceof MongoServerError)) return false;
  if (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('TransientTransactionError'))
    return true;
  if (typeof error.code === 'number' && TRANSIENT_SERVER_CODES.has(error.code)) return true;
  return error.code === 1 && BACKEND_UNREACHABLE.test(error.message);
};

/**
 * A socket error the driver let through unwrapped (a write to a FerretDB that was just killed:
 * "This socket has been ended by the other party", EPIPE). On a request's path the only
 * sockets are the database's: Kafka's lag is read off the path, with a bound.
 */
const SOCKET_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTCONN',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

const socketFailed = (error: Error): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && SOCKET_CODES.has(code);
};

/** kafkajs errors are plain classes named `KafkaJS...`; on a request's path any of them means Kafka did not serve it. */
const kafkaUnavailable = (error: Error): boolean => error.name.startsWith('KafkaJS');

/**
 * Which dependency an error says is unavailable and the error (itself or a `cause`: the access
 * log, for one, wraps what failed) that says so; null for any other error.
 */
export const unavailability = (error: unknown): { dependency: Dependency; because: Error } | null => {
  // Duck-typed, not `instanceof Error`: Node's own socket errors may come from another realm (jest's sandbox).
  for (let seen = 0, at: unknown = error; isErrorLike(at) && seen < 5; at = wrapped(at), seen++) {
    if (mongoUnavailable(at) || socketFailed(at)) return { dependency: 'database', because: at };
    if (kafkaUnavailable(at)) return { dependency: 'kafka', because: at };
  }
  return null;
};

/**
 * What an error wraps: its `cause`, or for a failed bulk write (the event store's group commit is an
 * `insertMany`) the error that stopped it, which the driver keeps as `errorResponse`.
 */
const wrapped = (error: Error): unknown => {
  if (error.cause !== undefined) return error.cause;
  const response = (error as { errorResponse?: unknown }).errorResponse;
  return response !== error && isErrorLike(response) ? response : undefined;
};

const isErrorLike = (value: unknown): value is Error =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { message?: unknown }).message === 'string';

/** Which dependency an error says is unavailable, or null for any other error. */
export const unavailableDependency = (error: unknown): Dependency | null =>
  unavailability(error)?.dependency ?? null;
