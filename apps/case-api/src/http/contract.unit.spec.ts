import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { agencyDayOf, startOfDayIn } from '@casetrail/domain';
import { embeddedApi, type EmbeddedApi } from '../testing/api-harness';
import { engagement, personas } from '../testing/given';
import {
  endpointsOf,
  fetchOpenApi,
  type OpenApiDocument,
  type OpenApiOperation,
} from '../../../../test/support/openapi';

const ZONE = 'America/Chicago';

/** A raw request: bytes exactly as given, with a token for the persona. */
const send = async (
  api: EmbeddedApi,
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await api.tokenFor(personas.intake)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
};

const eventsOf = async (api: EmbeddedApi, caseId: string) =>
  (await api.as(personas.auditor).get(`/cases/${caseId}/events`)).body as { total: number };

/** The probes answer orchestrators without a token and with their own body, not the problem body (issue #13). */
const PUBLIC_PROBES = ['/health/live', '/health/ready'];

describe('the HTTP contract', () => {
  const api = embeddedApi({ AGENCY_TIME_ZONE: ZONE });
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = await fetchOpenApi(api.url);
  });

  describe('errors as RFC 9457 problem details', () => {
    it('answers a 400 as application/problem+json with type, title, status, detail, instance, and keeps code, message and errors', async () => {
      const reply = await send(api, 'POST', '/cases', JSON.stringify(engagement({ referralSource: 'nope' })));
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(reply.body).toMatchObject({
        type: 'urn:casetrail:problem:validation-failed',
        title: 'Bad Request',
        status: 400,
        detail: 'The request has invalid fields',
        instance: '/cases',
        code: 'VALIDATION_FAILED',
        message: 'The request has invalid fields',
        errors: [expect.objectContaining({ field: 'referralSource', rule: 'isIn' })],
      });
    });

    it('answers 401, 404 and 415 the same way', async () => {
      const unauthenticated = await send(api, 'GET', '/cases/x-1', undefined, { authorization: '' });
      const missing = await send(api, 'GET', '/cases/no-such-case');
      const form = await send(api, 'POST', '/cases', 'a=1', { 'content-type': 'text/plain' });
      for (const [reply, status, code] of [
        [unauthenticated, 401, 'TOKEN_MISSING'],
        [missing, 404, 'CASE_NOT_FOUND'],
        [form, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ] as const) {
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(reply.body).toMatchObject({
          status,
          code,
          title: expect.any(String),
          type: expect.any(String),
        });
      }
    });
  });

  describe('methods', () => {
    it('answers a method a known path does not serve with 405 and Allow, as a problem', async () => {
      for (const [method, path, allow] of [
        ['DELETE', '/cases', 'POST'],
        ['PUT', '/cases/case-1', 'GET'],
        ['PATCH', '/caseloads', 'GET'],
        ['GET', '/cases/case-1/contacts', 'POST'],
      ] as const) {
        const reply = await send(api, method, path);
        expect({ method, path, status: reply.status, allow: reply.headers.get('allow') }).toEqual({
          method,
          path,
          status: 405,
          allow,
        });
        expect(reply.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', allow: [allow] });
      }
    });

    it('keeps 404 for a path nothing serves', async () => {
      const reply = await send(api, 'DELETE', '/no/such/path');
      expect([reply.status, reply.headers.get('allow'), reply.body.code]).toEqual([404, null, 'NOT_FOUND']);
    });
  });

  describe('commands', () => {
    it('answers POST /cases with Location: /cases/{caseId}, and no other command with one', async () => {
      const created = await send(api, 'POST', '/cases', JSON.stringify(engagement()));
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/cases/${created.body.caseId}`);
      const assigned = await api
        .as(personas.supervisor)
        .post(`/cases/${created.body.caseId}/transfer`, { toCaseManagerId: 'cm-2', reason: 'Rebalancing' });
      expect(assigned.status).toBe(201);
      expect(assigned.headers.get('location')).toBeNull();
    });

    it('is 422 IDEMPOTENCY_KEY_REUSED when a key comes back with another body, and still replays the same body', async () => {
      const body = JSON.stringify(engagement());
      const key = { 'idempotency-key': 'contract-reuse-1' };
      const first = await send(api, 'POST', '/cases', body, key);
      expect(first.status).toBe(201);
      const other = await send(
        api,
        'POST',
        '/cases',
        JSON.stringify({ ...JSON.parse(body), presentingConcerns: 'Something else entirely' }),
        key,
      );
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
      expect(other.headers.get('idempotent-replayed')).toBeNull();
      const again = await send(api, 'POST', '/cases', body, key);
      expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([
        201,
        'true',
        first.body,
      ]);
      expect((await eventsOf(api, first.body.caseId)).total).toBe(1);
    });
  });

  describe('instants in bodies', () => {
    it('keeps an instant sent with an offset as the UTC instant it names', async () => {
      const created = await send(api, 'POST', '/cases', JSON.stringify(engagement()));
      const hourAgo = new Date(Date.now() - 3_600_000);
      // The same instant written as a wall clock five hours behind UTC.
      const local = new Date(hourAgo.getTime() - 5 * 3_600_000).toISOString().slice(0, 19);
      const happenedAt = `${local}-05:00`;
      const recorded = await api.as(personas.caseManager).post(`/cases/${created.body.caseId}/contacts`, {
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        summary: 'Called about the housing application',
        happenedAt,
      });
      expect(recorded.status).toBe(201);
      const history = await api.as(personas.auditor).get(`/cases/${created.body.caseId}/events`);
      expect(history.body.events[1].occurredAt).toBe(new Date(happenedAt).toISOString());
      expect(history.body.events[1].occurredAt).toBe(`${hourAgo.toISOString().slice(0, 19)}.000Z`);
    });
  });

  describe('JSON bodies that JSON.parse would let through', () => {
    const refused = async (raw: string | Uint8Array, field: string, rule: string) => {
      const key = `contract-raw-${Math.random().toString(36).slice(2)}`;
      const reply = await send(api, 'POST', '/cases', raw, { 'idempotency-key': key });
      expect({ status: reply.status, code: reply.body.code, errors: reply.body.errors }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field, rule })],
      });
    };
    const valid = JSON.stringify(engagement());

    it('refuses a key twice in one object, at any depth, naming where', async () => {
      await refused(valid.replace('{', '{"programId":"other",'), 'programId', 'uniqueKeys');
      await refused(
        valid.replace('"givenName":"Ada"', '"givenName":"Ada","givenName":"Eve"'),
        'client.givenName',
        'uniqueKeys',
      );
      // The same key spelled with an escape is the same key.
      await refused(
        valid.replace('"givenName":"Ada"', '"givenName":"Ada","given\\u004eame":"Eve"'),
        'client.givenName',
        'uniqueKeys',
      );
    });

    it('refuses bytes that are not UTF-8, naming the byte', async () => {
      const bytes = Buffer.from(valid.replace('Ada', 'A\u0000a'), 'utf8');
      bytes[bytes.indexOf(0)] = 0xff;
      const reply = await send(api, 'POST', '/cases', bytes);
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([
        { field: 'body', rule: 'utf8', message: `the body is not valid UTF-8 (byte ${bytes.indexOf(0xff)})` },
      ]);
      // An encoded surrogate (ED A0 80) is not UTF-8 either.
      const surrogate = Buffer.concat([
        Buffer.from(valid.slice(0, valid.indexOf('Ada') + 1)),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(valid.slice(valid.indexOf('Ada') + 1)),
      ]);
      await refused(surrogate, 'body', 'utf8');
    });

    it('refuses an escaped lone surrogate, high or low, and takes a pair', async () => {
      await refused(valid.replace('"Ada"', '"A\\ud800da"'), 'client.givenName', 'unicode');
      await refused(valid.replace('"Ada"', '"Ada\\udc00"'), 'client.givenName', 'unicode');
      await refused(valid.replace('"Ada"', '"\\ud800\\ud800"'), 'client.givenName', 'unicode');
      const paired = await send(api, 'POST', '/cases', valid.replace('"Ada"', '"Ada \\ud83d\\ude00"'));
      expect(paired.status).toBe(201);
    });

    it('checks a body near the size limit in one pass', async () => {
      const big = JSON.stringify(engagement({ presentingConcerns: 'x'.repeat(4_000) }));
      const filler = `${'{"a":1},'.repeat(25_000)}{"a":1}`;
      const started = Date.now();
      const reply = await send(api, 'POST', '/cases', big.replace('{', `{"padding":[${filler}],`));
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'padding' })]);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  describe('dates in queries', () => {
    it('reads a date-only asOf as the start of that day in the agency’s time zone', async () => {
      const created = await send(api, 'POST', '/cases', JSON.stringify(engagement()));
      const tomorrow = agencyDayOf(new Date(Date.now() + 86_400_000).toISOString(), ZONE);
      const reply = await api.as(personas.auditor).get(`/cases/${created.body.caseId}?asOf=${tomorrow}`);
      expect(reply.status).toBe(200);
      expect(reply.body.asOf).toBe(startOfDayIn(tomorrow, ZONE));
      expect(reply.body.asOf).not.toBe(`${tomorrow}T00:00:00.000Z`);
      // An instant with an offset is the same instant in UTC.
      const offset = await api
        .as(personas.auditor)
        .get(`/cases/${created.body.caseId}?asOf=${encodeURIComponent(`${tomorrow}T09:30:00-05:00`)}`);
      expect(offset.body.asOf).toBe(new Date(`${tomorrow}T09:30:00-05:00`).toISOString());
    });

    it('accepts exactly what the documented pattern accepts, for every date parameter', async () => {
      const values = [
        '2026-08-01',
        '2024-02-29',
        '2000-02-29',
        '1900-01-01',
        '2999-12-31',
        '2026-12-01T14:01:00-05:00',
        '2026-12-01T14:01:00.123456789Z',
        '1900-02-29',
        '2026-02-30',
        '0099-01-01',
        '0000-01-01',
        '3000-01-01',
        '2026-12-01T14:01-05:00',
        '2026-12-01T14:01:00',
        '2026-12-01T24:00:00Z',
        '2026-12-01T23:59:60Z',
        '٢٠٢٦-٠١-٠١',
      ];
      const parameter = (path: string, name: string) => {
        const found = document.paths[path]?.get?.parameters?.find((p) => p.in === 'query' && p.name === name);
        if (!found?.schema?.pattern) throw new Error(`GET ${path} documents no pattern for ${name}`);
        return new RegExp(found.schema.pattern);
      };
      const created = await send(api, 'POST', '/cases', JSON.stringify(engagement()));
      const caseId = created.body.caseId as string;
      const disagreements: string[] = [];
      for (const [path, name, query] of [
        ['/cases/{caseId}', 'asOf', (v: string) => `/cases/${caseId}?asOf=${v}`],
        ['/cases/{caseId}/events', 'asOf', (v: string) => `/cases/${caseId}/events?asOf=${v}`],
        ['/reports/outcomes', 'from', (v: string) => `/reports/outcomes?from=${v}&to=2999-12-31`],
      ] as const) {
        const pattern = parameter(path, name);
        for (const value of values) {
          const reply = await api.as(personas.supervisor).get(query(encodeURIComponent(value)));
          const refused = reply.status === 400;
          const named = refused && JSON.stringify(reply.body.errors).includes(`"field":"${name}"`);
          if (pattern.test(value) === refused || (refused && !named))
            disagreements.push(
              `${path} ${name}=${value}: schema ${pattern.test(value)}, answered ${reply.status}`,
            );
        }
      }
      expect(disagreements).toEqual([]);
    });
  });

  describe('the document', () => {
    const operations = () => endpointsOf(document);
    const responsesOf = (operation: OpenApiOperation) =>
      (operation.responses ?? {}) as Record<
        string,
        {
          description?: string;
          content?: Record<string, { schema?: unknown }>;
          headers?: Record<string, unknown>;
        }
      >;

    it('declares every query parameter of the query DTOs, with their rules', () => {
      const query = (method: string, path: string) =>
        Object.fromEntries(
          (document.paths[path]?.[method]?.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p) => [p.name, { required: p.required, type: p.schema?.type, enum: p.schema?.enum }]),
        );
      expect(Object.keys(query('get', '/caseloads')).sort()).toEqual(
        [
          'asOf',
          'basis',
          'limit',
          'offset',
          'order',
          'overdue',
          'pendingApproval',
          'programId',
          'sort',
          'stage',
          'status',
          'teamId',
        ].sort(),
      );
      expect(query('get', '/caseloads').limit).toEqual({ required: false, type: 'integer', enum: undefined });
      expect(query('get', '/caseloads').status).toEqual({
        required: false,
        type: 'string',
        enum: ['open', 'closed', 'all'],
      });
      expect(query('get', '/reports/outcomes')).toMatchObject({
        from: { required: true, type: 'string' },
        to: { required: true, type: 'string' },
        format: { required: false, enum: ['json', 'csv'] },
      });
      expect(query('get', '/cases/{caseId}/timeline')).toMatchObject({
        types: { type: 'array' },
        from: { type: 'string' },
        asOf: { type: 'string' },
      });
      expect(Object.keys(query('get', '/cases/{caseId}'))).toEqual(['asOf', 'basis']);
      // No operation that reads a query DTO lacks its parameters.
      for (const { method, path, operation } of operations())
        // A partner's feed key is one thing, never a list or a view as of a time: it reads no query DTO;
        // nor does a probe.
        if (
          method === 'GET' &&
          path !== '/status' &&
          path !== '/partners/{partnerId}/feed-key' &&
          // The vocabularies in force are one answer, small, never a list to filter.
          path !== '/vocabularies' &&
          // Nor are a program's forms in force.
          path !== '/programs/{programId}/forms' &&
          !PUBLIC_PROBES.includes(path)
        )
          expect({ path, query: (operation.parameters ?? []).some((p) => p.in === 'query') }).toEqual({
            path,
            query: true,
          });
    });

    it('documents the defaults the queries apply when a parameter is left out', async () => {
      const defaultOf = (path: string, name: string) =>
        (document.paths[path]?.get?.parameters?.find((p) => p.name === name)?.schema as { default?: unknown })
          ?.default;
      expect(defaultOf('/caseloads/{caseManagerId}', 'limit')).toBe(50);
      expect(defaultOf('/caseloads/{caseManagerId}', 'status')).toBe('open');
      expect(defaultOf('/cases/{caseId}/timeline', 'order')).toBe('asc');
      expect(defaultOf('/reports/outcomes', 'groupBy')).toBe('program');
      expect(defaultOf('/cases/{caseId}', 'basis')).toBe('recorded');
      const page = await api.as(personas.caseManager).get('/caseloads/cm-1');
      expect([page.status, page.body.offset, page.body.limit]).toEqual([
        200,
        defaultOf('/caseloads/{caseManagerId}', 'offset'),
        defaultOf('/caseloads/{caseManagerId}', 'limit'),
      ]);
      const report = await api.as(personas.analyst).get('/reports/outcomes?from=2026-01-01&to=2027-01-01');
      expect([report.status, report.body.groupBy]).toEqual([200, defaultOf('/reports/outcomes', 'groupBy')]);
    });

    it('gives every answer of every operation a schema: successes their own, every error the one problem body', () => {
      const missing: string[] = [];
      for (const { method, path, operation } of operations()) {
        const responses = responsesOf(operation);
        if (PUBLIC_PROBES.includes(path)) {
          // A probe answers 200 or 503 with its check states; only a body it cannot read is a problem.
          if (Object.keys(responses).sort().join() !== '200,400,413,415,503')
            missing.push(`${method} ${path}: ${Object.keys(responses).sort().join()}`);
          for (const status of ['200', '503'])
            if (!responses[status]?.content?.['application/json']?.schema)
              missing.push(`${method} ${path} ${status}`);
          for (const status of ['400', '413', '415'])
            if (
              JSON.stringify(responses[status]?.content?.['application/problem+json']?.schema) !==
              JSON.stringify({ $ref: '#/components/schemas/Problem' })
            )
              missing.push(`${method} ${path} ${status}`);
          continue;
        }
        const success = Object.keys(responses).filter((status) => status.startsWith('2'));
        if (success.length === 0) missing.push(`${method} ${path}: no success`);
        for (const status of success)
          if (!responses[status]?.content?.['application/json']?.schema)
            missing.push(`${method} ${path} ${status}`);
        const errors =
          method === 'POST' && path.startsWith('/cases')
            ? ['400', '401', '403', '404', '409', '413', '415', '422', '429', '503']
            : ['400', '401', '403', '404', '413', '415', '422', '429', '503'];
        for (const status of errors) {
          const schema = responses[status]?.content?.['application/problem+json']?.schema;
          if (JSON.stringify(schema) !== JSON.stringify({ $ref: '#/components/schemas/Problem' }))
            missing.push(`${method} ${path} ${status}`);
        }
      }
      expect(missing).toEqual([]);
      expect(document.components?.schemas?.Problem?.required).toEqual([
        'type',
        'title',
        'status',
        'code',
        'message',
      ]);
    });

    it('documents the headers: ETag, Idempotent-Replayed, Location on create, Retry-After', () => {
      const created = responsesOf(document.paths['/cases']!.post!)['201']!;
      expect(Object.keys(created.headers ?? {}).sort()).toEqual(['ETag', 'Idempotent-Replayed', 'Location']);
      for (const { method, path, operation } of operations()) {
        const responses = responsesOf(operation);
        // The client routes answer no case version.
        if (method === 'POST' && path.startsWith('/cases'))
          expect(Object.keys(responses['201']?.headers ?? {})).toContain('ETag');
        // A probe's 503 is its answer, not a retry hint: the orchestrator probes again on its own schedule.
        if (PUBLIC_PROBES.includes(path)) continue;
        expect(Object.keys(responses['503']?.headers ?? {})).toEqual(['Retry-After']);
        expect(Object.keys(responses['429']?.headers ?? {})).toEqual(['Retry-After']);
      }
      expect(Object.keys(responsesOf(document.paths['/cases/{caseId}']!.get!)['200']?.headers ?? {})).toEqual(
        ['ETag'],
      );
    });

    it('gives every request body an example that its own schema accepts', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ components: document.components }, 'doc');
      const invalid: string[] = [];
      for (const { path, operation } of endpointsOf(document, 'POST')) {
        const body: { schema?: { $ref?: string }; example?: unknown } | undefined =
          operation.requestBody?.content?.['application/json'];
        const ref = body?.schema?.$ref?.replace('#/', 'doc#/');
        if (!ref || body?.example === undefined) {
          invalid.push(`POST ${path}: no example`);
          continue;
        }
        const validate = ajv.compile({ $ref: ref });
        if (!validate(body.example)) invalid.push(`POST ${path}: ${ajv.errorsText(validate.errors)}`);
      }
      expect(invalid).toEqual([]);
    });

    it('has no $ref with sibling keywords and no oneOf of date and date-time anywhere', () => {
      const found: string[] = [];
      const walk = (value: unknown, at: string): void => {
        if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${at}/${index}`));
        if (value === null || typeof value !== 'object') return;
        const object = value as Record<string, unknown>;
        if ('$ref' in object && Object.keys(object).length > 1) found.push(`${at}: $ref with siblings`);
        if (Array.isArray(object.oneOf) && JSON.stringify(object.oneOf).includes('"date'))
          found.push(`${at}: date oneOf`);
        for (const [key, child] of Object.entries(object)) walk(child, `${at}/${key}`);
      };
      walk(document, '#');
      expect(found).toEqual([]);
    });

    it('is a well-formed OpenAPI 3 document: unique operation ids, described answers, bearer security, links that resolve', () => {
      expect(document.openapi).toMatch(/^3\.0\.\d+$/);
      const ids = operations().map(({ operation }) => (operation as { operationId?: string }).operationId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      const broken: string[] = [];
      for (const { method, path, operation } of operations()) {
        for (const [status, answer] of Object.entries(responsesOf(operation)))
          if (!/^[1-5][0-9]{2}$/.test(status) || typeof answer.description !== 'string')
            broken.push(`${method} ${path} ${status}`);
        // The probes answer orchestrators without a token (issue #13); every other operation needs one.
        const expected = PUBLIC_PROBES.includes(path) ? [] : [{ bearer: [] }];
        if (JSON.stringify(operation.security) !== JSON.stringify(expected))
          broken.push(`${method} ${path}: security`);
      }
      expect(broken).toEqual([]);
      const byId = new Map(
        operations().map(({ operation }) => [(operation as { operationId?: string }).operationId, operation]),
      );
      const links =
        (
          responsesOf(document.paths['/cases']!.post!)['201'] as {
            links?: Record<string, { operationId: string; parameters: Record<string, string> }>;
          }
        ).links ?? {};
      // From a created case to every command on it and every read of it.
      const onCase = operations().filter(
        ({ path }) =>
          path.startsWith('/cases/{caseId}') &&
          !/\{(referralId|contactId|goalId|entryId|consentId|appointmentId|taskId|memberId|flagId)\}/.test(
            path,
          ),
      );
      expect(Object.keys(links).sort()).toEqual(
        onCase.map(({ operation }) => (operation as { operationId: string }).operationId).sort(),
      );
      for (const link of Object.values(links)) {
        const target = byId.get(link.operationId);
        expect(target).toBeDefined();
        expect(link.parameters).toEqual({ caseId: '$response.body#/caseId' });
      }
      const referral = (
        responsesOf(document.paths['/cases/{caseId}/referrals']!.post!)['201'] as {
          links?: Record<string, { parameters: Record<string, string> }>;
        }
      ).links;
      expect(Object.values(referral ?? {})).toEqual([
        expect.objectContaining({
          parameters: { caseId: '$response.body#/caseId', referralId: '$request.body#/referralId' },
        }),
        ...['VoidEntryController_void', 'CorrectEntryDateController_correct'].map((operationId) => ({
          operationId,
          parameters: { caseId: '$response.body#/caseId', entryId: '$response.body#/events/0/eventId' },
        })),
      ]);
    });
  });
});
