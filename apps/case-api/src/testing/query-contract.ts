import type { Persona } from '../../../../test/support/identity';
import type { EmbeddedApi } from './api-harness';
import { given, invalid, personas } from './given';

/** A query route, as its spec describes it. */
export interface QuerySpec {
  /** Express-style; `:caseId` makes it a query about one case (the default case, engaged for it). */
  readonly path: string;
  /** Who may send it. */
  readonly as: Persona;
  /** A role the policy never lets send it. */
  readonly refused: Persona;
  /** For a case query: someone whose role may, but who may not know of this case. */
  readonly hiddenFrom?: Persona;
  /** Its 400s: the parameter named, the rule it breaks, and a query string breaking it. */
  readonly invalid?: Readonly<Record<string, readonly [rule: string, query: string]>>;
}

/**
 * What every query answers alike: 401 without a token or with an expired one (checked by the
 * real verifier), 403 for a refused role, 400 naming the parameter and rule; for a case query,
 * 404 CASE_NOT_FOUND for an unknown case and, alike, for one the caller may not know of.
 */
export const itKeepsTheQueryContract = (api: EmbeddedApi, spec: QuerySpec) => {
  const about = () => (spec.path.includes(':caseId') ? given(api).case() : given(api).nothing());

  describe(`GET ${spec.path}, as every query`, () => {
    it('is 401 TOKEN_MISSING without a bearer token, and TOKEN_EXPIRED with an expired one', async () => {
      const query = about();
      await query
        .when(spec.as)
        .get(spec.path, { authorization: '' })
        .then(401, { code: 'TOKEN_MISSING' }, { 'www-authenticate': 'Bearer' });
      const issuedAt = Math.floor(Date.now() / 1000) - 3_600;
      const expired = await api.tokenFor(spec.as, { issuedAt, ttlSeconds: 60 });
      await query
        .when(spec.as)
        .get(spec.path, { authorization: `Bearer ${expired}` })
        .then(401, { code: 'TOKEN_EXPIRED' });
    });

    it('is 403 ACTION_NOT_PERMITTED for a role the policy refuses', async () => {
      await about().when(spec.refused).get(spec.path).then(403, { code: 'ACTION_NOT_PERMITTED' });
    });

    for (const [field, [rule, query]] of Object.entries(spec.invalid ?? {}))
      it(`is 400 VALIDATION_FAILED naming ${field} and ${rule}`, async () => {
        await about().when(spec.as).get(`${spec.path}${query}`).then(400, invalid(field, rule));
      });

    if (spec.path.includes(':caseId'))
      it('is 404 CASE_NOT_FOUND for an unknown case, and alike for a case the caller may not know of', async () => {
        await given(api).nothing().when(spec.as).get(spec.path).then(404, { code: 'CASE_NOT_FOUND' });
        await given(api)
          .case()
          .when(spec.hiddenFrom ?? personas.otherCaseManager)
          .get(spec.path)
          .then(404, { code: 'CASE_NOT_FOUND' });
      });
  });
};
