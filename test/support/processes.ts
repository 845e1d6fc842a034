import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A child process under test: its output goes to its own log file, its exit is awaitable. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly startedAt: number;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once it has exited. */
  readonly dead: boolean;
  /** True when the test killed it (an exit the test did not cause is a failure). */
  readonly killedByTest: boolean;
}

/** A port nobody listens on right now: `main` has no PORT=0, so the test picks one. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The last lines of a log file, for failure messages. */
export const tail = (file: string, lines = 40): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * Spawns and tracks child processes so that a test can SIGKILL them at will and `killAll`
 * in `afterAll` leaves nothing running, whatever happened. Logs go to a fresh directory
 * under the OS temp dir, one file per process instance.
 */
interface Tracked {
  readonly child: ChildProcess;
  readonly managed: ManagedProcess;
  killedByTest: boolean;
}

export class ProcessSupervisor {
  readonly logDir: string;
  private readonly children = new Map<number, Tracked>();
  private readonly counters = new Map<string, number>();
  private readonly everStarted: ManagedProcess[] = [];
  private closed = false;

  constructor(prefix: string) {
    this.logDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  }

  /** Starts `node <script>` with exactly `env` (plus PATH), stdout and stderr to `<name>-<n>.log`. */
  start(name: string, script: string, env: NodeJS.ProcessEnv): ManagedProcess {
    if (this.closed) throw new Error(`Not starting ${name}: the supervisor is closed (the test is over)`);
    const n = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, n);
    const logFile = join(this.logDir, `${name}-${n}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [script], {
      env,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`Could not start ${name}: see ${logFile}`);
    let dead = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('exit', (code, signal) => {
        dead = true;
        resolve({ code, signal });
      });
      child.on('error', () => {
        dead = true;
        resolve({ code: null, signal: null });
      });
    });
    const pid = child.pid;
    const tracked: Tracked = {
      child,
      killedByTest: false,
      managed: {
        name: `${name}-${n}`,
        pid,
        logFile,
        startedAt: Date.now(),
        exited,
        get dead() {
          return dead;
        },
        get killedByTest() {
          return tracked.killedByTest;
        },
      },
    };
    this.children.set(pid, tracked);
    this.everStarted.push(tracked.managed);
    void exited.then(() => this.children.delete(pid));
    return tracked.managed;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Resolves once it is gone. */
  async kill(target: ManagedProcess): Promise<void> {
    const tracked = this.children.get(target.pid);
    if (tracked && !target.dead) {
      tracked.killedByTest = true;
      tracked.child.kill('SIGKILL');
    }
    await target.exited;
  }

  /** Processes the test killed. */
  get killed(): readonly ManagedProcess[] {
    return this.everStarted.filter((p) => p.killedByTest);
  }

  /** Processes that died without the test killing them: crashes the test did not cause. */
  get crashed(): readonly ManagedProcess[] {
    return this.everStarted.filter((p) => p.dead && !p.killedByTest);
  }

  /**
   * SIGKILLs everything still running and refuses to start anything more (a background loop of a
   * failed test must not start processes after afterAll). For afterAll, so it never throws.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.children.values()].map(({ managed }) => this.kill(managed).catch(() => {})));
  }

  get running(): readonly ManagedProcess[] {
    return [...this.children.values()].map(({ managed }) => managed);
  }
}

export class DiedError extends Error {
  constructor(readonly target: ManagedProcess) {
    super(`${target.name} exited; its log (${target.logFile}):\n${tail(target.logFile)}`);
    this.name = 'DiedError';
  }
}

/** `eventually`, except that the process dying ends the wait at once. */
const whileAlive = async (target: ManagedProcess, check: () => Promise<void>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (target.dead) throw new DiedError(target);
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(50);
    }
  }
};

/** Waits until the process's log matches `pattern`, failing early if it dies. */
export const waitForLog = (target: ManagedProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> =>
  whileAlive(
    target,
    () => {
      if (statSync(target.logFile).size === 0 || !pattern.test(readFileSync(target.logFile, 'utf8')))
        throw new Error(`${target.name} has not logged ${String(pattern)} yet:\n${tail(target.logFile)}`);
      return Promise.resolve();
    },
    timeoutMs,
  );

/** Waits until `url` answers at all (any HTTP status), failing early if the process dies. */
export const waitForHttp = (target: ManagedProcess, url: string, timeoutMs = 30_000): Promise<void> =>
  whileAlive(
    target,
    async () => {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
    },
    timeoutMs,
  );

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
