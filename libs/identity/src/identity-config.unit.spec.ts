import { loadIdentityConfig } from './identity-config';

const load = (env: NodeJS.ProcessEnv) => loadIdentityConfig(env, '/data');

describe('loadIdentityConfig', () => {
  it('without OIDC_ISSUER: the development issuer in the data dir, with the documented defaults', () => {
    expect(load({})).toEqual({
      issuer: null,
      audience: 'casetrail-api',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      clockSkewSeconds: 30,
      tokenType: 'at+jwt',
      claims: { roles: 'roles', teams: 'teams', programs: 'programs' },
      jwksCooldownSeconds: 30,
      allowHttp: false,
      devIssuerKeyFile: '/data/dev-issuer.jwk.json',
    });
  });

  it('reads every variable', () => {
    expect(
      load({
        OIDC_ISSUER: 'https://login.agency.example/realms/casetrail',
        OIDC_AUDIENCE: 'casetrail-api',
        OIDC_ALGORITHMS: 'RS256, ES384',
        OIDC_CLOCK_SKEW: '1m',
        OIDC_TOKEN_TYPE: 'any',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_TEAMS_CLAIM: 'groups',
        OIDC_PROGRAMS_CLAIM: 'casetrail.programs',
        OIDC_JWKS_COOLDOWN: '5',
      }),
    ).toEqual(
      expect.objectContaining({
        issuer: 'https://login.agency.example/realms/casetrail',
        algorithms: ['RS256', 'ES384'],
        clockSkewSeconds: 60,
        tokenType: null,
        claims: { roles: 'realm_access.roles', teams: 'groups', programs: 'casetrail.programs' },
        jwksCooldownSeconds: 5,
      }),
    );
  });

  it('takes plain http for an issuer on a loopback address, or anywhere with OIDC_ALLOW_HTTP=true', () => {
    const audience = { OIDC_AUDIENCE: 'a' };
    expect(load({ ...audience, OIDC_ISSUER: 'http://127.0.0.1:8080' }).issuer).toBe('http://127.0.0.1:8080');
    expect(load({ ...audience, OIDC_ISSUER: 'http://localhost:8080/realms/x' }).issuer).toBe(
      'http://localhost:8080/realms/x',
    );
    expect(
      load({ ...audience, OIDC_ISSUER: 'http://keycloak:8080/realms/x', OIDC_ALLOW_HTTP: 'true' }).allowHttp,
    ).toBe(true);
  });

  it.each([
    [{ OIDC_ISSUER: 'https://idp.example' }, /OIDC_AUDIENCE is required/],
    [{ OIDC_ISSUER: 'idp.example', OIDC_AUDIENCE: 'a' }, /OIDC_ISSUER must be an absolute URL/],
    [{ OIDC_ISSUER: 'http://idp.example', OIDC_AUDIENCE: 'a' }, /OIDC_ISSUER must be https/],
    [{ OIDC_ISSUER: 'https://idp.example/?x=1', OIDC_AUDIENCE: 'a' }, /no query|must not have a query/],
    [{ OIDC_ALGORITHMS: 'RS256,HS256' }, /only asymmetric algorithms.*"HS256"/],
    [{ OIDC_ALGORITHMS: 'none' }, /only asymmetric algorithms.*"none"/],
    [{ OIDC_CLOCK_SKEW: 'soon' }, /OIDC_CLOCK_SKEW must be a duration/],
    [{ OIDC_CLOCK_SKEW: '1h' }, /OIDC_CLOCK_SKEW must be a duration up to 300s/],
    [{ OIDC_ROLES_CLAIM: 'realm_access..roles' }, /OIDC_ROLES_CLAIM must be a claim name or a dotted path/],
    [{ OIDC_TEAMS_CLAIM: 'my teams' }, /OIDC_TEAMS_CLAIM/],
    [{ OIDC_TOKEN_TYPE: 'at jwt' }, /OIDC_TOKEN_TYPE must be a media type/],
    [{ OIDC_JWKS_COOLDOWN: '-1' }, /OIDC_JWKS_COOLDOWN/],
  ])('fails fast on %j', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });
});
