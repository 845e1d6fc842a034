import { ACTIONS, OBJECT_LEVEL_ACTIONS } from '@casetrail/domain';
import { loadConfig } from '@casetrail/platform';
import { AppModule } from '../app.module';
import { CasesModule } from '../cases/cases.module';
import { ClientsModule } from '../clients/clients.module';
import { routeTable } from './route-table';

const controllers = () => [
  ...(Reflect.getMetadata('controllers', CasesModule) as []),
  ...(Reflect.getMetadata('controllers', ClientsModule) as []),
  ...(AppModule.forConfig(loadConfig({})).controllers ?? []),
];

describe('every route has a policy entry', () => {
  const routes = routeTable(controllers());

  it('finds the routes (a table that read nothing would pass anything)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes).toContainEqual({
      method: 'POST',
      path: '/cases/:caseId/transfer',
      action: 'case.transfer',
    });
    expect(routes).toContainEqual({ method: 'GET', path: '/cases/:caseId', action: 'case.read' });
  });

  it.each(routeTable(controllers()).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s names an action of the policy, or is public',
    (_, route) => {
      expect(route.action === 'public' || ACTIONS.includes(route.action!)).toBe(true);
    },
  );

  it('uses every action of the policy somewhere (an action no route names is dead policy)', () => {
    // case.void-closure is chosen by the command handler from the entry a void names, not by a route.
    const used = new Set([...routes.map((r) => r.action), ...OBJECT_LEVEL_ACTIONS]);
    expect(ACTIONS.filter((action) => !used.has(action))).toEqual([]);
  });
});
