import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * A fault test's run directory, this checkout's own: two checkouts testing at once on one machine
 * (a CI clone beside a working copy) once shared one, and one's purge wiped the other's freshly
 * formatted broker ("No readable meta.properties files found"). Their fixed ports still clash,
 * but plainly, on the port.
 */
export const checkoutRunDir = (name: string): string =>
  join(tmpdir(), `${name}-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
export const CASE_API_MAIN = join(ROOT, 'dist', 'apps', 'case-api', 'src', 'main.js');
export const PROJECTOR_MAIN = join(ROOT, 'dist', 'apps', 'projector', 'src', 'main.js');

/** What `npm run build` compiles (tsconfig.build.json), for the staleness check. */
const SOURCES = ['apps', 'libs'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json'];

const newestMtime = (path: string): number => {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
};

const mtime = (path: string): number => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Crash tests run the real entry points from `dist/`: build them when missing or older
 * than any source (tsc re-emits every file, so the entry points date the whole build).
 * Returns whether it built.
 */
export const ensureBuilt = (): boolean => {
  const built = Math.min(mtime(CASE_API_MAIN), mtime(PROJECTOR_MAIN));
  const sources = Math.max(
    ...SOURCES.map((dir) => newestMtime(join(ROOT, dir))),
    ...CONFIGS.map((file) => mtime(join(ROOT, file))),
  );
  if (built > 0 && built >= sources) return false;
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  return true;
};
