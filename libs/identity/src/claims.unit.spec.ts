import { AuthenticationError } from './errors';
import { claimAt, DEFAULT_CLAIM_PATHS, principalFromClaims } from './claims';

const KEYCLOAK = { roles: 'realm_access.roles', teams: 'teams', programs: 'programs' };

describe('principalFromClaims', () => {
  it('takes sub as the id and roles, teams and programs from the default claims', () => {
    expect(
      principalFromClaims(
        { sub: 'cm-1', roles: ['case_manager', 'supervisor'], teams: ['north'], programs: ['housing'] },
        DEFAULT_CLAIM_PATHS,
      ),
    ).toEqual({
      id: 'cm-1',
      kind: 'person',
      roles: ['case_manager', 'supervisor'],
      teams: ['north'],
      programs: ['housing'],
    });
  });

  it("reads Keycloak's realm_access.roles through a dotted path", () => {
    const claims = {
      sub: 'f3b1c2d4-0000-4000-8000-000000000001',
      realm_access: { roles: ['offline_access', 'uma_authorization', 'supervisor'] },
      teams: ['east'],
    };
    expect(principalFromClaims(claims, KEYCLOAK)).toEqual({
      id: 'f3b1c2d4-0000-4000-8000-000000000001',
      kind: 'person',
      roles: ['supervisor'],
      teams: ['east'],
      programs: [],
    });
  });

  it('matches a claim whose own name has dots (namespaced claims) before walking the path', () => {
    const claims = { sub: 'a', 'https://agency.example/roles': ['auditor'] };
    expect(
      principalFromClaims(claims, { ...DEFAULT_CLAIM_PATHS, roles: 'https://agency.example/roles' }).roles,
    ).toEqual(['auditor']);
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: { b: 1 } }, 'a.b.c')).toBeUndefined();
    expect(claimAt({ a: [{ b: 1 }] }, 'a.0.b')).toBeUndefined();
  });

  it('ignores role strings Casetrail does not know, and anything that is not a string', () => {
    const principal = principalFromClaims(
      {
        sub: 'x',
        roles: ['root', 'case_manager', 7, null, { role: 'supervisor' }, 'case_manager'],
        teams: 'solo',
      },
      DEFAULT_CLAIM_PATHS,
    );
    expect(principal.roles).toEqual(['case_manager']);
    expect(principal.teams).toEqual(['solo']);
  });

  it('has no roles, teams or programs when the claims are missing or of another type', () => {
    expect(principalFromClaims({ sub: 'x', roles: { a: 1 }, teams: 3 }, DEFAULT_CLAIM_PATHS)).toEqual({
      id: 'x',
      kind: 'person',
      roles: [],
      teams: [],
      programs: [],
    });
  });

  it('makes a token with the service role a service account', () => {
    expect(principalFromClaims({ sub: 'billing-sync', roles: ['service'] }, DEFAULT_CLAIM_PATHS).kind).toBe(
      'service',
    );
  });

  it.each([
    ['missing', {}],
    ['a number', { sub: 42 }],
    ['empty', { sub: '' }],
    ['with a space', { sub: 'a b' }],
    ['too long', { sub: 'x'.repeat(256) }],
  ])('refuses a sub that is %s', (_, claims) => {
    expect(() => principalFromClaims(claims, DEFAULT_CLAIM_PATHS)).toThrow(AuthenticationError);
    try {
      principalFromClaims(claims, DEFAULT_CLAIM_PATHS);
    } catch (error) {
      expect((error as AuthenticationError).code).toBe('TOKEN_INVALID');
    }
  });
});
