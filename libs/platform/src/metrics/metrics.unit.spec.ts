import { loadConfig } from '../config';
import { CasetrailMetrics, isLoopback, mayScrape } from './metrics';

const TOKEN = 'a-metrics-token-of-32-characters';

/** The sample of `name` whose labels include `labels`, whatever order prom-client wrote them in. */
const value = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
};

describe('who may scrape /metrics', () => {
  it.each(['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1'])(
    'loopback %s, without a token',
    (address) => {
      expect(isLoopback(address)).toBe(true);
      expect(mayScrape(address, undefined, null)).toBe(true);
    },
  );

  it.each(['192.0.2.7', '::ffff:10.0.0.1', 'fd00::2', '', undefined])('not loopback: %s', (address) => {
    expect(isLoopback(address)).toBe(false);
  });

  it('refuses every address off loopback when no token is configured, whatever it shows', () => {
    expect(mayScrape('192.0.2.7', undefined, null)).toBe(false);
    expect(mayScrape('192.0.2.7', `Bearer ${TOKEN}`, null)).toBe(false);
  });

  it('lets one off loopback in with the bearer token, and only with it', () => {
    expect(mayScrape('192.0.2.7', `Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(mayScrape('192.0.2.7', `bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(mayScrape('192.0.2.7', undefined, TOKEN)).toBe(false);
    expect(mayScrape('192.0.2.7', TOKEN, TOKEN)).toBe(false);
    expect(mayScrape('192.0.2.7', `Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(mayScrape('192.0.2.7', `Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(mayScrape('192.0.2.7', `Basic ${TOKEN}`, TOKEN)).toBe(false);
  });
});

describe('METRICS_ENABLED and METRICS_TOKEN', () => {
  it('default to on and no token', () => {
    expect(loadConfig({}).observability).toMatchObject({ metricsEnabled: true, metricsToken: null });
  });

  it('read a boolean and a token of 16 characters or more', () => {
    expect(loadConfig({ METRICS_ENABLED: '0', METRICS_TOKEN: TOKEN }).observability).toMatchObject({
      metricsEnabled: false,
      metricsToken: TOKEN,
    });
    expect(() => loadConfig({ METRICS_ENABLED: 'maybe' })).toThrow(/METRICS_ENABLED/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });
});

describe('the registry', () => {
  it('labels every series with the process, and starts dead letters at zero per reason', async () => {
    const text = await new CasetrailMetrics('case-api').scrape();
    expect(value(text, 'process_cpu_user_seconds_total', { process: 'case-api' })).toBeGreaterThanOrEqual(0);
    for (const reason of ['undecodable', 'unappliable'])
      expect(value(text, 'casetrail_dead_letters_total', { reason, process: 'case-api' })).toBe(0);
  });

  it('reports publisher lag only where it is known', async () => {
    const metrics = new CasetrailMetrics('case-api');
    const lagIn = async () => value(await metrics.scrape(), 'casetrail_publisher_lag_events', {});
    expect(await lagIn()).toBeNaN();
    let lag: number | null = 4;
    metrics.publisherObserver().watchLag(() => Promise.resolve(lag));
    expect(await lagIn()).toBe(4);
    lag = null;
    expect(await lagIn()).toBeNaN();
  });

  it('times a command with the outcome its error gives', async () => {
    const metrics = new CasetrailMetrics('case-api');
    const outcome = (error: unknown) => ({
      command: 'AssignCase',
      outcome: error === null ? 'ok' : 'rejected',
    });
    await metrics.time(metrics.commandDuration, () => Promise.resolve(1), outcome);
    await expect(
      metrics.time(metrics.commandDuration, () => Promise.reject(new Error('no')), outcome),
    ).rejects.toThrow('no');
    const text = await metrics.scrape();
    for (const outcome of ['ok', 'rejected'])
      expect(
        value(text, 'casetrail_command_duration_seconds_count', { command: 'AssignCase', outcome }),
      ).toBe(1);
  });
});
