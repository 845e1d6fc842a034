import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config';
import { envExample, tableIn, tableRows, TABLE_HEADER } from './config-docs';

const root = join(__dirname, '..', '..', '..');
const fix = 'run `npm run config:docs` after changing the schema in libs/platform/src/config.ts';

/** Reads back the simple `NAME=word` / `NAME='quoted'` lines config-docs writes. */
const parseEnvFile = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => {
        const at = line.indexOf('=');
        const value = line.slice(at + 1);
        return [line.slice(0, at), value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value];
      }),
  );

describe('configuration documents written from the schema', () => {
  it('.env.example is the one the schema writes', () => {
    const committed = readFileSync(join(root, '.env.example'), 'utf8');
    if (committed !== envExample()) throw new Error(`.env.example is out of date: ${fix}`);
  });

  it('.env.example, loaded as it is, configures exactly the defaults', () => {
    expect(loadConfig(parseEnvFile(envExample()))).toEqual(loadConfig({}));
  });

  it("README's configuration table lists every variable with the schema's rule, default and meaning", () => {
    const table = tableIn(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(table).not.toBeNull();
    expect({ table, fix }).toEqual({ table: [TABLE_HEADER, ...tableRows()], fix });
  });

  it('finds a table that disagrees with the schema', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace('| `3000`', '| `3001`');
    expect(tableIn(readme)).not.toEqual([TABLE_HEADER, ...tableRows()]);
  });
});
