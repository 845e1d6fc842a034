import { execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './build';
import type { CasetrailConfig } from '@casetrail/platform';
import { identityEnv } from './identity';

export const CLI_MAIN = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

/** Builds `dist/` when stale (or built before the CLI existed) so the CLI runs as operators run it. */
export const ensureCliBuilt = (): void => {
  if (ensureBuilt() || existsSync(CLI_MAIN)) return;
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
};

/** The environment the apps under test read, for a child process: the same database and topic. */
export const envFor = (config: CasetrailConfig, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  KAFKA_BROKERS: config.kafka.brokers.join(','),
  MONGODB_URI: config.mongo.uri,
  MONGODB_DATABASE: config.mongo.database,
  KAFKA_TOPIC: config.kafka.topic,
  PROJECTOR_GROUP: config.kafka.projectorGroup,
  ...identityEnv(),
  ...config.protection.masterKeyEnv,
  ...overrides,
});

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/apps/cli/src/main.js ...args` with exactly `env`; resolves however it exits. */
export const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
