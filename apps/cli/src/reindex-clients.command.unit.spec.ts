import { randomBytes, randomUUID } from 'node:crypto';
import { LocalEventStore, type EventStore, type EventToAppend } from '@casetrail/event-store';
import {
  LocalKeyManagement,
  MemoryProtectionStore,
  openProtection,
  type ClientIdentity,
  type Protection,
} from '@casetrail/protection';
import { runReindexClients } from './reindex-clients.command';

const AMINA: ClientIdentity = {
  givenName: 'Amina',
  familyName: 'Yusuf',
  dateOfBirth: '1990-01-02',
  phone: '+44 20 7946 0018',
};

const engagement = (caseId: string, clientId: string, client: ClientIdentity): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ClientEngaged',
  schemaVersion: 2,
  streamId: caseId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:00:00.000Z',
  actor: { id: 'cm-1', role: 'case_manager' },
  correlationId: 'c',
  causationId: caseId,
  data: { clientId, caseNumber: `CT-${caseId}`, programId: 'housing-first' },
  pii: { client },
  dataSubject: clientId,
});

const sink = () => {
  const lines: string[] = [];
  return { lines, write: (chunk: string) => lines.push(chunk) > 0 };
};

/** Clients engaged before the matching entries existed: engaged, then their index entries dropped. */
const given = async (clients: ReadonlyArray<readonly [string, string, ClientIdentity]>) => {
  const keys = new MemoryProtectionStore();
  const protection = await openProtection({ store: keys, kms: new LocalKeyManagement(randomBytes(32)) });
  const store = protection.sealing(LocalEventStore.inMemory());
  for (const [caseId, clientId, identity] of clients) {
    await protection.prepareClient(clientId, caseId, identity);
    await store.append(caseId, 0, [engagement(caseId, clientId, identity)]);
    await keys.removeIndexEntries(clientId);
  }
  return { keys, protection, store };
};

const when = async (ctx: { protection: Protection; store: EventStore }, json = true) => {
  const stdout = sink();
  const stderr = sink();
  const result = await runReindexClients({ ...ctx, json, out: { stdout, stderr, json } });
  return { result, stdout: stdout.lines.join(''), stderr: stderr.lines.join('') };
};

describe('reindex-clients: the index entries of clients engaged before they existed', () => {
  it('given a client with no matching entries, when reindexed, then intake finds them by sound and phone', async () => {
    const ctx = await given([['case-1', 'client-1', AMINA]]);
    const probe = { ...AMINA, givenName: 'Aminah', dateOfBirth: null };
    expect(await ctx.protection.findLikelyDuplicates(probe)).toEqual([]);
    const { result, stdout } = await when(ctx);
    expect(result).toEqual({ reindexed: 1, skipped: 0, events: 1 });
    expect(JSON.parse(stdout)).toEqual(result);
    expect(await ctx.protection.findLikelyDuplicates(probe)).toEqual([
      { clientId: 'client-1', caseIds: ['case-1'], matched: ['phone', 'phonetic'] },
    ]);
    expect(await ctx.protection.findClients({ givenName: 'amina', familyName: 'YUSUF' })).toHaveLength(1);
  });

  it('given a client with two cases, when reindexed twice, then each client once and the second run changes nothing', async () => {
    const ctx = await given([
      ['case-1', 'client-1', AMINA],
      ['case-2', 'client-1', AMINA],
    ]);
    const first = await when(ctx);
    const second = await when(ctx);
    expect(first.result).toEqual({ reindexed: 1, skipped: 0, events: 2 });
    expect(second.result).toEqual(first.result);
    expect(await ctx.protection.findLikelyDuplicates(AMINA)).toHaveLength(1);
    expect(await ctx.protection.clientCases('client-1')).toEqual(['case-1', 'case-2']);
  });

  it('given an erased client, when reindexed, then they are left out of the index', async () => {
    const ctx = await given([['case-1', 'client-1', AMINA]]);
    await ctx.protection.erasures.begin({
      erasureId: 'e-1',
      clientId: 'client-1',
      legalBasis: 'GDPR Art. 17',
      requestedBy: 'data_subject',
      actor: { id: 'admin-1', role: 'administrator' },
      requestedAt: '2026-04-01T09:00:00.000Z',
      correlationId: 'c',
      caseIds: ['case-1'],
    });
    await ctx.protection.erasures.destroy('client-1', '2026-04-01T09:00:01.000Z');
    const { result } = await when(ctx);
    expect(result).toEqual({ reindexed: 0, skipped: 1, events: 1 });
    expect(await ctx.protection.findClients({ dateOfBirth: AMINA.dateOfBirth! })).toEqual([]);
  });

  it('prints counts and progress, never a name', async () => {
    const ctx = await given([['case-1', 'client-1', AMINA]]);
    const { stdout, stderr } = await when(ctx, false);
    expect(stdout).toBe('Re-indexed 1 clients (0 erased or unreadable left alone) from 1 events.\n');
    expect(stderr).toContain('clients');
    expect(stdout + stderr).not.toMatch(/amina|yusuf|1990/i);
  });
});
