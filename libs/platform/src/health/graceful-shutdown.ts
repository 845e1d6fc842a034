import type { Server, ServerResponse } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { ShutdownState } from './shutdown-state';

/**
 * After the HTTP drain, how long closing the rest may take (the publisher's last batch and
 * checkpoint, the projector's batch and commit, the connections) before the process exits anyway.
 */
export const CLOSE_BOUND_MS = 15_000;

export interface ShutdownFigures {
  readonly signal: string;
  /** Requests being served when the signal came. */
  readonly inFlightAtSignal: number;
  /** Of those and any that came on open connections meanwhile, how many finished within the drain. */
  readonly drained: number;
  /** Connections cut when the drain bound passed, with their requests unfinished. */
  readonly cutOff: number;
  readonly drainMs: number;
  readonly totalMs: number;
}

export interface GracefulShutdownOptions {
  readonly drainMs: number;
  readonly logger: LoggerService;
  readonly closeBoundMs?: number;
  readonly exit?: (code: number) => void;
  readonly signals?: readonly NodeJS.Signals[];
  readonly onDone?: (figures: ShutdownFigures) => void;
}

/**
 * SIGTERM (or SIGINT) in this order: readiness false; the HTTP server stops accepting and its
 * in-flight requests finish (at most `drainMs`, then their connections are cut); then the app
 * closes: the publisher finishes its batch and saves its checkpoint, the projector finishes and
 * commits its batch, connections close. A second signal, or the overall bound, exits at once.
 * In place of Nest's enableShutdownHooks, which would close the app before the HTTP drain.
 */
export const installGracefulShutdown = (app: INestApplication, options: GracefulShutdownOptions): void => {
  const { drainMs, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const state = app.get(ShutdownState);
  const server = app.getHttpServer() as Server;
  const active = new Set<ServerResponse>();
  let finished = 0;
  // A keep-alive client learns to send no further request on its connection once shutdown began.
  const closeAfter = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  server.on('request', (_request, response: ServerResponse) => {
    active.add(response);
    if (state.shuttingDown) closeAfter(response);
    response.once('close', () => {
      active.delete(response);
      finished++;
    });
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn?.(`${signal} again while shutting down: exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    void shutDown(signal);
  };
  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    const started = Date.now();
    state.begin(started);
    const inFlightAtSignal = active.size;
    active.forEach(closeAfter);
    const finishedBefore = finished;
    logger.log(
      `${signal}: not ready any more; draining ${inFlightAtSignal} request(s) in flight (at most ${drainMs} ms)`,
    );
    const hardStop = setTimeout(
      () => {
        logger.error(
          `Shutdown not done ${drainMs + (options.closeBoundMs ?? CLOSE_BOUND_MS)} ms after ${signal}: exiting`,
        );
        exit(1);
      },
      drainMs + (options.closeBoundMs ?? CLOSE_BOUND_MS),
    );
    hardStop.unref();
    const cutOff = await drain(server, drainMs, () => active.size);
    const drained = finished - finishedBefore;
    const drainedMs = Date.now() - started;
    logger.log(
      `HTTP closed after ${drainedMs} ms: ${drained} request(s) finished, ${cutOff} connection(s) cut; closing the app`,
    );
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      code = 1;
      logger.error(`Closing failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    clearTimeout(hardStop);
    const figures: ShutdownFigures = {
      signal,
      inFlightAtSignal,
      drained,
      cutOff,
      drainMs: drainedMs,
      totalMs: Date.now() - started,
    };
    logger.log(`Shutdown done: ${JSON.stringify(figures)}`);
    options.onDone?.(figures);
    exit(code);
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);
};

/** Stops accepting, waits for the requests in flight; past the bound cuts what is left. Resolves with how many connections it cut. */
const drain = (server: Server, drainMs: number, inFlight: () => number): Promise<number> =>
  new Promise((resolve) => {
    let cut = 0;
    const timer = setTimeout(() => {
      cut = inFlight();
      server.closeAllConnections();
    }, drainMs);
    server.close(() => {
      clearTimeout(timer);
      resolve(cut);
    });
    // Idle keep-alive connections carry nothing to wait for.
    server.closeIdleConnections();
  });
