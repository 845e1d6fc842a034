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

  it('reads PROGRAM_APPROVALS as program id to what needs approval, none by default, refusing anything else at start', () => {
    expect(loadConfig({}).approvals.byProgram).toEqual({});
    expect(
      loadConfig({ PROGRAM_APPROVALS: '{"prg-resettlement":["plan","closing","plan"],"prg-youth":[]}' })
        .approvals.byProgram,
    ).toEqual({ 'prg-resettlement': ['plan', 'closing'], 'prg-youth': [] });
    for (const bad of ['[]', 'not json', '{"p":"plan"}', '{"p":["approve"]}', '{"p":[3]}', '"x"'])
      expect(() => loadConfig({ PROGRAM_APPROVALS: bad })).toThrow(/PROGRAM_APPROVALS/);
  });
});

describe('loadConfig: the schema stops start-up naming the variable and its rule', () => {
  it('reads PUBLISHER_ENABLED as a boolean: 0 and false mean off, anything unknown fails', () => {
    expect(loadConfig({}).publisher.enabled).toBe(true);
    for (const off of ['0', 'false', 'FALSE', 'no', 'off'])
      expect(loadConfig({ PUBLISHER_ENABLED: off }).publisher.enabled).toBe(false);
    for (const on of ['1', 'true', 'yes', 'on'])
      expect(loadConfig({ PUBLISHER_ENABLED: on }).publisher.enabled).toBe(true);
    expect(() => loadConfig({ PUBLISHER_ENABLED: 'maybe' })).toThrow(
      'PUBLISHER_ENABLED must be true or false (1/0), got "maybe"',
    );
  });

  it.each([
    [
      'an integer that is not a number',
      { PORT: 'http' },
      'PORT must be an integer from 0 to 65535, got "http"',
    ],
    [
      'an integer with a fraction',
      { KAFKA_PARTITIONS: '2.5' },
      'KAFKA_PARTITIONS must be an integer from 1 to 10000',
    ],
    [
      'an integer below its range',
      { HEALTH_CHECK_TIMEOUT_MS: '10' },
      'HEALTH_CHECK_TIMEOUT_MS must be an integer from 50 to 30000, got "10"',
    ],
    [
      'an integer above its range',
      { SHUTDOWN_DRAIN_MS: '120001' },
      'SHUTDOWN_DRAIN_MS must be an integer from 0 to 120000',
    ],
    [
      'a negative count',
      { READY_MAX_PUBLISHER_LAG: '-1' },
      'READY_MAX_PUBLISHER_LAG must be an integer 0 or more, got "-1"',
    ],
    ['a port out of range', { PROJECTOR_PORT: '0' }, 'PROJECTOR_PORT must be an integer from 1 to 65535'],
    [
      'a value outside its enum',
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ],
    [
      'an exporter outside its enum',
      { OTEL_TRACES_EXPORTER: 'jaeger' },
      'OTEL_TRACES_EXPORTER must be one of none, console, otlp',
    ],
    [
      'a URL that is not http(s)',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' },
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
    ],
    ['a pattern', { KAFKA_TOPIC: 'case events' }, 'KAFKA_TOPIC must be a Kafka topic name'],
    [
      'a list item',
      { KAFKA_BROKERS: 'kafka', MONGODB_URI: 'mongodb://m/' },
      'KAFKA_BROKERS must be a comma-separated list of host:port, got "kafka"',
    ],
    ['a JSON object', { PROGRAM_APPROVALS: '[]' }, 'PROGRAM_APPROVALS must be a JSON object'],
    [
      'a JSON value',
      { PROGRAM_APPROVALS: '{"prg-a":["plan","lunch"]}' },
      'PROGRAM_APPROVALS: program "prg-a" must map to an array of plan, closing, transfer_out',
    ],
    ['a base64 key', { CASETRAIL_MASTER_KEY: 'c2hvcnQ=' }, 'CASETRAIL_MASTER_KEY decodes to 5 bytes, not 32'],
    [
      'both of two exclusive variables',
      { CASETRAIL_MASTER_KEY: 'A'.repeat(43) + '=', CASETRAIL_MASTER_KEY_FILE: '/run/secrets/key' },
      'CASETRAIL_MASTER_KEY and CASETRAIL_MASTER_KEY_FILE are both set',
    ],
    [
      'one of two variables that go together',
      { MONGODB_URI: 'mongodb://127.0.0.1:27017/' },
      'KAFKA_BROKERS is missing: set both KAFKA_BROKERS and MONGODB_URI',
    ],
    [
      'an order between two variables',
      { PUBLISHER_LEASE_TTL_MS: '1000', PUBLISHER_LEASE_RENEW_MS: '1000' },
      'PUBLISHER_LEASE_RENEW_MS must be less than PUBLISHER_LEASE_TTL_MS (1000), got 1000',
    ],
  ])('refuses %s', (_kind, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret in its message', () => {
    const token = 'short-secret';
    expect(() => loadConfig({ METRICS_TOKEN: token })).toThrow(
      'METRICS_TOKEN must be at least 16 characters',
    );
    expect(() => loadConfig({ METRICS_TOKEN: token })).not.toThrow(token);
    expect(() =>
      loadConfig({ MONGODB_URI: 'postgres://user:hunter2@db/', KAFKA_BROKERS: 'k:9092' }),
    ).not.toThrow(/hunter2/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', METRICS_ENABLED: 'sometimes' })).toThrow(
      /3 problems[\s\S]*PORT[\s\S]*LOG_LEVEL[\s\S]*METRICS_ENABLED/,
    );
  });

  it('takes the issue #13 variables, with their defaults', () => {
    expect(loadConfig({})).toMatchObject({
      observability: {
        logLevel: 'info',
        tracesExporter: 'none',
        otlpEndpoint: null,
        metricsEnabled: true,
        metricsToken: null,
      },
      health: { checkTimeoutMs: 1000, maxPublisherLag: 10_000, maxProjectorLag: 10_000 },
      shutdown: { drainMs: 10_000 },
      projector: { port: 3001 },
      approvals: { byProgram: {} },
    });
    expect(
      loadConfig({
        LOG_LEVEL: 'debug',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        METRICS_ENABLED: '0',
        METRICS_TOKEN: 'a-token-of-16-chars',
        HEALTH_CHECK_TIMEOUT_MS: '50',
        READY_MAX_PUBLISHER_LAG: '0',
        READY_MAX_PROJECTOR_LAG: '5',
        SHUTDOWN_DRAIN_MS: '0',
        PROJECTOR_PORT: '65535',
        PROGRAM_APPROVALS: '{"prg-housing":["plan","closing"],"prg-youth":[]}',
      }),
    ).toMatchObject({
      observability: {
        logLevel: 'debug',
        tracesExporter: 'otlp',
        otlpEndpoint: 'http://collector:4318',
        metricsEnabled: false,
        metricsToken: 'a-token-of-16-chars',
      },
      health: { checkTimeoutMs: 50, maxPublisherLag: 0, maxProjectorLag: 5 },
      shutdown: { drainMs: 0 },
      projector: { port: 65535 },
      approvals: { byProgram: { 'prg-housing': ['plan', 'closing'], 'prg-youth': [] } },
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', KAFKA_BROKERS: '', MONGODB_URI: ' ' })).toEqual(loadConfig({}));
  });
});
