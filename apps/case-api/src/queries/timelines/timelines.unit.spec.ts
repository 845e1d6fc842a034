import { READ_MODEL_STORE, TIMELINES, type ReadModelStore, type Timeline } from '@casetrail/read-models';
import { instantBetweenRequests } from '../../../../../test/support/clock';
import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps, type GivenCase } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('GET /cases/:caseId/timeline: a case told as readable entries', () => {
  const api = embeddedApi();
  let told: GivenCase;
  let beforeContact: string;

  itKeepsTheQueryContract(api, {
    path: '/cases/:caseId/timeline',
    as: personas.caseManager,
    refused: personas.analyst,
    invalid: {
      types: ['isIn', '?types=NoSuchEvent'],
      categories: ['isIn', '?categories=gossip'],
      from: ['matches', '?from=last-week'],
      asOf: ['matches', '?asOf=yesterday'],
      limit: ['min', '?limit=0'],
    },
  });

  beforeAll(async () => {
    told = await given(api).case(steps.assessed(), steps.planned(), steps.referred()).ready;
    beforeContact = await instantBetweenRequests();
    await told.when(personas.caseManager).post('/cases/:caseId/contacts', steps.contacted().body).then(201);
  });

  it('tells every event with who did it, a title and a detail, caught up', async () => {
    const { body } = await eventually(() =>
      told
        .when(personas.caseManager)
        .get('/cases/:caseId/timeline?order=asc')
        .then(200, {
          caseId: told.caseId,
          clientName: 'Ada Moss',
          total: 5,
          freshness: { behindByEvents: 0 },
        }),
    );
    // In the order it happened: the call (an hour ago) came before today's assessment.
    expect(body.entries.map((e: { type: string }) => e.type)).toEqual([
      'ClientEngaged',
      'ContactRecorded',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
    ]);
    for (const entry of body.entries)
      expect(entry).toMatchObject({
        actor: { id: expect.any(String) },
        title: expect.any(String),
        detail: expect.any(String),
      });
  });

  it('filters by type, pages, and shows the timeline as it stood before the contact', async () => {
    const contacts = await told
      .when(personas.caseManager)
      .get('/cases/:caseId/timeline?types=ContactRecorded')
      .then(200);
    expect(contacts.body.entries).toHaveLength(1);
    expect(contacts.body.entries[0].detail).toContain('Called the client');
    const earlier = await told
      .when(personas.caseManager)
      .get(`/cases/:caseId/timeline?asOf=${encodeURIComponent(beforeContact)}`)
      .then(200, { total: 4 });
    expect(earlier.body.entries.map((e: { type: string }) => e.type)).not.toContain('ContactRecorded');
    const paged = await told
      .when(personas.caseManager)
      .get('/cases/:caseId/timeline?limit=2&offset=2&order=asc')
      .then(200);
    expect(paged.body.entries.map((e: { version: number }) => e.version)).toEqual([2, 3]);
  });

  it('answers as of a past instant with the version then, and 404 for a case that did not exist then', async () => {
    await eventually(() =>
      told.when(personas.caseManager).get('/cases/:caseId/timeline').then(200, { total: 5 }),
    );
    await told
      .when(personas.caseManager)
      .get(`/cases/:caseId/timeline?asOf=${encodeURIComponent(beforeContact)}`)
      .then(200, { version: 4, total: 4 });
    await told
      .when(personas.caseManager)
      .get('/cases/:caseId/timeline?asOf=2000-01-01T00:00:00Z')
      .then(404, { code: 'CASE_NOT_FOUND' });
  });

  it('is 422 INVALID_PERIOD when the period ends before it starts, with the body the reports answer', async () => {
    const [from, to] = ['2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z'];
    const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const timeline = await told
      .when(personas.caseManager)
      .get(`/cases/:caseId/timeline?${period}`)
      .then(422, { code: 'INVALID_PERIOD' });
    const report = await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/reports/outcomes?${period}`)
      .then(422, { code: 'INVALID_PERIOD' });
    // The same problem body; only `instance`, the request it answers, differs.
    expect({ ...timeline.body, instance: null }).toEqual({ ...report.body, instance: null });
    await told
      .when(personas.caseManager)
      .get('/cases/:caseId/timeline?from=2026-03-02&to=2026-03-01')
      .then(422, { code: 'INVALID_PERIOD', message: '`from` must be before `to`' });
  });

  it('answers 503 READ_MODEL_REBUILD_REQUIRED, naming no client, for a timeline stored by an earlier release', async () => {
    const old = await given(api).case().ready;
    const timelines = api.app.get<ReadModelStore>(READ_MODEL_STORE).collection<Timeline>(TIMELINES);
    const stored = await eventually(async () => {
      const doc = await timelines.get(old.caseId);
      if (!doc) throw new Error('not projected yet');
      return doc;
    });
    // What the earlier release stored: no shape mark, a sentence per entry.
    const { shape: _shape, ...unmarked } = stored;
    const sentences = { ...unmarked, entries: [{ title: 'Client engaged', detail: 'Ada Moss' }] };
    expect(await timelines.put(sentences as unknown as Timeline, stored.version)).toBe(true);
    const answer = await old
      .when(personas.caseManager)
      .get('/cases/:caseId/timeline')
      .then(503, { code: 'READ_MODEL_REBUILD_REQUIRED' });
    expect(answer.body.message).toContain('casetrail rebuild timelines');
    expect(JSON.stringify(answer.body)).not.toContain('Ada');
  });

  describe('masked by the reader’s role', () => {
    let sensitive: GivenCase;
    beforeAll(async () => {
      sensitive = await given(api).case(steps.assessedSensitively()).ready;
    });
    const assessmentOf = async (persona: (typeof personas)[keyof typeof personas]) => {
      const { body } = await eventually(() =>
        sensitive.when(persona).get('/cases/:caseId/timeline?types=NeedAssessed').then(200, { total: 1 }),
      );
      return { body, entry: body.entries[0] };
    };

    it('words a case manager’s assessment with its mental-health and safety needs and its free text', async () => {
      const { entry } = await assessmentOf(personas.caseManager);
      expect(entry.masked).toEqual([]);
      expect(entry.detail).toMatch(/mental health/i);
      expect(entry.detail).toMatch(/safety/i);
      expect(entry.detail).toContain('Hiding from a violent partner');
    });

    it('gives an auditor the entry without those needs or the free text, and says what was left out', async () => {
      const { entry } = await assessmentOf(personas.auditor);
      expect(entry).toMatchObject({ type: 'NeedAssessed', category: 'assessment', version: 2 });
      expect(entry.masked).toEqual(
        expect.arrayContaining([
          { part: 'data', path: 'needs[].severity', category: 'mental_health' },
          { part: 'data', path: 'needs[].severity', category: 'safety' },
          { part: 'pii', path: 'summary', category: 'substance_use' },
        ]),
      );
      // The masked list names the categories withheld (by design); the words name none of it.
      expect(`${entry.title} ${entry.detail}`).not.toMatch(
        /mental|safety|critical|moderate|Hiding|low mood/i,
      );
    });

    it('keeps an auditor’s engagement title, without why the client came', async () => {
      const { body } = await eventually(() =>
        sensitive
          .when(personas.auditor)
          .get('/cases/:caseId/timeline?types=ClientEngaged')
          .then(200, { total: 1 }),
      );
      expect(body.entries[0].title).toMatch(/^Client engaged in program housing-first/);
      expect(body.entries[0].detail).not.toContain('Homeless after discharge');
      expect(body.entries[0].masked).toContainEqual({
        part: 'pii',
        path: 'presentingConcerns',
        category: 'substance_use',
      });
    });
  });
});
