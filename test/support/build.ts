import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
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
