import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const specFiles = (dir: string): readonly string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory()
      ? specFiles(join(dir, item.name))
      : item.name.endsWith('.unit.spec.ts')
        ? [join(dir, item.name)]
        : [],
  );

/** Every code a given/when/then test under `dir` asserts with `thenFails('CODE')`. */
const assertedUnder = (dir: string): ReadonlySet<string | undefined> =>
  new Set(
    specFiles(dir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/thenFails\('([A-Z_]+)'\)/g)].map((match) => match[1]),
    ),
  );

/**
 * The API returns and documents a decider's error codes, so each must be stable and provably
 * reachable: asserted by a given/when/then test in the decider's own tree. With `closed`, that tree
 * asserts no code the list lacks (a tree whose tests also meet other deciders' codes is not closed).
 */
export const describeErrorCodes = (
  name: string,
  codes: readonly string[],
  dir: string,
  options: { readonly closed?: boolean } = {},
): void =>
  describe(name, () => {
    const asserted = assertedUnder(dir);

    it('are stable UPPER_SNAKE strings, listed once', () => {
      expect(new Set(codes).size).toBe(codes.length);
      for (const code of codes) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    });

    it.each([...codes])('%s is asserted by a given/when/then test', (code) => {
      expect(asserted.has(code)).toBe(true);
    });

    if (options.closed)
      it('lists every code the tests assert', () => {
        expect([...asserted].filter((code) => !codes.includes(code!))).toEqual([]);
      });
  });
