import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDisclosureStore, type DisclosureRecord } from './disclosure-store';

const record = (overrides: Partial<DisclosureRecord>): DisclosureRecord => ({
  messageId: 'm-1',
  clientId: 'client-1',
  partnerId: 'partner-a',
  caseId: 'case-1',
  eventId: 'e-1',
  eventType: 'NeedAssessed',
  kind: 'disclosure',
  consentIds: ['consent-1'],
  categories: ['housing'],
  fields: ['data.needs[].domain'],
  topic: 't.partner.partner-a',
  disclosedAt: '2026-12-01T00:00:00.000Z',
  position: 5,
  ...overrides,
});

describe('FileDisclosureStore: the embedded accounting of disclosures', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'casetrail-disclosures-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its records across a restart, a record written again once, oldest first per client', async () => {
    const store = new FileDisclosureStore(dir);
    await store.record(record({ messageId: 'm-2', position: 9 }));
    await store.record(record({ messageId: 'm-1', position: 5 }));
    await store.record(record({ messageId: 'm-1', position: 5, disclosedAt: '2026-12-02T00:00:00.000Z' }));
    await store.record(record({ messageId: 'm-3', clientId: 'client-2' }));
    const reopened = new FileDisclosureStore(dir);
    expect((await reopened.forClient('client-1')).map((r) => [r.messageId, r.disclosedAt])).toEqual([
      ['m-1', '2026-12-02T00:00:00.000Z'],
      ['m-2', '2026-12-01T00:00:00.000Z'],
    ]);
    expect((await reopened.all()).map((r) => r.messageId)).toEqual(['m-1', 'm-3', 'm-2']);
  });

  it('skips a torn last line (a crash mid-write, never followed by a send)', async () => {
    const store = new FileDisclosureStore(dir);
    await store.record(record({}));
    appendFileSync(store.file, '{"messageId":"m-torn","clie');
    expect((await new FileDisclosureStore(dir).all()).map((r) => r.messageId)).toEqual(['m-1']);
  });
});
