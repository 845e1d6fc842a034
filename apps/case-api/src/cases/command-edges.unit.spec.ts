import { randomUUID } from 'node:crypto';
import { dayFromNow } from '../../../../test/support/clock';
import type { Persona } from '../../../../test/support/identity';
import { nameBasedId } from '@casetrail/platform';
import { embeddedApi, type Client, type Reply } from '../testing/api-harness';
import { engagement as defaultEngagement, personas } from '../testing/given';

/** The case-lifecycle e2e's engagement: no team, no case manager, no engagement time of its own. */
const engagement = (overrides: Record<string, unknown> = {}) =>
  defaultEngagement({
    teamId: undefined,
    caseManagerId: undefined,
    engagedAt: undefined,
    client: { givenName: 'Dana', familyName: 'Price', dateOfBirth: '1979-09-12' },
    presentingConcerns: 'Facing eviction after losing her job',
    ...overrides,
  });

/**
 * The edges of the command contract, over HTTP: stale versions, broken rules, bad credentials,
 * retries and bad input. Moved from the case-lifecycle e2e (which keeps the walk through a whole
 * case against Kafka and MongoDB): none of it needs more than the embedded app.
 */
describe('the edges of the command contract, over HTTP', () => {
  const caseApi = embeddedApi();
  const as = (persona: Persona): Client => caseApi.as(persona);
  const bearer = async (persona: Persona) => ({ authorization: `Bearer ${await caseApi.tokenFor(persona)}` });

  const engage = async (client: Client, overrides: Record<string, unknown> = {}) => {
    const response = await client.post('/cases', engagement(overrides));
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
    return response.body.caseId as string;
  };

  const versionOf = async (caseId: string) =>
    (await as(personas.auditor).get(`/cases/${caseId}`)).body.version;

  it('refuses a stale If-Match or ?expectedVersion with 409 and the actual version', async () => {
    const worker = as(personas.caseManager);
    const caseId = await engage(worker, { caseManagerId: 'cm-1' });
    const assessment = {
      needs: [{ needId: 'need-rent', domain: 'housing', severity: 'high' }],
      summary: 'Two months behind on rent',
    };

    const first = await worker.post(`/cases/${caseId}/assessments`, assessment, { 'if-match': '"1"' });
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(2);
    expect(first.headers.get('etag')).toBe('"2"');

    const stale = await worker.post(`/cases/${caseId}/assessments`, assessment, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      expectedVersion: 1,
      actualVersion: 2,
    });
    const staleQuery = await worker.post(`/cases/${caseId}/assessments?expectedVersion=1`, assessment);
    expect(staleQuery.status).toBe(409);
    expect(staleQuery.body).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actualVersion: 2 });

    const current = await worker.post(`/cases/${caseId}/assessments?expectedVersion=2`, assessment);
    expect(current.status).toBe(201);
    expect(current.body.version).toBe(3);
    expect(await versionOf(caseId)).toBe(3);
  });

  it('answers a broken rule with 422 and its domain code, an unknown case with 404, and a closed case until reopened', async () => {
    // An unassigned case in team north's queue: its supervisor works it until a case manager holds it.
    const supervisor = as(personas.supervisor);
    const worker = as(personas.caseManager);
    const caseId = await engage(supervisor, { teamId: 'north', caseManagerId: undefined });

    const planFirst = await supervisor.post(`/cases/${caseId}/plan/amendments`, {
      goalsAdded: [
        {
          domain: 'housing',
          target: { metric: 'rent arrears', value: 0, unit: 'USD' },
          dueDate: dayFromNow(30),
        },
      ],
      nextReviewDate: dayFromNow(14),
      reason: 'Plan before any assessment',
    });
    expect(planFirst.status).toBe(422);
    expect(planFirst.body).toMatchObject({ code: 'ASSESSMENT_REQUIRED' });

    const transferUnassigned = await supervisor.post(`/cases/${caseId}/transfer`, {
      toCaseManagerId: 'cm-2',
      reason: 'Rebalancing',
    });
    expect(transferUnassigned.status).toBe(422);
    expect(transferUnassigned.body).toMatchObject({ code: 'CASE_NOT_ASSIGNED' });

    // A well-formed code that no version of the agency's vocabulary has: the decider names the field.
    const unknownDomain = await supervisor.post(`/cases/${caseId}/assessments`, {
      needs: [{ needId: 'need-weather', domain: 'weather', severity: 'low' }],
      summary: 'A need in no domain the agency knows',
    });
    expect(unknownDomain.status).toBe(422);
    expect(unknownDomain.body).toMatchObject({
      code: 'INVALID_VOCABULARY_VALUE',
      details: { field: 'needs[0].domain', value: 'weather', vocabulary: 'need_domain' },
    });

    const unknown = await worker.post(`/cases/${randomUUID()}/assessments`, {
      needs: [{ domain: 'housing', severity: 'high' }],
      summary: 'Nobody here',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'CASE_NOT_FOUND' });

    const closed = await supervisor.post(`/cases/${caseId}/termination`, {
      reason: 'client_moved',
      goalOutcomes: [],
      summary: 'Moved out of state before assessment',
    });
    expect(closed.status).toBe(201);
    const contact = {
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: 'Client called: moving back next month',
      happenedAt: new Date().toISOString(),
    };
    const whileClosed = await supervisor.post(`/cases/${caseId}/contacts`, contact);
    expect(whileClosed.status).toBe(422);
    expect(whileClosed.body).toMatchObject({ code: 'CASE_CLOSED' });

    const reopened = await supervisor.post(`/cases/${caseId}/reopening`, {
      reason: 'Client returned to the county and asked for help again',
      caseManagerId: 'cm-2',
    });
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({ version: 3, events: [{ type: 'CaseReopened' }] });
    // Reopened onto cm-2's caseload: now they read it and records the contact.
    const lee = as(personas.otherCaseManager);
    expect((await lee.get(`/cases/${caseId}`)).body.state).toMatchObject({
      status: 'open',
      caseManagerId: 'cm-2',
      closing: null,
      reopenedCount: 1,
    });
    expect((await lee.post(`/cases/${caseId}/contacts`, contact)).status).toBe(201);
  });

  // Was "answers 401 to a request that names no actor" (x-actor-id / x-actor-role): since issue #7
  // only a verified bearer token names the actor, and those headers authenticate nobody.
  it('answers 401 to a request without a valid bearer token, whatever x-actor headers it carries, and records nothing', async () => {
    const caseId = await engage(as(personas.caseManager), { caseManagerId: 'cm-1' });
    const body = JSON.stringify({ needs: [{ domain: 'housing', severity: 'high' }], summary: 'Anonymous' });
    const post = (headers: Record<string, string>) =>
      fetch(`${caseApi.url}/cases/${caseId}/assessments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    // The case manager's own token with its payload altered: the signature no longer matches.
    const [header, payload, signature] = (await bearer(personas.caseManager)).authorization
      .slice(7)
      .split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: 'cm-2' })).toString('base64url'),
      signature,
    ];
    const attempts: [string, Record<string, string>, string][] = [
      ['no Authorization header', {}, 'TOKEN_MISSING'],
      [
        'only x-actor headers, naming the case manager who holds the case',
        { 'x-actor-id': 'cm-1', 'x-actor-role': 'case_manager' },
        'TOKEN_MISSING',
      ],
      [
        'x-actor headers naming a supervisor',
        { 'x-actor-id': 'sup-1', 'x-actor-role': 'supervisor' },
        'TOKEN_MISSING',
      ],
      ['a bearer that is no JWT', { authorization: 'Bearer not-a-token' }, 'TOKEN_MALFORMED'],
      [
        'a token whose payload was altered',
        { authorization: `Bearer ${tampered.join('.')}` },
        'TOKEN_INVALID',
      ],
    ];
    for (const [what, headers, code] of attempts) {
      const response = await post(headers);
      expect({ what, status: response.status, body: await response.json() }).toEqual({
        what,
        status: 401,
        body: expect.objectContaining({ code, message: expect.any(String) }),
      });
    }
    expect(await versionOf(caseId)).toBe(1);
    // The same request with the holder's real token is accepted: only the credentials were wrong.
    expect((await post(await bearer(personas.caseManager))).status).toBe(201);
    expect(await versionOf(caseId)).toBe(2);
  });

  it('replays a retried assessment with the same Idempotency-Key: same answer, flagged, recorded once', async () => {
    const worker = as(personas.caseManager);
    const caseId = await engage(worker, { caseManagerId: 'cm-1' });
    // No ids in the body: the API mints them, and a retry must decide the very same event.
    const assessment = {
      needs: [{ domain: 'housing', severity: 'critical' }],
      strengths: [{ domain: 'education' }],
      summary: 'Eviction notice served; has a vocational certificate',
    };
    const key = { 'idempotency-key': `assess-${randomUUID()}` };

    const first = await worker.post(`/cases/${caseId}/assessments`, assessment, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await worker.post(`/cases/${caseId}/assessments`, assessment, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);

    const trail = await worker.get(`/cases/${caseId}/events`);
    const recorded = trail.body.events.filter((event: any) => event.type === 'NeedAssessed');
    expect(recorded).toHaveLength(1);
    expect(trail.body.total).toBe(2);
    // The minted ids derive from the command's causation id, so any re-decision of the retry is identical.
    const { causationId, data } = recorded[0];
    expect(data.assessmentId).toBe(nameBasedId(causationId, 'assessment'));
    expect(data.needs[0].needId).toBe(nameBasedId(causationId, 'need', '0'));
    expect(data.strengths[0].strengthId).toBe(nameBasedId(causationId, 'strength', '0'));

    // A new key is a new assessment, with new minted ids.
    const another = await worker.post(`/cases/${caseId}/assessments`, assessment, {
      'idempotency-key': `assess-${randomUUID()}`,
    });
    expect(another.status).toBe(201);
    const assessments = (await worker.get(`/cases/${caseId}/events`)).body.events.filter(
      (event: any) => event.type === 'NeedAssessed',
    );
    expect(assessments).toHaveLength(2);
    expect(assessments[1].data.assessmentId).not.toBe(assessments[0].data.assessmentId);
    expect(assessments[1].data.needs[0].needId).not.toBe(assessments[0].data.needs[0].needId);
  });

  it('replays a retried engagement with the same Idempotency-Key onto the same case', async () => {
    const intake = as(personas.intake);
    const key = { 'idempotency-key': `engage-${randomUUID()}` };
    const first = await intake.post('/cases', engagement(), key);
    expect(first.status).toBe(201);
    const retry = await intake.post('/cases', engagement(), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.caseId).toBe(first.body.caseId);
    expect(retry.body).toEqual(first.body);
    expect((await intake.get(`/cases/${first.body.caseId}/events`)).body.total).toBe(1);
  });

  it('rejects bad bodies and bad path ids with 400 naming each field and rule, and records nothing', async () => {
    const worker = as(personas.caseManager);
    const caseId = await engage(worker, { caseManagerId: 'cm-1' });
    const path = `/cases/${caseId}`;
    const expectErrors = (response: Reply, errors: { field: string; rule: string }[]) => {
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(
        expect.arrayContaining(errors.map((error) => expect.objectContaining(error))),
      );
      const named = new Set(response.body.errors.map((error: any) => error.field));
      expect([...named].sort()).toEqual([...new Set(errors.map((error) => error.field))].sort());
    };

    expectErrors(
      await worker.post(`${path}/assessments`, {
        needs: [
          { domain: 'housing', severity: 'extreme' },
          // A domain's shape is the edge's to check, whether it is in force the domain's (below).
          { needId: 'bad id!', domain: 'Weather!', severity: 'low' },
        ],
        scores: [{ tool: 'PHQ-9', score: '11' }],
        summary: 'x'.repeat(10_001),
        mood: 'sad',
      }),
      [
        { field: 'needs.0.severity', rule: 'isIn' },
        { field: 'needs.1.needId', rule: 'matches' },
        { field: 'needs.1.domain', rule: 'matches' },
        { field: 'scores.0.score', rule: 'isNumber' },
        { field: 'summary', rule: 'maxLength' },
        { field: 'mood', rule: 'whitelistValidation' },
      ],
    );

    expectErrors(
      await worker.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            domain: 'housing',
            target: { metric: 'voucher', value: 'one', unit: '' },
            dueDate: '2027-02-30',
            milestones: [{ dueDate: 'soon' }],
          },
        ],
        nextReviewDate: 'next month',
        reason: '',
      }),
      [
        { field: 'goalsAdded.0.target.value', rule: 'isNumber' },
        { field: 'goalsAdded.0.target.unit', rule: 'isNotEmpty' },
        { field: 'goalsAdded.0.dueDate', rule: 'isIso8601' },
        { field: 'goalsAdded.0.milestones.0.dueDate', rule: 'matches' },
        { field: 'nextReviewDate', rule: 'matches' },
        { field: 'reason', rule: 'isNotEmpty' },
      ],
    );

    expectErrors(
      await worker.post(`${path}/contacts`, {
        contactType: 'Carrier pigeon',
        participants: [{ kind: 'neighbour' }],
        durationMinutes: 0,
        summary: 'Left a note',
      }),
      [
        { field: 'contactType', rule: 'matches' },
        { field: 'participants.0.kind', rule: 'isIn' },
        { field: 'durationMinutes', rule: 'min' },
        { field: 'happenedAt', rule: 'isIso8601' },
      ],
    );

    expectErrors(
      await worker.post(`${path}/goals/goal-1/progress`, { progress: 'nearly', measuredValue: 1e12 }),
      [
        { field: 'progress', rule: 'isIn' },
        { field: 'measuredValue', rule: 'max' },
      ],
    );

    expectErrors(
      await worker.post(`${path}/termination`, {
        reason: 'Bored!',
        goalOutcomes: [{ goalId: 'goal-1', outcome: 'meh' }],
        summary: 'Closing',
      }),
      [
        { field: 'reason', rule: 'matches' },
        { field: 'goalOutcomes.0.outcome', rule: 'isIn' },
      ],
    );

    // Path ids follow the same rule as body ids.
    // Ids become field names in stored documents, where a dot is a path separator (FerretDB refuses it).
    expectErrors(
      await worker.post(`${path}/referrals`, {
        referralId: 'ref.1',
        providerId: 'housing.org',
        serviceType: 'benefits',
      }),
      [
        { field: 'referralId', rule: 'matches' },
        { field: 'providerId', rule: 'matches' },
      ],
    );
    // Assigning is a supervisor's command: a case manager would be refused before the id is read.
    expectErrors(
      await as(personas.supervisor).post('/cases/not%20an%20id/assignment', { caseManagerId: 'cm-2' }),
      [{ field: 'caseId', rule: 'matches' }],
    );
    expectErrors(await worker.post(`${path}/referrals/${'r'.repeat(129)}/status`, { status: 'accepted' }), [
      { field: 'referralId', rule: 'maxLength' },
    ]);

    expect(await versionOf(caseId)).toBe(1);
  });
});
