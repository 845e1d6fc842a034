import { createServer } from 'node:net';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { loadConfig } from './config';
import { connectMongo, mongoClientOptions, unavailability, unavailableDependency } from './outage';

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const external = { KAFKA_BROKERS: '127.0.0.1:9092', MONGODB_URI: 'mongodb://127.0.0.1:27017/' };

describe('the MongoDB client: bounded waits on a database that does not answer', () => {
  it("gives up selecting a server after 1 s by default, not the driver's 30 s, and never waits unbounded", () => {
    expect(mongoClientOptions(loadConfig(external))).toEqual({
      serverSelectionTimeoutMS: 1000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 30_000,
      waitQueueTimeoutMS: 30_000,
      // Well under FerretDB's own pool of PostgreSQL connections (see mongoClientOptions).
      maxPoolSize: 20,
    });
  });

  it('reads each bound from the environment', () => {
    const config = loadConfig({
      ...external,
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500',
      MONGODB_CONNECT_TIMEOUT_MS: '2000',
      MONGODB_SOCKET_TIMEOUT_MS: '60000',
    });
    expect(config.mongo.timeouts).toEqual({ serverSelectionMs: 1500, connectMs: 2000, socketMs: 60_000 });
    expect(loadConfig({ ...external, MONGODB_MAX_POOL_SIZE: '8' }).mongo.maxPoolSize).toBe(8);
    expect(() => loadConfig({ ...external, MONGODB_SOCKET_TIMEOUT_MS: 'soon' })).toThrow(
      /MONGODB_SOCKET_TIMEOUT_MS/,
    );
  });
});

describe('connectMongo: start-up', () => {
  it('keeps trying a database that is not there until its start-up bound, then fails', async () => {
    const config = loadConfig({
      ...external,
      MONGODB_URI: `mongodb://127.0.0.1:${await closedPort()}/`,
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '200',
    });
    const started = Date.now();
    await expect(connectMongo(config, 900)).rejects.toBeInstanceOf(MongoServerSelectionError);
    // Several selections of 200 ms, not one, and no more than the bound and one more try.
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('unavailability: which dependency an error says is down', () => {
  it('finds the driver error under the wrappers, and names it', () => {
    const network = new MongoNetworkError('connection closed');
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: network }) });
    expect(unavailability(wrapped)).toEqual({ dependency: 'database', because: network });
  });

  it('finds the network error that stopped a bulk write (the group commit of appends)', () => {
    const network = new MongoNetworkError('connection 3 to 127.0.0.1:27080 closed');
    const bulk = new MongoBulkWriteError(network, {
      ok: 0,
      writeErrors: [],
      writeConcernErrors: [],
      insertedIds: [],
      nInserted: 0,
      nUpserted: 0,
      nMatched: 0,
      nModified: 0,
      nRemoved: 0,
      upserted: [],
    } as never);
    expect(unavailability(bulk)).toEqual({ dependency: 'database', because: network });
    // A duplicate key stopping a bulk write is no outage.
    expect(
      unavailableDependency(
        new MongoBulkWriteError({ code: 11000, message: 'E11000 duplicate key' }, {} as never),
      ),
    ).toBeNull();
  });

  it('counts a socket error the driver let through unwrapped (EPIPE from a killed FerretDB)', () => {
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), {
      code: 'EPIPE',
    });
    expect(unavailableDependency(epipe)).toBe('database');
    // As Node's net module makes it, which is not this realm's Error inside jest.
    const foreign = {
      name: 'Error',
      message: 'This socket has been ended by the other party',
      code: 'EPIPE',
    };
    expect(unavailableDependency(foreign)).toBe('database');
  });

  it('is null for errors that are no outage', () => {
    expect(unavailableDependency(new Error('boom'))).toBeNull();
    expect(unavailableDependency(new MongoServerError({ code: 11000, errmsg: 'duplicate key' }))).toBeNull();
    expect(unavailableDependency('a string')).toBeNull();
    expect(unavailableDependency(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBeNull();
  });
});
