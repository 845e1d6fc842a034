import { randomBytes, randomUUID } from 'node:crypto';
import { LocalEventStore, type EventToAppend } from '@casetrail/event-store';
import { KeyUnwrapError, type KeyManagement, type WrappedKey } from '../key-management.port';
import { LocalKeyManagement } from '../local-key-management';
import { MasterKeyMismatchError, openProtection, RotationIncompleteError } from '../protection';
import type { ErasureRecord, MergeRecord } from '../protection.port';
import type { KeyDoc, ProtectionStore } from '../protection-store.port';
import { rotateMasterKey } from '../rotate';
import { seal } from '../pii-cipher';

export const keyDoc = (kid: string, wrapped: WrappedKey | null, overrides: Partial<KeyDoc> = {}): KeyDoc => ({
  kid,
  clientId: kid.startsWith('client/') ? kid.slice('client/'.length) : null,
  kek: wrapped?.kek ?? null,
  wrapped,
  createdAt: '2026-03-01T10:00:00.000Z',
  caseIds: [],
  status: 'active',
  erasedAt: null,
  ...overrides,
});

export const erasureRequest = (
  clientId: string,
): Omit<ErasureRecord, 'status' | 'destroyedAt' | 'completedAt'> => ({
  erasureId: randomUUID(),
  clientId,
  legalBasis: 'GDPR Art. 17(1)(a)',
  requestedBy: 'the client, by letter',
  actor: { id: 'admin-1', role: 'administrator' },
  requestedAt: '2026-04-01T09:00:00.000Z',
  correlationId: 'corr-erasure',
  caseIds: ['case-1'],
});

/** A key management that fails once it has wrapped `after` keys: a crash midway through a rotation. */
export const failingAfter = (inner: KeyManagement, after: number): KeyManagement => {
  let wrapped = 0;
  return {
    keyId: inner.keyId,
    wrap: (key, kid) => {
      if (wrapped >= after) return Promise.reject(new Error('simulated crash'));
      wrapped += 1;
      return inner.wrap(key, kid);
    },
    unwrap: (w, kid) => inner.unwrap(w, kid),
  };
};

const identity = { givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: '1987-06-05' };

/**
 * What the facade relies on from a store, for every store: the file store in unit tests, MongoDB
 * against the real database. `open` gives a fresh, empty store each time.
 */
export const describeProtectionStoreContract = (name: string, open: () => Promise<ProtectionStore>) => {
  describe(`ProtectionStore contract: ${name}`, () => {
    let store: ProtectionStore;
    const kms = new LocalKeyManagement(randomBytes(32));
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a key once: a second create answers the first, and cases are added once each', async () => {
      const first = keyDoc('client/c1', await kms.wrap(randomBytes(32), 'client/c1'), {
        caseIds: ['case-1'],
      });
      expect(await store.createKey(first)).toEqual(first);
      const second = keyDoc('client/c1', await kms.wrap(randomBytes(32), 'client/c1'));
      expect(await store.createKey(second)).toEqual(first);
      await store.addCase('client/c1', 'case-2');
      await store.addCase('client/c1', 'case-2');
      expect((await store.getKey('client/c1'))?.caseIds).toEqual(['case-1', 'case-2']);
      expect(await store.getKey('client/nobody')).toBeNull();
      expect(await store.keyIds()).toEqual(['client/c1']);
    });

    it('destroys a key: erased, stamped once, no wrapped key left, cases kept', async () => {
      await store.createKey(
        keyDoc('client/c2', await kms.wrap(randomBytes(32), 'client/c2'), { caseIds: ['case-9'] }),
      );
      await store.destroyKey('client/c2', '2026-04-01T10:00:00.000Z');
      await store.destroyKey('client/c2', '2026-04-02T10:00:00.000Z');
      expect(await store.getKey('client/c2')).toMatchObject({
        status: 'erased',
        erasedAt: '2026-04-01T10:00:00.000Z',
        wrapped: null,
        kek: null,
        caseIds: ['case-9'],
      });
      await expect(store.destroyKey('client/never', '2026-04-01T10:00:00.000Z')).resolves.toBeUndefined();
    });

    it('re-wraps only an active key still under the expected master key', async () => {
      const other = new LocalKeyManagement(randomBytes(32));
      await store.createKey(keyDoc('client/c3', await kms.wrap(randomBytes(32), 'client/c3')));
      expect(
        await store.rewrapKey('client/c3', other.keyId, await other.wrap(randomBytes(32), 'client/c3')),
      ).toBe(false);
      const rewrapped = await other.wrap(randomBytes(32), 'client/c3');
      expect(await store.rewrapKey('client/c3', kms.keyId, rewrapped)).toBe(true);
      expect(await store.getKey('client/c3')).toMatchObject({ kek: other.keyId, wrapped: rewrapped });
      await store.destroyKey('client/c3', '2026-04-01T10:00:00.000Z');
      expect(await store.rewrapKey('client/c3', other.keyId, rewrapped)).toBe(false);
      expect((await store.getKey('client/c3'))?.wrapped).toBeNull();
    });

    it('keeps blind-index entries per client, finds by entry, and removes one client only', async () => {
      await store.addIndexEntries('c1', ['name:aaa', 'dob:bbb']);
      await store.addIndexEntries('c1', ['name:aaa']);
      await store.addIndexEntries('c2', ['name:aaa', 'dob:ccc']);
      expect([...(await store.findByEntry('name:aaa'))].sort()).toEqual(['c1', 'c2']);
      await store.removeIndexEntries('c1');
      await store.removeIndexEntries('c1');
      expect(await store.findByEntry('name:aaa')).toEqual(['c2']);
      expect(await store.findByEntry('dob:bbb')).toEqual([]);
      expect(await store.findByEntry('dob:ccc')).toEqual(['c2']);
    });

    it('stores an erasure once, updates it, and lists those still running', async () => {
      const record: ErasureRecord = {
        ...erasureRequest('c4'),
        status: 'running',
        destroyedAt: null,
        completedAt: null,
      };
      expect(await store.insertErasure(record)).toEqual(record);
      expect(await store.insertErasure({ ...record, legalBasis: 'another' })).toEqual(record);
      expect(await store.runningErasures()).toEqual([record]);
      const done = await store.updateErasure('c4', {
        status: 'done',
        completedAt: '2026-04-01T11:00:00.000Z',
      });
      expect(done).toEqual({ ...record, status: 'done', completedAt: '2026-04-01T11:00:00.000Z' });
      expect(await store.getErasure('c4')).toEqual(done);
      expect(await store.runningErasures()).toEqual([]);
      expect(await store.getErasure('c5')).toBeNull();
    });

    it('keeps the rotation marker', async () => {
      expect(await store.getRotation()).toBeNull();
      const marker = {
        status: 'running' as const,
        from: 'a',
        to: 'b',
        startedAt: '2026-04-01T10:00:00.000Z',
        finishedAt: null,
      };
      await store.putRotation(marker);
      expect(await store.getRotation()).toEqual(marker);
      await store.putRotation({ ...marker, status: 'done', finishedAt: '2026-04-01T10:01:00.000Z' });
      expect(await store.getRotation()).toMatchObject({ status: 'done' });
    });

    it('stores a merge once per duplicate (the first writer wins), finds it, and lists merges into a survivor', async () => {
      const merge = (duplicateClientId: string, survivorClientId: string, mergedAt: string): MergeRecord => ({
        mergeId: `merge-${duplicateClientId}`,
        duplicateClientId,
        survivorClientId,
        caseIds: [`case-${duplicateClientId}`],
        actor: { id: 'sup-1', role: 'supervisor' },
        mergedAt,
      });
      const first = merge('m2', 'm1', '2026-04-01T10:00:00.000Z');
      expect(await store.insertMerge(first)).toEqual(first);
      expect(await store.insertMerge(merge('m2', 'm9', '2026-04-02T10:00:00.000Z'))).toEqual(first);
      await store.insertMerge(merge('m3', 'm1', '2026-04-03T10:00:00.000Z'));
      expect(await store.getMerge('m2')).toEqual(first);
      expect(await store.getMerge('m1')).toBeNull();
      expect((await store.mergesInto('m1')).map((m) => m.duplicateClientId)).toEqual(['m2', 'm3']);
      expect(await store.mergesInto('m9')).toEqual([]);
    });

    it('through the facade: a merged duplicate resolves to the survivor, whose cases, search and matches cover both', async () => {
      const protection = await openProtection({ store, kms });
      const amina = { givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1990-01-02' };
      await protection.prepareClient('s1', 'case-s1', amina);
      await protection.prepareClient('d1', 'case-d1', { ...amina, givenName: 'Aminah' });
      await protection.prepareClient('d1', 'case-d2', { ...amina, givenName: 'Aminah' });
      await protection.merges.record({
        mergeId: 'merge-d1',
        duplicateClientId: 'd1',
        survivorClientId: 's1',
        caseIds: ['case-d1', 'case-d2'],
        actor: { id: 'sup-1', role: 'supervisor' },
        mergedAt: '2026-04-01T10:00:00.000Z',
      });
      expect(await protection.resolveClient('d1')).toBe('s1');
      expect(await protection.resolveClient('s1')).toBe('s1');
      const all = ['case-s1', 'case-d1', 'case-d2'];
      expect(await protection.clientCases('s1')).toEqual(all);
      expect(await protection.clientCases('d1')).toEqual(all);
      expect(await protection.findClients({ givenName: 'Aminah', familyName: 'Yusuf' })).toEqual([
        { clientId: 's1', caseIds: all },
      ]);
      expect(await protection.findClients({ dateOfBirth: '1990-01-02' })).toEqual([
        { clientId: 's1', caseIds: all },
      ]);
      expect(
        (await protection.findLikelyDuplicates({ ...amina, givenName: 'Aminah' })).map((m) => [
          m.clientId,
          m.caseIds,
        ]),
      ).toEqual([['s1', all]]);
      // The duplicate's key stays: the events sealed under it before the merge still open.
      expect((await store.getKey('client/d1'))?.status).toBe('active');
    });

    it('through the facade: an erased client opens as erased while others still open', async () => {
      const protection = await openProtection({ store, kms });
      await protection.prepareClient('c6', 'case-6', identity);
      await protection.prepareClient('c7', 'case-7', { ...identity, givenName: 'Other' });
      const sealing = protection.sealing(LocalEventStore.inMemory());
      const event = (caseId: string, subject: string): EventToAppend => ({
        eventId: randomUUID(),
        type: 'ContactRecorded',
        schemaVersion: 1,
        streamId: caseId,
        occurredAt: '2026-03-01T10:00:00.000Z',
        recordedAt: '2026-03-01T10:00:00.000Z',
        actor: { id: 'w', role: 'case_manager' },
        correlationId: 'c',
        causationId: 'c',
        data: {},
        pii: { note: `about ${subject}` },
        dataSubject: subject,
      });
      const e6 = event('case-6', 'c6');
      const e7 = event('case-7', 'c7');
      const sealed6 = (await sealing.append('case-6', 0, [e6])).events[0]!;
      const sealed7 = (await sealing.append('case-7', 0, [e7])).events[0]!;
      await protection.erasures.begin(erasureRequest('c6'));
      await protection.erasures.destroy('c6', '2026-04-01T10:00:00.000Z');
      expect(await protection.opener.open(e6.eventId, sealed6.pii)).toEqual({ status: 'erased' });
      expect(await protection.opener.open(e7.eventId, sealed7.pii)).toEqual({
        status: 'present',
        pii: { note: 'about c7' },
      });
      expect(await protection.findClients({ givenName: 'Zephyrine', familyName: 'Quillfeather' })).toEqual(
        [],
      );
      // Another process, which never cached the key, learns it from the store.
      const other = await openProtection({ store, kms });
      expect(await other.opener.open(e6.eventId, sealed6.pii)).toEqual({ status: 'erased' });
      await expect(protection.prepareClient('c6', 'case-8', identity)).rejects.toMatchObject({
        name: 'ClientErasedError',
      });
    });

    it('rotates the master key, resumes after a crash midway, and then only the new key opens', async () => {
      const before = await openProtection({ store, kms });
      for (let i = 0; i < 4; i++) await before.prepareClient(`r${i}`, `case-r${i}`, identity);
      const key = (await store.getKey('client/r1'))!;
      const probe = seal(
        { note: 'probe' },
        'event-1',
        'client/r1',
        await kms.unwrap(key.wrapped!, 'client/r1'),
      );
      await before.erasures.begin(erasureRequest('r3'));
      await before.erasures.destroy('r3', '2026-04-01T10:00:00.000Z');
      const next = new LocalKeyManagement(randomBytes(32));

      await expect(rotateMasterKey({ store, from: kms, to: failingAfter(next, 2) })).rejects.toThrow(
        'simulated crash',
      );
      await expect(openProtection({ store, kms })).rejects.toBeInstanceOf(RotationIncompleteError);
      await expect(openProtection({ store, kms: next })).rejects.toThrow('rotation incomplete');
      // 4 system keys + 4 clients (one erased): 2 re-wrapped before the crash, 5 after, 1 erased skipped.
      expect(await rotateMasterKey({ store, from: kms, to: next })).toEqual({ rewrapped: 5, skipped: 3 });
      expect(await rotateMasterKey({ store, from: kms, to: next })).toEqual({ rewrapped: 0, skipped: 8 });

      const error = await openProtection({ store, kms }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MasterKeyMismatchError);
      expect((error as Error).message).toContain(
        `the master key ${kms.keyId} does not open the keys in this store (wrapped by ${next.keyId}): wrong or lost master key`,
      );
      const rotatedKey = (await store.getKey('client/r1'))!;
      await expect(kms.unwrap(rotatedKey.wrapped!, 'client/r1')).rejects.toBeInstanceOf(KeyUnwrapError);
      const after = await openProtection({ store, kms: next });
      expect(await after.opener.open('event-1', probe)).toEqual({
        status: 'present',
        pii: { note: 'probe' },
      });
      expect((await store.getKey('client/r3'))?.status).toBe('erased');
    });
  });
};
