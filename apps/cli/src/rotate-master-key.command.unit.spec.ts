import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileProtectionStore,
  LocalKeyManagement,
  loadMasterKey,
  MasterKeyMismatchError,
  MemoryProtectionStore,
  openProtection,
  readMasterKeyFile,
  type WrappedKey,
} from '@casetrail/protection';
import { CliError } from './cli-error';
import { newMasterKeyFor, runRotateMasterKey } from './rotate-master-key.command';
import { captureOutput } from './testing/capture-output';

const identity = { givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: null };

/** An embedded data dir whose store holds four system keys and two client keys. */
const embedded = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'casetrail-rotate-'));
  const { key } = loadMasterKey({ mode: 'embedded', dataDir, env: {} });
  const protection = await openProtection({
    store: FileProtectionStore.open(dataDir),
    kms: new LocalKeyManagement(key),
  });
  await protection.prepareClient('c1', 'case-1', identity);
  await protection.prepareClient('c2', 'case-2', identity);
  await protection.close();
  return { dataDir, oldKey: key };
};

/** Crashes (throws) on the nth re-wrap, as a process killed midway would stop. */
const crashAfter = (store: FileProtectionStore, n: number) => {
  let done = 0;
  const rewrap = store.rewrapKey.bind(store);
  store.rewrapKey = (kid: string, fromKek: string, wrapped: WrappedKey) => {
    if (done >= n) return Promise.reject(new Error('killed'));
    done += 1;
    return rewrap(kid, fromKek, wrapped);
  };
  return store;
};

describe('rotate-master-key', () => {
  it('embedded: re-wraps every key, then installs the new master.key, printing no key', async () => {
    const { dataDir, oldKey } = await embedded();
    const next = newMasterKeyFor({ dataDir });
    expect(next).toMatchObject({ path: join(dataDir, 'master.key.new'), generated: true });
    expect(statSync(next.path).mode & 0o777).toBe(0o600);
    const { io, out, err } = captureOutput();
    const store = FileProtectionStore.open(dataDir);
    expect(
      await runRotateMasterKey({ store, currentKey: oldKey, newKey: next.key, out: io, dataDir }),
    ).toEqual({
      rewrapped: 6,
      skipped: 0,
    });
    await store.close();
    expect(readMasterKeyFile(join(dataDir, 'master.key'))).toEqual(next.key);
    expect(existsSync(join(dataDir, 'master.key.new'))).toBe(false);
    const printed = [...out, ...err].join('');
    expect(printed).toContain('Re-wrapped 6 key(s)');
    for (const key of [oldKey, next.key])
      for (const text of [key.toString('base64'), key.toString('base64url'), key.toString('hex')])
        expect(printed).not.toContain(text);

    const reopened = FileProtectionStore.open(dataDir);
    await expect(
      openProtection({ store: reopened, kms: new LocalKeyManagement(oldKey) }),
    ).rejects.toBeInstanceOf(MasterKeyMismatchError);
    const current = loadMasterKey({ mode: 'embedded', dataDir, env: {} });
    const protection = await openProtection({ store: reopened, kms: new LocalKeyManagement(current.key) });
    expect(await protection.clientCases('c1')).toEqual(['case-1']);
    // No copy of a key wrapped by the old master key is left on disk.
    const keysFile = readFileSync(join(dataDir, 'protection', 'keys.jsonl'), 'utf8');
    expect(keysFile).not.toContain(new LocalKeyManagement(oldKey).keyId);
  });

  it('embedded: a run killed midway keeps the old master.key; a rerun without flags finishes it', async () => {
    const { dataDir, oldKey } = await embedded();
    const next = newMasterKeyFor({ dataDir });
    const { io } = captureOutput();
    const error = await runRotateMasterKey({
      store: crashAfter(FileProtectionStore.open(dataDir), 2),
      currentKey: oldKey,
      newKey: next.key,
      out: io,
      dataDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain('Rerun the same command');
    expect(readMasterKeyFile(join(dataDir, 'master.key'))).toEqual(oldKey);
    await expect(
      openProtection({ store: FileProtectionStore.open(dataDir), kms: new LocalKeyManagement(oldKey) }),
    ).rejects.toThrow('rotation incomplete');

    const resumed = newMasterKeyFor({ dataDir });
    expect(resumed).toEqual({ key: next.key, path: join(dataDir, 'master.key.new'), generated: false });
    const result = await runRotateMasterKey({
      store: FileProtectionStore.open(dataDir),
      currentKey: oldKey,
      newKey: resumed.key,
      out: io,
      dataDir,
    });
    expect(result).toEqual({ rewrapped: 4, skipped: 2 });
    expect(readMasterKeyFile(join(dataDir, 'master.key'))).toEqual(next.key);
    const protection = await openProtection({
      store: FileProtectionStore.open(dataDir),
      kms: new LocalKeyManagement(next.key),
    });
    expect(await protection.clientCases('c2')).toEqual(['case-2']);
  });

  it('embedded: refuses a --new-key-file other than the pending key of an unfinished run', async () => {
    const { dataDir } = await embedded();
    newMasterKeyFor({ dataDir });
    const other = join(dataDir, 'other.key');
    writeFileSync(other, randomBytes(32).toString('base64'));
    expect(() => newMasterKeyFor({ dataDir, newKeyFile: other })).toThrow(/unfinished rotation/);
  });

  it('external: the new key comes from --new-key-file or is made into --new-key-out, and the operator is told to switch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casetrail-rotate-ext-'));
    expect(() => newMasterKeyFor({})).toThrow(CliError);
    const made = newMasterKeyFor({ newKeyOut: join(dir, 'new.key') });
    expect(made.generated).toBe(true);
    expect(statSync(made.path).mode & 0o777).toBe(0o600);
    expect(() => newMasterKeyFor({ newKeyOut: made.path })).toThrow(/exists/);
    expect(newMasterKeyFor({ newKeyFile: made.path })).toEqual({ ...made, generated: false });

    const store = new MemoryProtectionStore();
    const oldKey = randomBytes(32);
    await (
      await openProtection({ store, kms: new LocalKeyManagement(oldKey) })
    ).prepareClient('c1', 'case-1', identity);
    const { io, out } = captureOutput();
    expect(await runRotateMasterKey({ store, currentKey: oldKey, newKey: made.key, out: io })).toEqual({
      rewrapped: 5,
      skipped: 0,
    });
    expect(out.join('')).toContain('Set CASETRAIL_MASTER_KEY');
    expect(out.join('')).not.toContain(made.key.toString('base64url'));
  });

  it('--json: one document with the counts and key fingerprints, never a key', async () => {
    const store = new MemoryProtectionStore();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await (
      await openProtection({ store, kms: new LocalKeyManagement(oldKey) })
    ).prepareClient('c1', 'case-1', identity);
    const { io, out } = captureOutput();
    await runRotateMasterKey({ store, currentKey: oldKey, newKey, out: { ...io, json: true } });
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toEqual({
      rewrapped: 5,
      skipped: 0,
      from: new LocalKeyManagement(oldKey).keyId,
      to: new LocalKeyManagement(newKey).keyId,
      installedIn: null,
    });
    for (const key of [oldKey, newKey])
      for (const encoding of ['base64', 'base64url', 'hex'] as const)
        expect(out[0]).not.toContain(key.toString(encoding));
  });
});
