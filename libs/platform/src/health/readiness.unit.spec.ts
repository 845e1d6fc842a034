import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  InMemoryCheckpointStore,
  PUBLISHER_NAME,
  PUBLISHER_SETTINGS,
  type EventTransport,
} from '@casetrail/messaging';
import { CONFIG, loadConfig } from '../config';
import { HealthModule } from './health.module';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

const never = <T>() => new Promise<T>(() => undefined);

interface Fakes {
  head: () => Promise<number>;
  ping: (() => Promise<void>) | null;
  lag: (group: string) => Promise<number>;
  stopped: string[];
}

const TIMEOUT_MS = 200;

const start = async (fakes: Partial<Fakes> = {}, env: NodeJS.ProcessEnv = {}, published = 0) => {
  const f: Fakes = {
    head: () => Promise.resolve(0),
    ping: () => Promise.resolve(),
    lag: () => Promise.resolve(0),
    stopped: [],
    ...fakes,
  };
  const config = loadConfig({ HEALTH_CHECK_TIMEOUT_MS: String(TIMEOUT_MS), ...env });
  const store = { headPosition: () => f.head() } as unknown as EventStore;
  const transport = {
    lag: (group: string) => f.lag(group),
    stoppedConsumers: () => f.stopped,
    ...(f.ping ? { ping: f.ping } : {}),
  } as unknown as EventTransport;
  const checkpoints = new InMemoryCheckpointStore();
  await checkpoints.save(PUBLISHER_NAME, published);
  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: EVENT_STORE, useValue: store },
      { provide: EVENT_TRANSPORT, useValue: transport },
      { provide: CHECKPOINT_STORE, useValue: checkpoints },
      // Off: the lag is the checkpoint's, which the test sets.
      { provide: PUBLISHER_SETTINGS, useValue: { ...config.publisher, enabled: false } },
    ],
    exports: [CONFIG, EVENT_STORE, EVENT_TRANSPORT, CHECKPOINT_STORE, PUBLISHER_SETTINGS],
  })
  class Ports {}
  const moduleRef = await Test.createTestingModule({
    imports: [Ports, HealthModule.forRoot({ publisherLag: true })],
  }).compile();
  return { readiness: moduleRef.get(ReadinessService), shutdown: moduleRef.get(ShutdownState), config };
};

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
};

describe('readiness: every dependency checked, each within HEALTH_CHECK_TIMEOUT_MS', () => {
  it('is ready when the database and Kafka answer and every lag is under its threshold', async () => {
    const { readiness } = await start();
    const { status, body } = await readiness.answer('ready');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        kafka: { status: 'up' },
        publisher: { status: 'up', lag: 0 },
        projector: { status: 'up', lag: 0 },
        accessProjector: { status: 'up', lag: 0 },
      },
    });
  });

  it('answers 503 within the bound when the database hangs, naming the database only', async () => {
    const { readiness } = await start({ head: never });
    const { value, ms } = await timed(() => readiness.answer('ready'));
    expect(value.status).toBe(503);
    expect(value.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: `timeout of ${TIMEOUT_MS}ms exceeded` } },
      info: { kafka: { status: 'up' } },
    });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('answers 503 within the bound when Kafka hangs, and at once when it refuses', async () => {
    const hung = await start({ ping: never });
    const { value, ms } = await timed(() => hung.readiness.answer('ready'));
    expect(value.status).toBe(503);
    expect(value.body).toMatchObject({
      error: { kafka: { status: 'down' } },
      info: { database: { status: 'up' } },
    });
    expect(ms).toBeLessThan(TIMEOUT_MS + 500);

    const refused = await start({ ping: () => Promise.reject(new Error('Connection refused')) });
    expect((await refused.readiness.answer('ready')).body).toMatchObject({
      error: { kafka: { status: 'down', message: 'Connection refused' } },
    });
  });

  it('has no Kafka check where the transport has no broker to ask (embedded mode)', async () => {
    const { readiness } = await start({ ping: null });
    const { status, body } = await readiness.answer('ready');
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain('kafka');
  });

  it("is not ready when the publisher's lag is over READY_MAX_PUBLISHER_LAG", async () => {
    const behind = await start({ head: () => Promise.resolve(5) }, { READY_MAX_PUBLISHER_LAG: '4' }, 0);
    expect(await behind.readiness.answer('ready')).toMatchObject({
      status: 503,
      body: {
        error: {
          publisher: { status: 'down', message: expect.stringMatching(/lag 5 .*READY_MAX_PUBLISHER_LAG 4/) },
        },
      },
    });
    const at = await start({ head: () => Promise.resolve(5) }, { READY_MAX_PUBLISHER_LAG: '5' }, 0);
    expect((await at.readiness.answer('ready')).status).toBe(200);
  });

  it("is not ready when a projector group's lag is over READY_MAX_PROJECTOR_LAG (0: any lag)", async () => {
    const { readiness, config } = await start(
      { lag: (group) => Promise.resolve(group.endsWith('-access') ? 0 : 1) },
      { READY_MAX_PROJECTOR_LAG: '0' },
    );
    const { status, body } = await readiness.answer('ready');
    expect(status).toBe(503);
    expect(body).toMatchObject({
      error: { projector: { status: 'down', message: expect.stringContaining(config.kafka.projectorGroup) } },
      info: { accessProjector: { status: 'up' } },
    });
  });

  it('is not ready while a consumer that crashed for good has not joined again', async () => {
    const config = loadConfig({});
    const { readiness } = await start({ stopped: [config.kafka.accessProjectorGroup] });
    expect((await readiness.answer('ready')).body).toMatchObject({
      error: { accessProjector: { status: 'down', message: expect.stringMatching(/stopped/) } },
    });
  });

  it('is not ready from the start of shutdown, without asking any dependency; alive all the same', async () => {
    let asked = 0;
    const { readiness, shutdown } = await start({
      head: () => {
        asked++;
        return Promise.resolve(0);
      },
    });
    shutdown.begin();
    asked = 0;
    expect(await readiness.answer('ready')).toMatchObject({ status: 503, body: { status: 'shutting_down' } });
    expect(asked).toBe(0);
    expect((await readiness.answer('live')).status).toBe(200);
  });

  it('shares one check among concurrent probes, so a hung broker collects no call per probe', async () => {
    let calls = 0;
    const { readiness } = await start({
      ping: () => {
        calls++;
        return never();
      },
    });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => readiness.answer('ready')));
    expect(answers.every((a) => a.status === 503)).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('the configuration of health and shutdown', () => {
  it('has the defaults of vars.md', () => {
    const config = loadConfig({});
    expect(config.health).toEqual({ checkTimeoutMs: 1000, maxPublisherLag: 10_000, maxProjectorLag: 10_000 });
    expect(config.shutdown).toEqual({ drainMs: 10_000 });
    expect(config.projector).toEqual({ port: 3001 });
  });

  it.each([
    ['HEALTH_CHECK_TIMEOUT_MS', '49'],
    ['HEALTH_CHECK_TIMEOUT_MS', '30001'],
    ['READY_MAX_PUBLISHER_LAG', '-1'],
    ['READY_MAX_PROJECTOR_LAG', 'many'],
    ['SHUTDOWN_DRAIN_MS', '120001'],
    ['PROJECTOR_PORT', '0'],
    ['PROJECTOR_PORT', '65536'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
