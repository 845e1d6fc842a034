import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantBetweenRequests } from '../../../../../test/support/clock';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps, type GivenCase } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('GET /cases/:caseId and /events: a case now or as it stood, and its audit trail', () => {
  const api = embeddedApi();
  const asOfRules = { asOf: ['matches', '?asOf=yesterday'], basis: ['isIn', '?basis=hearsay'] } as const;

  itKeepsTheQueryContract(api, {
    path: '/cases/:caseId',
    as: personas.caseManager,
    refused: personas.analyst,
    invalid: asOfRules,
  });
  itKeepsTheQueryContract(api, {
    path: '/cases/:caseId/events',
    as: personas.auditor,
    refused: personas.programManager,
    invalid: asOfRules,
  });

  it('answers the state and version with an ETag, for the case manager, the team and an auditor', async () => {
    const opened = await given(api).case(steps.assessed()).ready;
    for (const reader of [personas.caseManager, personas.supervisor, personas.auditor])
      await opened
        .when(reader)
        .get('/cases/:caseId')
        .then(200, { caseId: opened.caseId, version: 2, state: { status: 'open' } }, { etag: '"2"' });
  });

  it('shows the ledger of entries, each flagged recordedLate when written up on a later day', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const { body } = await given(api)
      .case(steps.engaged({ engagedAt: twoDaysAgo }), steps.assessed())
      .when(personas.auditor)
      .get('/cases/:caseId')
      .then(200, { version: 2 });
    const entries = Object.values<{ type: string; recordedLate: boolean }>(body.state.ledger.entries);
    expect(entries.map((e) => [e.type, e.recordedLate])).toEqual([
      ['ClientEngaged', true],
      ['NeedAssessed', false],
    ]);
    // The anchors are the rules' bookkeeping: not part of what a reader gets.
    expect(Object.keys(body.state.ledger)).toEqual(['entries', 'voided']);
  });

  it('lists every event with its actor, when it happened and when it was recorded', async () => {
    const { body } = await given(api)
      .case(steps.assessed())
      .when(personas.auditor)
      .get('/cases/:caseId/events')
      .then(200, { total: 2 });
    expect(body.events).toEqual([
      expect.objectContaining({
        type: 'ClientEngaged',
        version: 1,
        actor: { id: 'intake-1', role: 'intake_worker' },
      }),
      expect.objectContaining({
        type: 'NeedAssessed',
        version: 2,
        actor: { id: 'cm-1', role: 'case_manager' },
      }),
    ]);
    for (const event of body.events)
      expect(event).toMatchObject({ occurredAt: expect.any(String), recordedAt: expect.any(String) });
  });

  it('answers the client, opened from the engagement, beside a state that holds only their id', async () => {
    const { body } = await given(api)
      .case()
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, {
        client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
        clientData: 'present',
        erasure: null,
      });
    expect(body.state.clientId).toEqual(body.clientId);
    expect(JSON.stringify(body.state)).not.toContain('Moss');
  });

  it('opens each event’s client data for the history, and the journal holds none of it', async () => {
    // A supervisor sees all of it; an auditor sees no free text (masking, below).
    const { body } = await given(api)
      .case(steps.assessed())
      .when(personas.supervisor)
      .get('/cases/:caseId/events')
      .then(200, { total: 2 });
    expect(body.events).toEqual([
      expect.objectContaining({
        type: 'ClientEngaged',
        clientData: 'present',
        pii: expect.objectContaining({ client: expect.objectContaining({ familyName: 'Moss' }) }),
      }),
      expect.objectContaining({
        type: 'NeedAssessed',
        clientData: 'present',
        pii: expect.objectContaining({ summary: 'Sleeping in a car' }),
      }),
    ]);
    const journal = readFileSync(join(api.config.dataDir, 'events.journal'), 'utf8');
    expect(journal).not.toContain('Sleeping in a car');
  });

  it('shows the case as the agency knew it then, or as it had happened by then', async () => {
    const opened = await given(api).case().ready;
    const before = await instantBetweenRequests();
    // Recorded after `before`, about a call an hour earlier.
    await opened.when(personas.caseManager).post('/cases/:caseId/contacts', steps.contacted().body).then(201);
    const asOf = `/cases/:caseId?asOf=${encodeURIComponent(before)}`;
    const known = await opened
      .when(personas.caseManager)
      .get(asOf)
      .then(200, { version: 1, asOf: before, basis: 'recorded' });
    expect(known.body.state.contacts).toEqual({});
    await opened
      .when(personas.caseManager)
      .get(`${asOf}&basis=occurred`)
      .then(200, { version: 2, basis: 'occurred', state: { contacts: { 'contact-1': expect.any(Object) } } });
    await opened
      .when(personas.caseManager)
      .get('/cases/:caseId/events?asOf=2000-01-01T00:00:00Z')
      .then(404, { code: 'CASE_NOT_FOUND' });
  });
  it('shows consent as it stood: granted, then narrowed, then revoked', async () => {
    const opened = await given(api).case(steps.consented()).ready;
    const granted = await instantBetweenRequests();
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/consents/consent-1/narrowing', { categories: ['mental_health', 'case_record'] })
      .then(201);
    const narrowed = await instantBetweenRequests();
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/consents/consent-1/revocation', {})
      .then(201);
    const at = (instant: string) => `/cases/:caseId?asOf=${encodeURIComponent(instant)}`;
    const consentAt = async (path: string) =>
      (await opened.when(personas.caseManager).get(path).then(200)).body.state.consents['consent-1'];
    expect(await consentAt(at(granted))).toMatchObject({
      categories: ['substance_use', 'mental_health', 'case_record'],
      revokedAt: null,
    });
    expect(await consentAt(at(narrowed))).toMatchObject({
      categories: ['mental_health', 'case_record'],
      revokedAt: null,
    });
    expect(await consentAt('/cases/:caseId')).toMatchObject({
      categories: ['mental_health', 'case_record'],
      revokedAt: expect.any(String),
    });
  });

  describe('masked by the reader’s role', () => {
    let sensitive: GivenCase;
    beforeAll(async () => {
      sensitive = await given(api).case(steps.assessedSensitively()).ready;
    });

    it('shows a case manager the mental-health and safety needs and says nothing was masked', async () => {
      const { body } = await sensitive
        .when(personas.caseManager)
        .get('/cases/:caseId')
        .then(200, { masked: [] });
      expect(Object.keys(body.state.assessments.needs).sort()).toEqual([
        'need-1',
        'need-mood',
        'need-safety',
      ]);
      expect(body.state.assessments.highestSeverity).toBe('critical');
    });

    it('leaves an auditor’s state without the mental-health and safety needs, and says so', async () => {
      const { body } = await sensitive.when(personas.auditor).get('/cases/:caseId').then(200);
      expect(body.state.assessments.needs).toEqual({});
      expect(body.state.assessments.highestSeverity).toBeNull();
      expect(body.masked).toEqual(
        expect.arrayContaining([
          { path: 'assessments.needs', category: 'mental_health', count: 1 },
          { path: 'assessments.needs', category: 'safety', count: 1 },
        ]),
      );
      expect(JSON.stringify(body.state)).not.toMatch(/mental_health|"safety"|critical|moderate/);
    });

    it('leaves an auditor’s events without the needs and the free text a case manager sees', async () => {
      const manager = await sensitive.when(personas.caseManager).get('/cases/:caseId/events').then(200);
      const managerAssessment = manager.body.events[1];
      expect(managerAssessment).toMatchObject({
        pii: { summary: 'Hiding from a violent partner; low mood' },
        masked: [],
      });
      expect(JSON.stringify(managerAssessment.data)).toMatch(/mental_health.*safety/);

      const { body } = await sensitive
        .when(personas.auditor)
        .get('/cases/:caseId/events')
        .then(200, { total: 2 });
      const [engaged, assessment] = body.events;
      expect(assessment.data).not.toHaveProperty('needs');
      expect(assessment.pii).not.toHaveProperty('summary');
      expect(assessment.masked).toEqual(
        expect.arrayContaining([
          { part: 'data', path: 'needs[].severity', category: 'mental_health' },
          { part: 'data', path: 'needs[].severity', category: 'safety' },
          { part: 'pii', path: 'summary', category: 'substance_use' },
        ]),
      );
      // The engagement keeps who the client is, without why they came.
      expect(engaged.pii).toEqual({
        client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
      });
      expect(engaged.masked).toContainEqual({
        part: 'pii',
        path: 'presentingConcerns',
        category: 'substance_use',
      });
      expect(JSON.stringify(body)).not.toMatch(/Hiding|low mood|Homeless after discharge|critical|moderate/);
    });
  });
});
