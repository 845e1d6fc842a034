import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

const DAY_MS = 86_400_000;
const window = () => {
  const from = new Date(Date.now() - DAY_MS).toISOString();
  const to = new Date(Date.now() + DAY_MS).toISOString();
  return `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
};

describe('GET /agenda/:caseManagerId: a worker’s appointments and open tasks due in a window', () => {
  const api = embeddedApi();
  let caseId = '';

  itKeepsTheQueryContract(api, {
    path: '/agenda/cm-1',
    as: personas.caseManager,
    refused: personas.analyst,
    invalid: { from: ['matches', '?from=friday'], to: ['matches', '?to=soon'] },
  });

  beforeAll(async () => {
    const ready = await given(api).case(steps.assessed(), steps.planned(), steps.scheduled(), steps.tasked())
      .ready;
    caseId = ready.caseId;
  });

  it('lists the worker’s appointment and overdue task with the case number, no sealed text', async () => {
    const answer = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.caseManager)
        .get(`/agenda/cm-1${window()}`)
        .then(200, { caseManagerId: 'cm-1', counts: { appointments: 1, tasks: 1, overdueTasks: 1 } }),
    );
    const body = answer.body as {
      items: { caseId: string; kind: string; overdue: boolean; caseNumber: string }[];
    };
    expect(body.items.map((i) => [i.caseId, i.kind, i.overdue])).toEqual(
      expect.arrayContaining([
        [caseId, 'appointment', false],
        [caseId, 'task', true],
      ]),
    );
    expect(JSON.stringify(body)).not.toContain('housing application');
  });

  it('shows the team’s supervisor, gives a program manager counts only, and refuses another worker', async () => {
    await eventually(() =>
      given(api)
        .nothing()
        .when(personas.supervisor)
        .get(`/agenda/cm-1${window()}`)
        .then(200, { counts: { appointments: 1, tasks: 1 } }),
    );
    const counts = await given(api)
      .nothing()
      .when(personas.programManager)
      .get(`/agenda/cm-1${window()}`)
      .then(200, { counts: { appointments: 1, tasks: 1 } });
    expect(counts.body).not.toHaveProperty('items');
    await given(api)
      .nothing()
      .when(personas.otherCaseManager)
      .get('/agenda/cm-1')
      .then(403, { code: 'SCOPE_FORBIDDEN' });
  });

  it('shows the overdue task on the caseload, counted at the read’s instant', async () => {
    const answer = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.caseManager)
        .get('/caseloads/cm-1')
        .then(200, { cases: [expect.objectContaining({ caseId, overdueTasks: 1 })] }),
    );
    const row = (answer.body as { cases: { earliestOverdueTaskDueAt: string | null }[] }).cases[0];
    expect(row?.earliestOverdueTaskDueAt).toEqual(expect.any(String));
  });

  it('is 422 WINDOW_INVALID for a window that ends before it starts', async () => {
    await given(api)
      .nothing()
      .when(personas.caseManager)
      .get('/agenda/cm-1?from=2026-02-01&to=2026-01-01')
      .then(422, { code: 'WINDOW_INVALID' });
  });
});
