import type { Persona } from '../../../../test/support/identity';
import type { EmbeddedApi } from './api-harness';
import { given, invalid, personas, UNKNOWN_CASE, type Step } from './given';

/** A command on an existing case, as one use case's spec describes it. */
export interface CaseCommandSpec {
  /** Express-style, `:caseId` for the case: `/cases/:caseId/referrals`. */
  readonly path: string;
  /** What the case needs before the command is valid (an engagement is added in front). */
  readonly given: () => Step[];
  readonly body: () => Record<string, unknown>;
  /** Who may send it [the case manager who holds the case]. */
  readonly as?: Persona;
  /** The one event it records. */
  readonly event: string;
  /** A role the policy never lets perform the command. */
  readonly refused: Persona;
  /** What GET /cases/:caseId shows of the case after it (a subset of `state`). */
  readonly shows: Record<string, unknown>;
  /** Its own 400s: the field named, the rule it breaks and a body breaking it. */
  readonly invalid: Readonly<Record<string, readonly [rule: string, body: Record<string, unknown>]>>;
  /** Its own 422s: the domain's code, and the request that breaks the rule. */
  readonly rules: Readonly<Record<string, BrokenRule>>;
}

/** The same command with something the client said changed: another request, not a retry. */
export const anotherRequestThan = (body: Record<string, unknown>): Record<string, unknown> => {
  for (const field of ['summary', 'correctedSummary', 'reason', 'note', 'presentingConcerns'])
    if (typeof body[field] === 'string') return { ...body, [field]: `${body[field]} (revised)` };
  return { ...body, occurredAt: new Date(Date.now() - 90 * 60_000).toISOString() };
};

/** A request breaking a domain rule: its body, on a case set up as `given` [the spec's own]. */
export interface BrokenRule {
  readonly given?: () => Step[];
  readonly path?: string;
  readonly body: Record<string, unknown>;
}

/**
 * What every command on an existing case answers alike: 201 with the next version and an ETag,
 * 401 without a token, 403 for a refused role, 404 for an unknown case, 409 for a stale
 * If-Match, and a retry with the same Idempotency-Key answered again without a second event.
 * Then the spec's own: what the case shows after it, 400s naming field and rule, 422s by code;
 * nothing refused is recorded.
 */
export const itKeepsTheCommandContract = (api: EmbeddedApi, spec: CaseCommandSpec) => {
  const actor = spec.as ?? personas.caseManager;
  const versionOf = async (caseId: string) =>
    (await api.as(personas.auditor).get(`/cases/${caseId}`)).body.version as number;

  describe(`POST ${spec.path}, as every command`, () => {
    it('answers 201 with the case, its next version, the one event and an ETag', async () => {
      const before = await given(api).case(...spec.given()).ready;
      const next = before.version + 1;
      const { body } = await before
        .when(actor)
        .post(spec.path, spec.body(), { 'if-match': `"${before.version}"` })
        .then(
          201,
          { caseId: before.caseId, version: next, events: [{ type: spec.event, version: next }] },
          { etag: `"${next}"`, 'idempotent-replayed': null },
        );
      expect(body.events).toHaveLength(1);
      expect(body.events[0]).toEqual({
        eventId: expect.any(String),
        type: spec.event,
        version: next,
        position: expect.any(Number),
      });
      // Read by the case's team supervisor, who sees every category (an auditor's view is masked).
      await before
        .when(personas.supervisor)
        .get('/cases/:caseId')
        .then(200, { version: next, state: spec.shows }, { etag: `"${next}"` });
    });

    it('is 401 TOKEN_MISSING without a bearer token', async () => {
      await given(api)
        .case(...spec.given())
        .when(actor)
        .post(spec.path, spec.body(), { authorization: '' })
        .then(401, { code: 'TOKEN_MISSING' }, { 'www-authenticate': 'Bearer' });
    });

    it('is 403 ACTION_NOT_PERMITTED for a role the policy refuses, and records nothing', async () => {
      const before = await given(api).case(...spec.given()).ready;
      await before
        .when(spec.refused)
        .post(spec.path, spec.body())
        .then(403, { code: 'ACTION_NOT_PERMITTED' });
      expect(await versionOf(before.caseId)).toBe(before.version);
    });

    it('is 404 CASE_NOT_FOUND for a case that does not exist', async () => {
      await given(api)
        .nothing()
        .when(actor)
        .post(spec.path, spec.body())
        .then(404, { code: 'CASE_NOT_FOUND' });
      expect(UNKNOWN_CASE).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('is 409 WRONG_EXPECTED_VERSION on a stale If-Match, naming the actual version', async () => {
      const before = await given(api).case(...spec.given()).ready;
      await before
        .when(actor)
        .post(spec.path, spec.body(), { 'if-match': `"${before.version - 1}"` })
        .then(409, {
          code: 'WRONG_EXPECTED_VERSION',
          expectedVersion: before.version - 1,
          actualVersion: before.version,
        });
      expect(await versionOf(before.caseId)).toBe(before.version);
    });

    it('answers a retry with the same Idempotency-Key as the first time, recording nothing more', async () => {
      const before = await given(api).case(...spec.given()).ready;
      const key = { 'idempotency-key': `retry-${spec.event}` };
      // A retry is the same request again: one body, built once (its times are "now"-relative).
      const body = spec.body();
      const first = await before.when(actor).post(spec.path, body, key).then(201);
      await before
        .when(actor)
        .post(spec.path, body, key)
        .then(201, first.body, { etag: `"${before.version + 1}"`, 'idempotent-replayed': 'true' });
      expect(await versionOf(before.caseId)).toBe(before.version + 1);
    });

    it('is 422 IDEMPOTENCY_KEY_REUSED when the key comes again with another body, recording nothing more', async () => {
      const before = await given(api).case(...spec.given()).ready;
      const key = { 'idempotency-key': `reused-${spec.event}` };
      const body = spec.body();
      await before.when(actor).post(spec.path, body, key).then(201);
      const other = anotherRequestThan(body);
      await before
        .when(actor)
        .post(spec.path, other, key)
        .then(422, { code: 'IDEMPOTENCY_KEY_REUSED', status: 422 }, { 'idempotent-replayed': null });
      expect(await versionOf(before.caseId)).toBe(before.version + 1);
    });

    const refuses = (status: number, refusal: BrokenRule, answer: Record<string, unknown>) => async () => {
      const before = await given(api).case(...(refusal.given ?? spec.given)()).ready;
      await before
        .when(actor)
        .post(refusal.path ?? spec.path, refusal.body)
        .then(status, answer);
      expect(await versionOf(before.caseId)).toBe(before.version);
    };
    for (const [field, [rule, body]] of Object.entries(spec.invalid))
      it(
        `is 400 VALIDATION_FAILED naming ${field} and ${rule}, and records nothing`,
        refuses(400, { body }, invalid(field, rule)),
      );
    for (const [code, refusal] of Object.entries(spec.rules))
      it(`is 422 ${code} when the rule is broken, and records nothing`, refuses(422, refusal, { code }));
  });
};
