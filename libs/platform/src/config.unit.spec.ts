import { loadConfig } from './config';

describe('loadConfig: the edge', () => {
  it('has CORS off and 600 requests a minute per principal by default', () => {
    expect(loadConfig({}).http).toEqual({ corsOrigins: [], rateLimitPerMinute: 600 });
  });

  it('reads an explicit list of origins and a rate limit', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://app.agency.example, http://localhost:5173',
        RATE_LIMIT_PER_MINUTE: '120',
      }).http,
    ).toEqual({
      corsOrigins: ['https://app.agency.example', 'http://localhost:5173'],
      rateLimitPerMinute: 120,
    });
  });

  it.each([
    ['*'],
    ['https://app.agency.example/'],
    ['https://app.agency.example/path'],
    ['app.agency.example'],
    ['ftp://x'],
  ])('refuses the CORS origin %s', (origin) => {
    expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS must list origins/);
  });

  it('counts the agency’s days in UTC unless AGENCY_TIME_ZONE names a zone', () => {
    expect(loadConfig({}).agencyTimeZone).toBe('UTC');
    expect(loadConfig({ AGENCY_TIME_ZONE: 'America/Chicago' }).agencyTimeZone).toBe('America/Chicago');
    expect(() => loadConfig({ AGENCY_TIME_ZONE: 'America/Chicgo' })).toThrow(/AGENCY_TIME_ZONE/);
  });

  it('checks intake for duplicates unless INTAKE_DUPLICATE_CHECK turns it off', () => {
    expect(loadConfig({}).intake.duplicateCheck).toBe(true);
    expect(loadConfig({ INTAKE_DUPLICATE_CHECK: 'false' }).intake.duplicateCheck).toBe(false);
    expect(() => loadConfig({ INTAKE_DUPLICATE_CHECK: 'maybe' })).toThrow(/INTAKE_DUPLICATE_CHECK/);
  });

  it('refuses a rate limit that is not a whole number', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('carries the identity configuration, failing fast on it', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'api' }).identity.issuer).toBe(
      'https://idp.example',
    );
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_AUDIENCE is required/);
  });

  it('refuses to start with only one of KAFKA_BROKERS and MONGODB_URI', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(
      /both KAFKA_BROKERS and MONGODB_URI/,
    );
  });
});

describe('loadConfig: partner feeds', () => {
  it('runs the discloser by default, and not when PARTNER_FEEDS is 0 or false', () => {
    expect(loadConfig({}).sharing.partnerFeeds).toBe(true);
    expect(loadConfig({ PARTNER_FEEDS: 'true' }).sharing.partnerFeeds).toBe(true);
    expect(loadConfig({ PARTNER_FEEDS: '0' }).sharing.partnerFeeds).toBe(false);
    expect(loadConfig({ PARTNER_FEEDS: 'false' }).sharing.partnerFeeds).toBe(false);
    expect(() => loadConfig({ PARTNER_FEEDS: 'perhaps' })).toThrow(/PARTNER_FEEDS/);
  });

  it('reads PROGRAM_CATEGORIES as program id to category, none by default, refusing anything else at start', () => {
    expect(loadConfig({}).sharing.programCategories).toEqual({});
    expect(
      loadConfig({ PROGRAM_CATEGORIES: '{"prg-recovery":"substance_use"}' }).sharing.programCategories,
    ).toEqual({ 'prg-recovery': 'substance_use' });
    for (const bad of ['[]', 'not json', '{"p":"drugs"}', '{"p":"case_record"}', '{"p":3}', '"x"'])
      expect(() => loadConfig({ PROGRAM_CATEGORIES: bad })).toThrow(/PROGRAM_CATEGORIES/);
  });
});
