import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'infra', 'ferretdb', 'ferretdb.sh');

/**
 * A PostgreSQL + FerretDB of a test's own (never the shared one), on ports of its own, that the
 * test may kill: `infra/ferretdb/ferretdb.sh` with CASETRAIL_RUN and the ports set. Both servers
 * run in sessions of their own (setsid), so a kill takes each with all its children, as a crash would.
 */
export class DedicatedFerretDb {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly runDir: string,
    readonly uri: string,
  ) {}

  static async up(options: {
    runDir: string;
    pgPort: number;
    ferretDbPort: number;
  }): Promise<DedicatedFerretDb> {
    const db = new DedicatedFerretDb(
      {
        ...process.env,
        CASETRAIL_RUN: options.runDir,
        CASETRAIL_PG_PORT: String(options.pgPort),
        FERRETDB_PORT: String(options.ferretDbPort),
      },
      join(options.runDir, 'ferretdb'),
      `mongodb://127.0.0.1:${options.ferretDbPort}/`,
    );
    await db.start();
    return db;
  }

  /** Starts whichever of the two is down, and waits until FerretDB answers. */
  async start(): Promise<void> {
    await run('bash', [SCRIPT, 'up'], { env: this.env, timeout: 90_000 });
  }

  async stop(): Promise<void> {
    await run('bash', [SCRIPT, 'down'], { env: this.env, timeout: 90_000 });
  }

  /**
   * SIGKILL to PostgreSQL's postmaster and its backends at once, as a crash of the server would:
   * no shutdown, nothing flushed beyond what was committed. The backends run in sessions of their
   * own, so they are found by parent; left alive they would hold the shared memory a restart needs.
   */
  async killPostgres(): Promise<void> {
    const pid = Number(
      readFileSync(join(this.runDir, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const backends = childrenOf(pid);
    this.killGroup(pid);
    for (const child of backends) signal(child);
    await gone([pid, ...backends]);
  }

  /** SIGKILL to FerretDB: every client connection drops at once. */
  async killFerretDb(): Promise<void> {
    const pid = Number(readFileSync(join(this.runDir, 'ferretdb.pid'), 'utf8').trim());
    this.killGroup(pid);
    await gone([pid]);
  }

  private killGroup(pid: number): number {
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`No pid to kill (read ${pid})`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Not a group leader after all: the process alone.
      process.kill(pid, 'SIGKILL');
    }
    return pid;
  }
}

/** Dead or a zombie: nothing it does reaches a client any more. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Returns once every process is gone: until then a request may still be served. */
const gone = async (pids: readonly number[], timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error(`Still alive after SIGKILL: ${pids.filter(alive).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const signal = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
};

/** Processes whose parent is `pid` (field 4 of /proc/<pid>/stat, after the parenthesised name). */
const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
