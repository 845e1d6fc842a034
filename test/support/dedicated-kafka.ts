import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkoutRunDir } from './build';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'infra', 'kafka', 'kafka.sh');

/**
 * A Kafka broker of a fault test's own (never the shared one), run by the infra script from its
 * cached jars on the ports and in a run directory of this checkout: the test may kill it as it likes.
 */
export class DedicatedKafka {
  private readonly runDir: string;

  constructor(
    name: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {
    this.runDir = checkoutRunDir(name);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private script(...args: string[]) {
    return run('bash', [SCRIPT, ...args], {
      env: {
        ...process.env,
        CASETRAIL_RUN: this.runDir,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      },
      timeout: 120_000,
    });
  }

  /** Starts it (keeping its data from before, if any) and waits until it answers. */
  async up(): Promise<void> {
    await this.script('up');
  }

  /** Stops it and wipes its data. */
  async purge(): Promise<void> {
    await this.script('down', '--purge');
  }

  /** SIGKILL, as a crashed machine would: no flush, no controlled shutdown. */
  kill(): number {
    const pid = Number(readFileSync(join(this.runDir, 'kafka', 'kafka.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    return pid;
  }
}
