import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileProtectionStore, ProtectionStoreDamagedError } from './file-protection-store';
import { LocalKeyManagement } from './local-key-management';
import { MemoryProtectionStore } from './memory-protection-store';
import { describeProtectionStoreContract, keyDoc } from './testing/protection-store.contract';

const dataDir = () => mkdtempSync(join(tmpdir(), 'casetrail-protection-'));
/** Every byte the store has on disk, all files together. */
const bytesOf = (dir: string) =>
  Buffer.concat(readdirSync(join(dir, 'protection')).map((f) => readFileSync(join(dir, 'protection', f))));

describeProtectionStoreContract('memory', () => Promise.resolve(new MemoryProtectionStore()));
describeProtectionStoreContract('files', () => Promise.resolve(FileProtectionStore.open(dataDir())));

describe('FileProtectionStore', () => {
  const kms = new LocalKeyManagement(randomBytes(32));

  it('keeps everything across a reopen', async () => {
    const dir = dataDir();
    const store = FileProtectionStore.open(dir);
    const doc = keyDoc('client/c1', await kms.wrap(randomBytes(32), 'client/c1'), { caseIds: ['case-1'] });
    await store.createKey(doc);
    await store.addCase('client/c1', 'case-2');
    await store.addIndexEntries('c1', ['name:x']);
    await store.putRotation({ status: 'done', from: 'a', to: 'b', startedAt: 't', finishedAt: 't' });
    await store.close();
    const reopened = FileProtectionStore.open(dir);
    expect(await reopened.getKey('client/c1')).toEqual({ ...doc, caseIds: ['case-1', 'case-2'] });
    expect(await reopened.findByEntry('name:x')).toEqual(['c1']);
    expect(await reopened.getRotation()).toMatchObject({ status: 'done' });
  });

  it('destroying a key or index entries removes their bytes from disk, not just supersedes them', async () => {
    const dir = dataDir();
    const store = FileProtectionStore.open(dir);
    const wrapped = await kms.wrap(randomBytes(32), 'client/c1');
    await store.createKey(keyDoc('client/c1', wrapped));
    await store.addCase('client/c1', 'case-2');
    await store.addIndexEntries('c1', ['name:secret-hmac-of-c1']);
    await store.addIndexEntries('c2', ['name:hmac-of-c2']);
    expect(bytesOf(dir).includes(wrapped.ct)).toBe(true);
    expect(bytesOf(dir).includes('secret-hmac-of-c1')).toBe(true);

    await store.destroyKey('client/c1', '2026-04-01T10:00:00.000Z');
    await store.removeIndexEntries('c1');
    expect(bytesOf(dir).includes(wrapped.ct)).toBe(false);
    expect(bytesOf(dir).includes('secret-hmac-of-c1')).toBe(false);
    expect(bytesOf(dir).includes('hmac-of-c2')).toBe(true);
    await store.close();
    expect(await FileProtectionStore.open(dir).getKey('client/c1')).toMatchObject({ status: 'erased' });
  });

  it('compacting drops the superseded wrapped copies a rotation leaves in the file', async () => {
    const dir = dataDir();
    const store = FileProtectionStore.open(dir);
    const old = await kms.wrap(randomBytes(32), 'client/c1');
    await store.createKey(keyDoc('client/c1', old));
    const next = new LocalKeyManagement(randomBytes(32));
    await store.rewrapKey('client/c1', kms.keyId, await next.wrap(randomBytes(32), 'client/c1'));
    expect(bytesOf(dir).includes(old.ct)).toBe(true);
    await store.compact();
    expect(bytesOf(dir).includes(old.ct)).toBe(false);
  });

  it('cuts off a torn last line (a crash mid-write) and refuses damage before it', async () => {
    const dir = dataDir();
    const store = FileProtectionStore.open(dir);
    await store.addIndexEntries('c1', ['name:a', 'name:b']);
    await store.close();
    const file = join(dir, 'protection', 'client-index.jsonl');
    appendFileSync(file, '{"entry":"name:c","cli');
    const reopened = FileProtectionStore.open(dir);
    expect(await reopened.findByEntry('name:b')).toEqual(['c1']);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    await reopened.addIndexEntries('c1', ['name:c']);
    await reopened.close();
    expect(await FileProtectionStore.open(dir).findByEntry('name:c')).toEqual(['c1']);

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = '{damaged';
    writeFileSync(file, lines.join('\n'));
    expect(() => FileProtectionStore.open(dir)).toThrow(ProtectionStoreDamagedError);
  });
});
