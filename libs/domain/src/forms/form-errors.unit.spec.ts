import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_ERROR_CODES } from './form-definition';

const specFiles = (dir: string): readonly string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory()
      ? specFiles(join(dir, item.name))
      : item.name.endsWith('.unit.spec.ts')
        ? [join(dir, item.name)]
        : [],
  );

describe('FORM_ERROR_CODES', () => {
  const asserted = new Set(
    specFiles(__dirname).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/thenFails\('([A-Z_]+)'\)/g)].map((match) => match[1]),
    ),
  );

  it('are stable UPPER_SNAKE strings, listed once', () => {
    expect(new Set(FORM_ERROR_CODES).size).toBe(FORM_ERROR_CODES.length);
    for (const code of FORM_ERROR_CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  // The API returns these codes: each must be provably reachable.
  it.each([...FORM_ERROR_CODES])('%s is asserted by a given/when/then test', (code) => {
    expect(asserted.has(code)).toBe(true);
  });
});
