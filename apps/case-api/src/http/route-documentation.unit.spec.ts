import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeTable } from '../access/route-table';
import { AppModule } from '../app.module';
import { CasesModule } from '../cases/cases.module';
import { ClientsModule } from '../clients/clients.module';
import { embeddedApi } from '../testing/api-harness';
import { endpointsOf, fetchOpenApi, servedRoutes } from '../../../../test/support/openapi';

const README = join(__dirname, '..', '..', '..', '..', 'README.md');

/** Path parameters are named differently in places (`{id}` for `{caseId}`): only their position counts. */
const shapeOf = (route: string): string => route.replace(/\{[^}]+\}/g, '{}');

/**
 * The routes README's API tables name, as `METHOD /path`: every backticked route in the first cell
 * of a table row (`GET /x`, `POST /x`, or a bare `/x` in the commands table, which are all POST),
 * without the query string a row shows.
 */
const readmeRoutes = (markdown: string): string[] =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => {
      const firstCell = line.split(/(?<!\\)\|/)[1] ?? '';
      return [...firstCell.matchAll(/`((?:GET|POST) )?(\/[^`?\s]*)[^`]*`/g)].map(
        ([, method, path]) => `${(method ?? 'POST ').trim()} ${path!}`,
      );
    });

describe('route documentation', () => {
  const caseApi = embeddedApi();

  /**
   * What the controllers declare (their metadata, as the guard reads it) together with what the
   * running app serves: a controller left out of a module is missed by neither list.
   */
  const registered = (): string[] => {
    const declared = routeTable([
      ...(Reflect.getMetadata('controllers', CasesModule) as []),
      ...(Reflect.getMetadata('controllers', ClientsModule) as []),
      ...(AppModule.forConfig(caseApi.config).controllers ?? []),
    ]).map(({ method, path }) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    return [...new Set([...declared, ...servedRoutes(caseApi.app)])];
  };

  it('reads the controllers’ routes as the app serves them', () => {
    expect(registered().sort()).toEqual([...new Set(servedRoutes(caseApi.app))].sort());
  });

  it('reads routes from README table rows, the commands table meaning POST', () => {
    const markdown = [
      '| route | what |',
      '| ----- | ---- |',
      '| `/cases/{id}/tasks` | a task |',
      '| `GET /agenda/{caseManagerId}?from=&to=` | the agenda |',
      '| `GET /health/live`, `GET /health/ready` (no token) | probes |',
      '| `case.read` | own |',
      '| `GET /reports/outcomes?groupBy=program\\|team` | `GET /not/a/route/cell` |',
    ].join('\n');
    expect(readmeRoutes(markdown)).toEqual([
      'POST /cases/{id}/tasks',
      'GET /agenda/{caseManagerId}',
      'GET /health/live',
      'GET /health/ready',
      'GET /reports/outcomes',
    ]);
  });

  it('names every route the controllers register in README’s API tables', () => {
    const documented = new Set(readmeRoutes(readFileSync(README, 'utf8')).map(shapeOf));
    const served = registered();
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((route) => !documented.has(shapeOf(route))).sort()).toEqual([]);
  });

  it('names no route in README’s API tables that the app does not serve', () => {
    const served = new Set(servedRoutes(caseApi.app).map(shapeOf));
    const stale = readmeRoutes(readFileSync(README, 'utf8')).filter((route) => !served.has(shapeOf(route)));
    expect(stale).toEqual([]);
  });

  it('documents every route the controllers register in the OpenAPI document', async () => {
    const document = await fetchOpenApi(caseApi.url);
    const documented = new Set(endpointsOf(document).map(({ method, path }) => `${method} ${path}`));
    const served = registered();
    expect(served.filter((route) => !documented.has(route)).sort()).toEqual([]);
  });
});
