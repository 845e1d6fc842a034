import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEventStore, type EventToAppend } from '@casetrail/event-store';
import { FileProtectionStore } from './file-protection-store';
import { LocalKeyManagement } from './local-key-management';
import { MemoryProtectionStore } from './memory-protection-store';
import { SealedDataDamagedError } from './pii-cipher';
import { MasterKeyMismatchError, openProtection, UnknownClientKeyError } from './protection';
import { ClientErasedError, type Protection } from './protection.port';
import { UnknownErasureError } from './protection-store.port';
import { isSealed, type SealedPii } from './sealed';
import { erasureRequest } from './testing/protection-store.contract';

const NAME = { givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: '1987-06-05' };
const NOTE = 'told us of the flat on Marrowgate Lane';

const event = (streamId: string, dataSubject?: string, pii: unknown = { note: NOTE }): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  data: { kind: 'visit' },
  pii,
  ...(dataSubject === undefined ? {} : { dataSubject }),
});

/** A store that counts key reads: how often the opener missed its cache. */
class CountingStore extends MemoryProtectionStore {
  reads: string[] = [];
  override getKey(kid: string) {
    this.reads.push(kid);
    return super.getKey(kid);
  }
}

const kms = new LocalKeyManagement(randomBytes(32));

describe('openProtection', () => {
  let store: CountingStore;
  let protection: Protection;
  beforeEach(async () => {
    store = new CountingStore();
    protection = await openProtection({ store, kms });
  });

  describe('sealing store', () => {
    it('seals a case event under its client key, drops dataSubject, and reads come back sealed', async () => {
      await protection.prepareClient('client-1', 'case-1', NAME);
      const events = LocalEventStore.inMemory();
      const sealing = protection.sealing(events);
      const pending = event('case-1', 'client-1');
      const result = await sealing.append('case-1', 0, [pending]);
      const [stored] = await sealing.readStream('case-1');
      expect(stored).not.toHaveProperty('dataSubject');
      expect(stored?.data).toEqual({ kind: 'visit' });
      expect(isSealed(stored?.pii)).toBe(true);
      expect((stored?.pii as SealedPii).kid).toBe('client/client-1');
      expect(result.events[0]?.pii).toEqual(stored?.pii);
      expect(JSON.stringify((await events.readAll(0, 10)).events)).not.toContain('Marrowgate');
      expect(await protection.opener.open(pending.eventId, stored?.pii)).toEqual({
        status: 'present',
        pii: { note: NOTE },
      });
      expect(await sealing.headPosition()).toBe(1);
      expect(sealing.holesPassed).toBe(0);
    });

    it('seals access-log events under the records key', async () => {
      const sealing = protection.sealing(LocalEventStore.inMemory());
      const pending = event('access-2026-03', undefined, { reason: 'court order' });
      const { events } = await sealing.append('access-2026-03', 0, [pending]);
      expect((events[0]?.pii as SealedPii).kid).toBe('system/records');
      expect(await protection.opener.open(pending.eventId, events[0]?.pii)).toEqual({
        status: 'present',
        pii: { reason: 'court order' },
      });
    });

    it("seals a program's form versions under the records key: they hold no client's data", async () => {
      const sealing = protection.sealing(LocalEventStore.inMemory());
      const pending = event('program-forms-prog-housing', undefined, {});
      const { events } = await sealing.append('program-forms-prog-housing', 0, [pending]);
      expect((events[0]?.pii as SealedPii).kid).toBe('system/records');
    });

    it('refuses a case event without a data subject, of an unknown client, or of an erased one, appending nothing', async () => {
      const events = LocalEventStore.inMemory();
      const sealing = protection.sealing(events);
      await expect(sealing.append('case-1', 0, [event('case-1')])).rejects.toBeInstanceOf(RangeError);
      await expect(sealing.append('case-1', 0, [event('case-1', 'nobody')])).rejects.toBeInstanceOf(
        UnknownClientKeyError,
      );
      await protection.prepareClient('client-1', 'case-1', NAME);
      await protection.erasures.begin(erasureRequest('client-1'));
      await protection.erasures.destroy('client-1', '2026-04-01T10:00:00.000Z');
      await expect(sealing.append('case-1', 0, [event('case-1', 'client-1')])).rejects.toBeInstanceOf(
        ClientErasedError,
      );
      expect(await events.headPosition()).toBe(0);
    });
  });

  describe('opener', () => {
    const sealedFor = async (clientId: string) => {
      await protection.prepareClient(clientId, `case-${clientId}`, { ...NAME, givenName: clientId });
      const pending = event(`case-${clientId}`, clientId);
      const { events } = await protection
        .sealing(LocalEventStore.inMemory())
        .append(pending.streamId, 0, [pending]);
      return { eventId: pending.eventId, pii: events[0]!.pii };
    };

    it('answers plaintext as present, unchanged', async () => {
      expect(await protection.opener.open('e', { note: 'fixture' })).toEqual({
        status: 'present',
        pii: { note: 'fixture' },
      });
    });

    it('answers erased once the client key is destroyed, in this process at once', async () => {
      const a = await sealedFor('client-a');
      expect((await protection.opener.open(a.eventId, a.pii)).status).toBe('present');
      await protection.erasures.begin(erasureRequest('client-a'));
      await protection.erasures.destroy('client-a', '2026-04-01T10:00:00.000Z');
      expect(await protection.opener.open(a.eventId, a.pii)).toEqual({ status: 'erased' });
    });

    it('throws on damage: a tampered value, one moved to another event, an unknown key family', async () => {
      const a = await sealedFor('client-a');
      const sealed = a.pii as SealedPii;
      const ct = Buffer.from(sealed.ct, 'base64url');
      ct[3] = ct[3]! ^ 0x40;
      await expect(
        protection.opener.open(a.eventId, { ...sealed, ct: ct.toString('base64url') }),
      ).rejects.toBeInstanceOf(SealedDataDamagedError);
      await expect(protection.opener.open('another-event', sealed)).rejects.toBeInstanceOf(
        SealedDataDamagedError,
      );
      await expect(
        protection.opener.open(a.eventId, { ...sealed, kid: 'system/anchor' }),
      ).rejects.toBeInstanceOf(SealedDataDamagedError);
    });

    it('keeps at most maxKeys unwrapped keys, least recently used out first', async () => {
      protection = await openProtection({ store, kms, cache: { maxKeys: 2 } });
      const values = [await sealedFor('c1'), await sealedFor('c2'), await sealedFor('c3')];
      const reopen = async (i: number) => {
        const before = store.reads.length;
        const v = values[i]!;
        expect((await protection.opener.open(v.eventId, v.pii)).status).toBe('present');
        return store.reads.length - before;
      };
      protection = await openProtection({ store, kms, cache: { maxKeys: 2 } });
      expect(await reopen(0)).toBe(1);
      expect(await reopen(1)).toBe(1);
      expect(await reopen(0)).toBe(0);
      expect(await reopen(2)).toBe(1); // evicts c2, the least recently used
      expect(await reopen(0)).toBe(0);
      expect(await reopen(1)).toBe(1);
    });

    it('forgets a key after ttlMs, so another process sees an erasure within it', async () => {
      let now = 1_000_000;
      const reader = await openProtection({ store, kms, cache: { ttlMs: 60_000 }, now: () => now });
      const a = await sealedFor('client-a');
      expect((await reader.opener.open(a.eventId, a.pii)).status).toBe('present');
      await protection.erasures.begin(erasureRequest('client-a'));
      await protection.erasures.destroy('client-a', '2026-04-01T10:00:00.000Z');
      now += 59_000;
      expect((await reader.opener.open(a.eventId, a.pii)).status).toBe('present');
      now += 1_000;
      expect(await reader.opener.open(a.eventId, a.pii)).toEqual({ status: 'erased' });
    });

    it('reads a missing key once for concurrent opens', async () => {
      const a = await sealedFor('client-a');
      protection = await openProtection({ store, kms });
      const before = store.reads.length;
      await Promise.all([1, 2, 3, 4].map(() => protection.opener.open(a.eventId, a.pii)));
      expect(store.reads.length - before).toBe(1);
    });
  });

  describe('clients', () => {
    it('prepares a client once per case and registers each case', async () => {
      await protection.prepareClient('client-1', 'case-1', NAME);
      const key = await store.getKey('client/client-1');
      await protection.prepareClient('client-1', 'case-1', NAME);
      await protection.prepareClient('client-1', 'case-2', NAME);
      expect((await store.getKey('client/client-1'))?.wrapped).toEqual(key?.wrapped);
      expect(await protection.clientCases('client-1')).toEqual(['case-1', 'case-2']);
      expect(await protection.clientCases('nobody')).toBeNull();
    });

    it('finds clients by name, date of birth, or both', async () => {
      await protection.prepareClient('client-1', 'case-1', NAME);
      await protection.prepareClient('client-2', 'case-2', { ...NAME, dateOfBirth: '1990-01-01' });
      await protection.prepareClient('client-3', 'case-3', { ...NAME, givenName: 'Ann' });
      const ids = async (q: Parameters<Protection['findClients']>[0]) =>
        (await protection.findClients(q)).map((m) => m.clientId);
      expect(await ids({ givenName: 'ZEPHYRINE', familyName: ' quillfeather ' })).toEqual([
        'client-1',
        'client-2',
      ]);
      expect(await ids({ dateOfBirth: '1987-06-05' })).toEqual(['client-1', 'client-3']);
      expect(
        await ids({ givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: '1987-06-05' }),
      ).toEqual(['client-1']);
      expect(await protection.findClients({ dateOfBirth: '1990-01-01' })).toEqual([
        { clientId: 'client-2', caseIds: ['case-2'] },
      ]);
      await expect(protection.findClients({})).rejects.toBeInstanceOf(RangeError);
    });

    it('refuses a new case for a client whose erasure has begun', async () => {
      await protection.prepareClient('client-1', 'case-1', NAME);
      await protection.erasures.begin(erasureRequest('client-1'));
      await expect(protection.prepareClient('client-1', 'case-2', NAME)).rejects.toBeInstanceOf(
        ClientErasedError,
      );
      expect(await protection.clientCases('client-1')).toEqual(['case-1']);
    });
  });

  describe('erasures', () => {
    it('begins once, destroys idempotently, completes, and lists what is still running', async () => {
      await protection.prepareClient('client-1', 'case-1', NAME);
      await expect(protection.erasures.destroy('client-1', 't')).rejects.toBeInstanceOf(UnknownErasureError);
      const request = erasureRequest('client-1');
      const begun = await protection.erasures.begin(request);
      expect(begun).toEqual({ ...request, status: 'running', destroyedAt: null, completedAt: null });
      expect(await protection.erasures.begin({ ...request, erasureId: 'another' })).toEqual(begun);
      await expect(protection.erasures.complete('client-1', 't')).rejects.toBeInstanceOf(RangeError);
      expect(await protection.erasures.pending()).toEqual([begun]);

      const destroyed = await protection.erasures.destroy('client-1', '2026-04-01T10:00:00.000Z');
      expect(destroyed.destroyedAt).toBe('2026-04-01T10:00:00.000Z');
      expect(await protection.erasures.destroy('client-1', '2026-04-02T10:00:00.000Z')).toEqual(destroyed);
      expect(
        await protection.findClients({ givenName: NAME.givenName, familyName: NAME.familyName }),
      ).toEqual([]);
      expect(await protection.clientCases('client-1')).toEqual(['case-1']);

      const done = await protection.erasures.complete('client-1', '2026-04-01T10:01:00.000Z');
      expect(done).toMatchObject({ status: 'done', completedAt: '2026-04-01T10:01:00.000Z' });
      expect(await protection.erasures.get('client-1')).toEqual(done);
      expect(await protection.erasures.pending()).toEqual([]);
    });
  });

  it('signs with the anchor key: the same across opens of one store, different elsewhere', async () => {
    const bytes = Buffer.from('digest of the log');
    const again = await openProtection({ store, kms });
    expect(again.anchorMac(bytes)).toEqual(protection.anchorMac(bytes));
    expect(protection.anchorMac(bytes)).toHaveLength(32);
    const elsewhere = await openProtection({ store: new MemoryProtectionStore(), kms });
    expect(elsewhere.anchorMac(bytes)).not.toEqual(protection.anchorMac(bytes));
  });

  it('makes pseudonyms under a stored system key: stable across opens, per scope, unknown elsewhere', async () => {
    const p = protection.pseudonyms('principal:analyst-1').pseudonymise('c', 'case-1');
    const again = await openProtection({ store, kms });
    expect(again.pseudonyms('principal:analyst-1').resolve(p)).toEqual({ kind: 'c', id: 'case-1' });
    expect(again.pseudonyms('principal:analyst-2').resolve(p)).toBeNull();
    const elsewhere = await openProtection({ store: new MemoryProtectionStore(), kms });
    expect(elsewhere.pseudonyms('principal:analyst-1').resolve(p)).toBeNull();
    expect(await store.getKey('system/pseudonym')).toMatchObject({ kek: kms.keyId });
  });

  it('refuses a master key that did not wrap the store keys, naming both', async () => {
    const wrong = new LocalKeyManagement(randomBytes(32));
    const error = await openProtection({ store, kms: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterKeyMismatchError);
    expect((error as Error).message).toBe(
      `the master key ${wrong.keyId} does not open the keys in this store (wrapped by ${kms.keyId}): wrong or lost master key`,
    );
  });

  it('writes no name, date of birth or note to the embedded store files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casetrail-protection-bytes-'));
    const files = FileProtectionStore.open(dir);
    const p = await openProtection({ store: files, kms });
    await p.prepareClient('client-1', 'case-1', NAME);
    const journal = LocalEventStore.journaled(dir);
    await p.sealing(journal).append('case-1', 0, [event('case-1', 'client-1')]);
    await journal.close();
    await p.erasures.begin(erasureRequest('client-1'));
    const bytes = Buffer.concat(
      [...readdirSync(join(dir, 'protection')).map((f) => join('protection', f)), 'events.journal'].map((f) =>
        readFileSync(join(dir, f)),
      ),
    ).toString('latin1');
    for (const plain of [
      'Zephyrine',
      'zephyrine',
      'Quillfeather',
      'quillfeather',
      '1987-06-05',
      'Marrowgate',
    ])
      expect(bytes).not.toContain(plain);
    await p.close();
  });
});
