// `npm start` on a clone already built must not recompile (`nest build` takes a minute here): the
// build records a hash of everything it compiled from, and a start rebuilds only when that hash
// changed or the output is missing. Content, not mtimes: a fresh clone or checkout touches every
// file's mtime without changing what the build would emit.
//   node scripts/build-if-stale.mjs          build only when stale
//   node scripts/build-if-stale.mjs --force  build anyway (npm run build)
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const stampFile = join(root, 'dist', '.build-stamp.json');
const outputs = [
  'dist/apps/case-api/src/main.js',
  'dist/apps/projector/src/main.js',
  'dist/apps/cli/src/main.js',
];
const configFiles = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];
// What tsconfig.build.json leaves out: a change there never changes dist.
const ignored = (path) => /\.spec\.ts$/.test(path) || /(^|\/)testing(\/|\.ts$)/.test(path);

const filesUnder = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !ignored(path));

const sourceHash = () => {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder('apps'),
    ...filesUnder('libs'),
    ...configFiles.filter((f) => existsSync(join(root, f))),
  ].sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return { hash: hash.digest('hex'), files: files.length };
};

const recorded = () => {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).hash;
  } catch {
    return null;
  }
};

const started = Date.now();
const { hash, files } = sourceHash();
const force = process.argv.includes('--force');
const fresh = !force && recorded() === hash && outputs.every((output) => existsSync(join(root, output)));
if (fresh) {
  if (!process.argv.includes('--quiet'))
    console.error(
      `dist is up to date with ${files} source files (checked in ${Date.now() - started} ms): not rebuilding`,
    );
  process.exit(0);
}
// A build that fails half-way must not leave a stamp claiming the old output is current.
rmSync(stampFile, { force: true });
const build = spawnSync('npx', ['nest', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The hash taken before building: a file edited during the build makes the next start rebuild.
writeFileSync(stampFile, `${JSON.stringify({ hash, files, builtAt: new Date().toISOString() })}\n`);
