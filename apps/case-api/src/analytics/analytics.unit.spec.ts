import { eventually } from '../../../../test/support/http';
import type { Persona } from '../../../../test/support/identity';
import { embeddedApi } from '../testing/api-harness';
import { given, invalid, personas, steps } from '../testing/given';
import { itKeepsTheQueryContract } from '../testing/query-contract';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${day(-2)}&to=${day(2)}`;
/** What the case's records say of the client, none of which an analyst may ever see. */
const SECRETS = [
  'Zephyrine',
  'Quillfeather',
  '1961-02-03',
  'Marrowgate',
  'Homeless after discharge',
  'Called the client',
  'Signed the Part 2 form',
  'Client moved away',
];

const ANALYST_2: Persona = { id: 'analyst-2', role: 'analyst' };

type Listed = { case: string; programId: string; stage: string; status: string; engagedAt: string };

describe('GET /analytics/timelines: cases’ courses with no one named', () => {
  const api = embeddedApi();
  const otherProgramManager = { id: 'pm-2', role: 'program_manager', programs: ['elsewhere'] } as const;

  itKeepsTheQueryContract(api, {
    path: `/analytics/timelines?${PERIOD}`,
    as: personas.analyst,
    refused: personas.caseManager,
    invalid: {
      programId: ['matches', '&programId=%20'],
      shiftDates: ['isIn', '&shiftDates=maybe'],
      limit: ['max', '&limit=501'],
      from: ['matches', '&from=yesterday'],
    },
  });

  let caseId = '';
  beforeAll(async () => {
    const told = await given(api).case(
      steps.engaged({
        client: { givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: '1961-02-03' },
        presentingConcerns: 'Homeless after discharge, sleeps near Marrowgate Lane',
      }),
      steps.assessed(),
      steps.planned(),
      steps.referred(),
      steps.contacted(),
      steps.consented(),
    ).ready;
    caseId = told.caseId;
  });

  const listed = async (as: Persona, query = '') => {
    const { body } = await eventually(() =>
      given(api)
        .nothing()
        .when(as)
        .get(`/analytics/timelines?${PERIOD}${query}`)
        .then(200, { cases: [expect.objectContaining({ programId: 'housing-first' })] }),
    );
    return (body as { cases: Listed[] }).cases;
  };

  it('lists the cases engaged in the period by pseudonym, and reads a course back by it', async () => {
    const [entry] = await listed(personas.analyst);
    expect(entry).toEqual({
      case: expect.stringMatching(/^c_[A-Za-z0-9_-]+$/),
      programId: 'housing-first',
      stage: expect.any(String),
      status: 'open',
      engagedAt: expect.any(String),
    });
    expect(entry!.case).not.toContain(caseId);
    // The same analyst gets the same pseudonym again; another analyst gets another.
    expect((await listed(personas.analyst))[0]!.case).toBe(entry!.case);
    const other = await listed(ANALYST_2);
    expect(other[0]!.case).not.toBe(entry!.case);

    const course = await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/analytics/timelines/${entry!.case}`)
      .then(200, { case: entry!.case });
    const events = (course.body as { events: { type: string; actor: { id: string } }[] }).events;
    expect(events.map((e) => e.type)).toEqual([
      'ClientEngaged',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
      'ContactRecorded',
      'ConsentGranted',
    ]);
    const text = JSON.stringify(course.body);
    for (const secret of [...SECRETS, caseId, 'cm-1', 'intake-1', 'need-1', 'goal-1', 'clinic-1'])
      expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
    // Another analyst cannot read this analyst's pseudonym: to them it names no case.
    await given(api)
      .nothing()
      .when(ANALYST_2)
      .get(`/analytics/timelines/${entry!.case}`)
      .then(404, { code: 'CASE_NOT_FOUND' });
  });

  it('shifts dates per case when asked, the same for the list and the course', async () => {
    const [plain] = await listed(personas.analyst);
    const [shifted] = await listed(personas.analyst, '&shiftDates=true');
    const days = (Date.parse(shifted!.engagedAt) - Date.parse(plain!.engagedAt)) / 86_400_000;
    expect(Number.isInteger(days) && Math.abs(days) <= 30).toBe(true);
    const course = async (query: string) =>
      (
        await given(api)
          .nothing()
          .when(personas.analyst)
          .get(`/analytics/timelines/${plain!.case}${query}`)
          .then(200)
      ).body as { events: { occurredAt: string; recordedAt: string }[] };
    const [asRecorded, moved] = [await course(''), await course('?shiftDates=true')];
    expect(moved.events).toHaveLength(asRecorded.events.length);
    // Every instant moves by the case's same whole days: the intervals between them survive.
    moved.events.forEach((event, i) => {
      const original = asRecorded.events[i]!;
      expect(Date.parse(event.occurredAt) - Date.parse(original.occurredAt)).toBe(days * 86_400_000);
      expect(Date.parse(event.recordedAt) - Date.parse(original.recordedAt)).toBe(days * 86_400_000);
    });
  });

  it('keeps a program manager to their programs, and sees less of each course', async () => {
    const [entry] = await listed(personas.programManager, '&programId=housing-first');
    await given(api)
      .nothing()
      .when(personas.programManager)
      .get(`/analytics/timelines?${PERIOD}&programId=elsewhere`)
      .then(403, { code: 'SCOPE_FORBIDDEN' });
    const course = await given(api)
      .nothing()
      .when(personas.programManager)
      .get(`/analytics/timelines/${entry!.case}`)
      .then(200);
    // The record's own facts only: no need's domain or severity, no service, no goal's domain.
    expect(JSON.stringify(course.body)).not.toMatch(/"domain"|"severity"|"serviceType"/);
    const analyst = await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/analytics/timelines/${(await listed(personas.analyst))[0]!.case}`)
      .then(200);
    expect(JSON.stringify(analyst.body)).toMatch(/"domain"/);
    const theirs = await eventually(() =>
      given(api)
        .nothing()
        .when(otherProgramManager)
        .get(`/analytics/timelines?${PERIOD}`)
        .then(200, { cases: [] }),
    );
    expect(theirs.body).toMatchObject({ cases: [] });
  });

  it('is 404 for a forged pseudonym, 400 for a malformed one, and records reads in the case’s access log', async () => {
    await given(api)
      .nothing()
      .when(personas.analyst)
      .get('/analytics/timelines/c_!')
      .then(400, invalid('pseudonym', 'matches'));
    for (const forged of ['c_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', caseId, 'goal_xyz'])
      await given(api)
        .nothing()
        .when(personas.analyst)
        .get(`/analytics/timelines/${encodeURIComponent(forged)}`)
        .then(404, { code: 'CASE_NOT_FOUND' });
    const [entry] = await listed(personas.analyst);
    await given(api).nothing().when(personas.analyst).get(`/analytics/timelines/${entry!.case}`).then(200);
    const log = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.supervisor)
        .get(`/cases/${caseId}/access-log?limit=500`)
        .then(200, {
          entries: expect.arrayContaining([
            expect.objectContaining({ actorId: 'analyst-1', route: 'GET /analytics/timelines/:pseudonym' }),
            expect.objectContaining({ actorId: 'analyst-1', route: 'GET /analytics/timelines' }),
          ]),
        }),
    );
    expect(log.status).toBe(200);
  });
});
