import { request as httpRequest, type Server } from 'node:http';
import {
  Controller,
  Get,
  Injectable,
  Module,
  type INestApplication,
  type OnModuleDestroy,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { installGracefulShutdown, type ShutdownFigures } from './graceful-shutdown';
import { ShutdownState } from './shutdown-state';

/** What happened, in order: requests finishing, the app's destroy hook (publisher and projector stop there). */
const journal: string[] = [];
let release: (() => void) | null = null;

@Controller()
class SlowController {
  @Get('slow')
  async slow() {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    journal.push('request finished');
    return { ok: true };
  }

  @Get('hang')
  hang() {
    return new Promise(() => undefined);
  }
}

@Injectable()
class Closing implements OnModuleDestroy {
  onModuleDestroy() {
    journal.push('app closed');
  }
}

@Module({ controllers: [SlowController], providers: [ShutdownState, Closing] })
class TestModule {}

const get = (port: number, path: string) =>
  new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

const SIGNAL = 'SIGUSR2';
const started: INestApplication[] = [];

const start = async (drainMs: number) => {
  const app = await NestFactory.create(TestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const exits: number[] = [];
  let figures: ShutdownFigures | null = null;
  installGracefulShutdown(app, {
    drainMs,
    closeBoundMs: 2_000,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    signals: [SIGNAL],
    exit: (code) => exits.push(code),
    onDone: (done) => {
      figures = done;
    },
  });
  started.push(app);
  return { app, port, exits, figures: () => figures, state: app.get(ShutdownState) };
};

describe('graceful shutdown: readiness off, HTTP drained, then the app closed', () => {
  afterEach(async () => {
    process.removeAllListeners(SIGNAL);
    for (const app of started.splice(0)) {
      (app.getHttpServer() as Server).closeAllConnections();
      await app.close().catch(() => undefined);
    }
    journal.length = 0;
    release = null;
  });

  it('lets the request in flight finish before the app closes, refusing new connections meanwhile', async () => {
    const { port, exits, figures, state } = await start(5_000);
    const inFlight = get(port, '/slow');
    await until(() => release !== null);
    process.emit(SIGNAL, SIGNAL);
    expect(state.shuttingDown).toBe(true);
    // Not accepting any more: a new connection is refused while the one request drains.
    await expect(get(port, '/slow')).rejects.toThrow(/ECONNREFUSED/);
    release?.();
    await expect(inFlight).resolves.toEqual({ status: 200, connection: 'close' });
    await until(() => exits.length > 0);
    expect(journal).toEqual(['request finished', 'app closed']);
    expect(exits).toEqual([0]);
    expect(figures()).toMatchObject({ signal: SIGNAL, inFlightAtSignal: 1, drained: 1, cutOff: 0 });
  });

  it('cuts what is still in flight when SHUTDOWN_DRAIN_MS has passed, and closes the app all the same', async () => {
    const { port, exits, figures } = await start(150);
    const hung = get(port, '/hang').catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signalled = Date.now();
    process.emit(SIGNAL, SIGNAL);
    await until(() => exits.length > 0);
    expect(Date.now() - signalled).toBeLessThan(1_000);
    expect(await hung).toMatch(/socket hang up|ECONNRESET/);
    expect(journal).toEqual(['app closed']);
    expect(figures()).toMatchObject({ inFlightAtSignal: 1, cutOff: 1 });
  });

  it('exits at once on a second signal', async () => {
    const { port, exits } = await start(5_000);
    void get(port, '/hang').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.emit(SIGNAL, SIGNAL);
    process.emit(SIGNAL, SIGNAL);
    expect(exits).toEqual([1]);
  });
});
