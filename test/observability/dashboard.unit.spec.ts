import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CasetrailMetrics } from '@casetrail/platform';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Panel {
  readonly title: string;
  readonly targets: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(read('infra/observability/grafana/dashboards/casetrail.json')) as {
  uid: string;
  panels: readonly Panel[];
};

/** Every metric family an expression names (a histogram's _bucket/_count/_sum are its family). */
const metricsIn = (expr: string): string[] =>
  [...expr.matchAll(/\b((?:http|casetrail|process|nodejs)_[a-z_]+)\b/g)].map((m) =>
    m[1]!.replace(/_(bucket|count|sum)$/, ''),
  );

describe('the Grafana dashboard and the Prometheus scrape config', () => {
  const registered = new CasetrailMetrics('test').registry.getMetricsAsArray().map((m) => m.name);
  const charted = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricsIn(t.expr))));

  it('charts only metrics the registry has (a renamed metric leaves no empty panel)', () => {
    expect(charted.size).toBeGreaterThanOrEqual(10);
    expect([...charted].filter((name) => !registered.includes(name))).toEqual([]);
  });

  it('has a panel for every casetrail_ metric and the HTTP histogram', () => {
    const ours = registered.filter((name) => name.startsWith('casetrail_') || name.startsWith('http_'));
    expect(ours).toHaveLength(9);
    expect(ours.filter((name) => !charted.has(name))).toEqual([]);
  });

  it('queries the provisioned datasource by its uid', () => {
    const datasource = read('infra/observability/grafana/provisioning/datasources/prometheus.yml');
    const uid = /uid: (\S+)/.exec(datasource)?.[1];
    expect(uid).toBeDefined();
    for (const panel of dashboard.panels) expect(panel).toMatchObject({ datasource: { uid } });
  });

  it('scrapes case-api and the projector on the ports the compose file gives them', () => {
    const prometheus = read('infra/observability/prometheus.yml');
    const compose = read('docker-compose.yml');
    const targets = Object.fromEntries(
      [...prometheus.matchAll(/targets: \['([\w-]+):(\d+)'\]/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(Object.keys(targets).sort()).toEqual(['case-api', 'projector']);
    // The apps read PORT and PROJECTOR_PORT from the shared environment block.
    expect(targets['case-api']).toBe(Number(/^ {2}PORT: (\d+)$/m.exec(compose)?.[1]));
    expect(targets.projector).toBe(Number(/^ {2}PROJECTOR_PORT: (\d+)$/m.exec(compose)?.[1]));
    expect(compose).toContain("'./infra/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro'");
    expect(compose).toContain("'./infra/observability/grafana/provisioning:/etc/grafana/provisioning:ro'");
  });

  it('binds Prometheus and Grafana to loopback only, with Grafana telemetry off', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toContain("ports: ['127.0.0.1:9090:9090']");
    expect(compose).toContain("ports: ['127.0.0.1:3030:3000']");
    expect(compose).toContain("GF_ANALYTICS_REPORTING_ENABLED: 'false'");
    expect(compose).toContain("GF_ANALYTICS_CHECK_FOR_UPDATES: 'false'");
  });
});
