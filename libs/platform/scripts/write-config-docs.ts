import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envExample, withTable } from '../src/config-docs';

// `npm run config:docs`: rewrites .env.example and README's configuration table from the schema.
const root = process.cwd();
writeFileSync(join(root, '.env.example'), envExample());
const readme = join(root, 'README.md');
writeFileSync(readme, withTable(readFileSync(readme, 'utf8')));
console.log('Wrote .env.example and the configuration table in README.md');
