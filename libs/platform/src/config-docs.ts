import type { EnvVariable } from '@casetrail/identity';
import { CONFIG_VARIABLES } from './config';

/*
 * `.env.example` and README's configuration table, both written from the schema (config.ts) by
 * `npm run config:docs`; config-docs.unit.spec.ts fails when either no longer matches it.
 */

export const README_TABLE_START = '<!-- config-table:start (npm run config:docs writes this table) -->';
export const README_TABLE_END = '<!-- config-table:end -->';

const entries = (): [string, EnvVariable][] => Object.entries(CONFIG_VARIABLES);

/** A value as a POSIX shell word, so `set -a; . ./.env` reads it back unchanged. */
const shellWord = (value: string): string =>
  /^[A-Za-z0-9_./:+,@-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

export const envExample = (): string =>
  [
    '# Casetrail configuration: every environment variable the apps read, set to its default.',
    '# Written from the schema in libs/platform/src/config.ts by `npm run config:docs` (a unit test fails',
    '# when it is out of date). The apps read the environment only, never a .env file: copy this to',
    '# .env, edit it, and load it with `set -a; . ./.env; set +a` (an empty value means unset).',
    ...entries().flatMap(([name, variable]) => [
      '',
      `# ${variable.description}`,
      `# Must be ${variable.rule}.${variable.default === null ? ' Unset by default.' : ''}${variable.secret ? ' A secret: keep it out of version control.' : ''}`,
      `${name}=${variable.secret || variable.default === null ? '' : shellWord(variable.default)}`,
    ]),
    '',
  ].join('\n');

/** The table's rows as cells; the README test compares these, whatever width prettier pads to. */
export const tableRows = (): string[][] =>
  entries().map(([name, variable]) => [
    `\`${name}\``,
    variable.rule,
    variable.default === null ? 'unset' : variable.default === '' ? '(empty)' : `\`${variable.default}\``,
    variable.description,
  ]);

export const TABLE_HEADER = ['variable', 'must be', 'default', 'meaning'];

export const readmeTable = (): string =>
  [TABLE_HEADER, TABLE_HEADER.map(() => '---'), ...tableRows()]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');

/** The cells of the table between the markers in a README text (null when the markers are missing). */
export const tableIn = (readme: string): string[][] | null => {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start) return null;
  return readme
    .slice(start + README_TABLE_START.length, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => !cells.every((cell) => /^:?-+:?$/.test(cell)));
};

/** README with its table replaced by the schema's. */
export const withTable = (readme: string): string => {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md lacks the markers ${README_TABLE_START} ... ${README_TABLE_END}`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n\n${readmeTable()}\n\n${readme.slice(end)}`;
};
