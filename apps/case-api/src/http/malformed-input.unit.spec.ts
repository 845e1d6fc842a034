import { writeFileSync } from 'node:fs';
import { isAccessStream } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  generateMalformedRequests,
  type MalformedRequest,
} from '../../../../test/support/malformed-requests';
import { endpointsOf, fetchOpenApi, type OpenApiDocument } from '../../../../test/support/openapi';
import { seedFromEnv, seededRandom } from '../../../../test/support/random';
import { embeddedApi } from '../testing/api-harness';
import { engagement, steps } from '../testing/given';

/**
 * 1,200 malformed requests over every command endpoint the OpenAPI document lists (so a new
 * endpoint is covered without touching this file), aimed at real cases, referrals, contacts and
 * goals: each must be refused with a 4xx that names the problem, nothing may be recorded, and no
 * prototype may be polluted. Replay a run with CASETRAIL_MALFORMED_SEED=<seed>; list every answer that
 * broke the contract with CASETRAIL_MALFORMED_REPORT=<file>.
 */
const SEED = seedFromEnv('CASETRAIL_MALFORMED_SEED');
// Enough for at least 20 generated requests per endpoint as endpoints are added.
const TOTAL = 2_200;
const CONCURRENCY = 8;
const MIN_PER_ENDPOINT = 40;
const HOUR_MS = 3_600_000;

/** Every family of malformation the generator makes; each must show up in a run. */
const KINDS = [
  'missing-required',
  'wrong-type',
  'unknown-field',
  'string-too-long',
  'string-empty',
  'bad-id',
  'bad-enum',
  'bad-date',
  'bad-email',
  'number-out-of-range',
  'too-many-items',
  'bad-items',
  'array-for-object',
  'deep-nesting',
  'prototype-key',
  'syntax',
  'not-an-object',
  'empty',
  'too-large',
  'content-type',
  'header',
  'path-id',
] as const;

interface Answer {
  readonly request: MalformedRequest;
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
const inPool = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
};

/** An access entry's data, as far as these tests read it. */
interface AccessData {
  readonly route?: string;
  readonly outcome?: string;
  readonly cases: readonly { readonly caseId: string }[];
}

/** What is wrong with an answer to a malformed request; empty when it is right. */
const problemsWith = ({ request, status, contentType, text }: Answer): string[] => {
  const problems: string[] = [];
  if (status < 400 || status > 499) problems.push(`status ${status} is not a 4xx`);
  else if (!request.expect.statuses.includes(status))
    problems.push(`status ${status}, expected ${request.expect.statuses.join(' or ')}`);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    problems.push(`body is not JSON (${contentType ?? 'no content type'})`);
    return problems;
  }
  if (typeof body?.code !== 'string' || body.code === '') problems.push('body has no code');
  if (typeof body?.message !== 'string') problems.push('body has no message');
  if (request.expect.code !== undefined && body?.code !== request.expect.code)
    problems.push(`code ${body?.code}, expected ${request.expect.code}`);
  if (body?.code === 'VALIDATION_FAILED') {
    const errors: unknown = body.errors;
    if (!Array.isArray(errors) || errors.length === 0) problems.push('VALIDATION_FAILED without errors');
    else if (
      !errors.every(
        (error: any) =>
          typeof error?.field === 'string' &&
          error.field !== '' &&
          typeof error?.rule === 'string' &&
          error.rule !== '',
      )
    )
      problems.push('an error entry lacks field or rule');
  }
  return problems;
};

const describeAnswer = (answer: Answer, problems: readonly string[]): string => {
  const { request } = answer;
  const text = answer.text.length > 240 ? `${answer.text.slice(0, 240)}…` : answer.text;
  return `${request.endpoint} [${request.kind}] ${request.description} (path ${request.path.slice(0, 120)}) -> ${problems.join('; ')}: ${text}`;
};

const prototypeNames = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) =>
    Object.getOwnPropertyNames(proto).sort(),
  );

describe(`malformed requests on every command endpoint (seed ${SEED})`, () => {
  const caseApi = embeddedApi();
  let document: OpenApiDocument;
  let openCase: string;
  let closedCase: string;
  let requests: MalformedRequest[];
  let answers: Answer[];
  let before: StoreState;
  let after: StoreState;
  let prototypesBefore: string[][];

  const auditor = () => caseApi.as({ id: 'auditor-1', role: 'auditor' });

  /**
   * Everything the store holds, read through the API and straight from the app's event store
   * (the journal): the cases' events, and apart from them the access log's entries (the store's global log holds both;
   * each read here is itself recorded there).
   */
  const storeState = async () => {
    const streams = await Promise.all(
      [openCase, closedCase].map(async (caseId) => {
        const reply = await auditor().get(`/cases/${caseId}/events`);
        expect(reply.status).toBe(200);
        return (reply.body.events as { eventId: string; version: number; position: number }[]).map(
          (e) => `${caseId}@${e.version}#${e.position} ${e.eventId}`,
        );
      }),
    );
    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    const { events: all } = await store.readAll(0, 1_000_000);
    // The whole log was read: its last event is the store's head.
    expect(await store.headPosition()).toBe(all.at(-1)?.position ?? 0);
    // One command, one commit of one event: a case's events are its commits.
    const commits = all.filter((e) => !isAccessStream(e.streamId));
    return {
      streams,
      headPosition: Math.max(0, ...commits.map((e) => e.position)),
      commitCount: commits.length,
      commits: commits.map((e) => `${e.position}+1 ${e.streamId}@${e.version}`).sort(),
      accessEntries: all
        .filter((e) => isAccessStream(e.streamId))
        .map((e) => ({ ...e, data: e.data as AccessData }))
        .map((e) => ({
          eventId: e.eventId,
          type: e.type,
          actor: e.actor,
          route: e.data.route,
          outcome: e.data.outcome,
          cases: e.data.cases.map((accessed) => accessed.caseId),
        })),
    };
  };
  type StoreState = Awaited<ReturnType<typeof storeState>>;

  beforeAll(async () => {
    document = await fetchOpenApi(caseApi.url);

    // An open case with a need, a goal, a referral and a contact, and a closed one to reopen:
    // real ids in every path, so only validation stands between a bad request and the record.
    const intake = caseApi.as({ id: 'intake-1', role: 'intake_worker', programs: ['housing-first'] });
    const worker = caseApi.as({ id: 'cm-fuzz', role: 'case_manager' });
    const engage = async () => {
      const reply = await intake.post(
        '/cases',
        engagement({
          teamId: 'team-fuzz',
          caseManagerId: 'cm-fuzz',
          client: { givenName: 'Mal', familyName: 'Formed', dateOfBirth: '1975-06-15' },
          presentingConcerns: 'Needs housing',
          engagedAt: new Date(Date.now() - 2 * HOUR_MS).toISOString(),
        }),
      );
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
      return reply.body.caseId as string;
    };
    const step = async (path: string, body: unknown) => {
      const reply = await worker.post(path, body);
      expect({ path, status: reply.status, body: reply.body }).toMatchObject({ path, status: 201 });
    };
    [openCase, closedCase] = await Promise.all([engage(), engage()]);
    // The shared steps' bodies: need-1, goal-1 (with milestone-1), ref-1, contact-1, consent-1.
    for (const made of [
      steps.assessed(),
      steps.planned(),
      steps.referred(),
      steps.contacted(),
      steps.consented(),
    ])
      await step(made.path.replace(':caseId', openCase), made.body);
    await step(`/cases/${closedCase}/termination`, steps.terminated().body);

    // Each endpoint as whoever may call it on these cases: assigning, transferring, approving and merging is the
    // supervisor's of team-fuzz, everything else the case manager's who holds them.
    const caseManagerHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${await caseApi.tokenFor({ id: 'cm-fuzz', role: 'case_manager' })}`,
    };
    const supervisorHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${await caseApi.tokenFor({ id: 'sup-fuzz', role: 'supervisor', teams: ['team-fuzz'] })}`,
    };
    // Erasure, vocabularies and programs' forms are the administrator's alone; a search is any caseworker's.
    const administratorHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${await caseApi.tokenFor({ id: 'admin-fuzz', role: 'administrator' })}`,
    };
    requests = generateMalformedRequests({
      document,
      random: seededRandom(SEED),
      total: TOTAL,
      headers: caseManagerHeaders,
      headersFor: ({ path }) =>
        path.endsWith('/erasure') || path.startsWith('/vocabularies') || path.startsWith('/programs/')
          ? administratorHeaders
          : path.endsWith('/assignment') ||
              path.endsWith('/transfer') ||
              path.endsWith('/approval') ||
              path.endsWith('/merge')
            ? supervisorHeaders
            : caseManagerHeaders,
      idsFor: ({ path }) => ({
        caseId: path.endsWith('/reopening') ? closedCase : openCase,
        referralId: 'ref-1',
        contactId: 'contact-1',
        goalId: 'goal-1',
        consentId: 'consent-1',
        flagId: 'flag-1',
        kind: 'contact_type',
        programId: 'prog-fuzz',
        formId: 'fuzz_form',
      }),
    });

    before = await storeState();
    prototypesBefore = prototypeNames();
    answers = await inPool(requests, CONCURRENCY, async (request): Promise<Answer> => {
      try {
        const response = await fetch(`${caseApi.url}${request.path}`, {
          method: 'POST',
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          signal: AbortSignal.timeout(20_000),
        });
        return {
          request,
          status: response.status,
          contentType: response.headers.get('content-type'),
          text: await response.text(),
        };
      } catch (error) {
        return { request, status: 0, contentType: null, text: `no answer: ${(error as Error).message}` };
      }
    });
    after = await storeState();
  }, 60_000);

  afterAll(() => {
    // CASETRAIL_MALFORMED_REPORT=<file> writes every answer that broke the contract, to study a failure.
    const report = process.env.CASETRAIL_MALFORMED_REPORT;
    if (report && answers)
      writeFileSync(
        report,
        answers
          .map((answer) => ({ answer, problems: problemsWith(answer) }))
          .filter(({ problems }) => problems.length > 0)
          .map(({ answer, problems }) => describeAnswer(answer, problems))
          .join('\n'),
      );
  });

  it(`sends ${TOTAL} requests covering every POST endpoint of the OpenAPI document and every kind of malformation`, () => {
    expect(answers).toHaveLength(TOTAL);
    const posts = endpointsOf(document, 'POST').map(({ path }) => `POST ${path}`);
    expect(posts.length).toBeGreaterThanOrEqual(15);
    const perEndpoint = new Map(posts.map((name) => [name, 0]));
    for (const { endpoint } of requests) perEndpoint.set(endpoint, (perEndpoint.get(endpoint) ?? 0) + 1);
    expect([...perEndpoint.keys()].sort()).toEqual([...posts].sort());
    for (const [endpoint, count] of perEndpoint)
      expect({ endpoint, enough: count >= MIN_PER_ENDPOINT }).toEqual({ endpoint, enough: true });
    expect([...new Set(requests.map((r) => r.kind))].sort()).toEqual([...KINDS].sort());
    // The required nasties are all in: prototype keys, 1 MB and 100 KB strings, 1e309, impossible dates.
    const descriptions = requests.map((r) => r.description);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
      ]),
    );
    expect(descriptions.some((d) => d.includes('(100000 chars)'))).toBe(true);
    expect(requests.some((r) => r.kind === 'too-large' && r.description.startsWith('1 MB'))).toBe(true);
    expect(descriptions.some((d) => d.endsWith('= 1e309'))).toBe(true);
    expect(descriptions.some((d) => d.endsWith('= "NaN"'))).toBe(true);
    expect(descriptions.some((d) => d.includes('2026-02-30'))).toBe(true);
    expect(requests.some((r) => r.kind === 'path-id')).toBe(true);
  });

  it.each(KINDS)('refuses every %s malformation with a 4xx whose JSON body names the problem', (kind) => {
    const ofKind = answers.filter((answer) => answer.request.kind === kind);
    expect(ofKind.length).toBeGreaterThan(0);
    const failures = ofKind
      .map((answer) => ({ answer, problems: problemsWith(answer) }))
      .filter(({ problems }) => problems.length > 0)
      .map(({ answer, problems }) => describeAnswer(answer, problems));
    expect({ kind, failed: failures.length, of: ofKind.length, examples: failures.slice(0, 12) }).toEqual({
      kind,
      failed: 0,
      of: ofKind.length,
      examples: [],
    });
  });

  it('records nothing: the cases, the head position and the event store are as before', () => {
    const { accessEntries: accessBefore, ...casesBefore } = before;
    const { accessEntries: accessAfter, ...casesAfter } = after;
    expect(casesAfter).toEqual(casesBefore);
    // Two engagements, four steps and the termination on them, and the consent.
    expect(casesBefore).toMatchObject({ commitCount: 8, headPosition: 8 });
    // The access log keeps what it had and gains exactly the second look's own two reads: none
    // of the malformed requests reached a record, so none was recorded as an access either.
    const earlier = new Set(accessBefore.map((entry) => entry.eventId));
    const kept = accessAfter.filter((entry) => earlier.has(entry.eventId));
    expect(kept).toHaveLength(accessBefore.length);
    expect(kept).toEqual(expect.arrayContaining(accessBefore));
    expect(earlier.size).toBe(2);
    const read = (caseId: string) => ({
      eventId: expect.any(String),
      type: 'CaseRecordsAccessed',
      actor: { id: 'auditor-1', role: 'auditor' },
      route: 'GET /cases/:caseId/events',
      outcome: 'granted',
      cases: [caseId],
    });
    const added = accessAfter.filter((entry) => !earlier.has(entry.eventId));
    expect(added).toHaveLength(2);
    expect(added).toEqual(expect.arrayContaining([read(openCase), read(closedCase)]));
    expect(accessBefore).toEqual(expect.arrayContaining([read(openCase), read(closedCase)]));
  });

  it('pollutes no prototype, whatever `__proto__`, `constructor` and `prototype` keys were sent', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(prototypeNames()).toEqual(prototypesBefore);
  });
});
