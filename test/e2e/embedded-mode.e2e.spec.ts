import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@casetrail/platform';
import { startApi } from '../support/apps';
import { api, eventually } from '../support/http';
import { identityEnv } from '../support/identity';

/** `npm start` with no KAFKA_BROKERS / MONGODB_URI: one process, a journal on disk, nothing external. */
describe('embedded mode', () => {
  const engagement = {
    programId: 'family-support',
    caseManagerId: 'cm-embedded',
    referralSource: 'school',
    consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
    client: { givenName: 'Mina', familyName: 'Okafor', dateOfBirth: '1990-11-30' },
    presentingConcerns: 'Rent arrears; risk of eviction',
  };

  it('serves the slice and keeps its cases across a restart, rebuilding read models from the journal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'casetrail-embedded-'));
    // Trusting the test OpenID Provider, as every app under test does (its dev issuer has a test of its own).
    const config = loadConfig({ CASETRAIL_DATA_DIR: dataDir, PUBLISHER_IDLE_MS: '20', ...identityEnv() });
    expect(config.mode).toBe('embedded');

    const first = await startApi(config);
    const created = await api(first.url).post('/cases', engagement);
    expect(created.status).toBe(201);
    await eventually(async () =>
      expect((await api(first.url).get('/caseloads/cm-embedded')).body.total).toBe(1),
    );
    await first.app.close();

    const second = await startApi(config);
    try {
      const caseload = await eventually(async () => {
        const response = await api(second.url).get('/caseloads/cm-embedded');
        expect(response.body.total).toBe(1);
        return response.body;
      });
      expect(caseload.cases[0]).toMatchObject({
        caseId: created.body.caseId,
        clientName: 'Mina Okafor',
        version: 1,
      });
      const state = await api(second.url).get(`/cases/${created.body.caseId}`);
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({
        caseId: created.body.caseId,
        version: 1,
        state: { status: 'open' },
      });
      // The journal keeps numbering where it left off.
      const next = await api(second.url).post('/cases', { ...engagement, caseManagerId: 'cm-other' });
      expect(next.body.events[0].position).toBe(2);
    } finally {
      await second.app.close();
    }
  });

  it('refuses to start with only one of KAFKA_BROKERS and MONGODB_URI', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(
      /both KAFKA_BROKERS and MONGODB_URI/,
    );
  });
});
