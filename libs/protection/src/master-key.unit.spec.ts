import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileProtectionStore } from './file-protection-store';
import { LocalKeyManagement } from './local-key-management';
import { loadMasterKey, MasterKeyError, parseMasterKey } from './master-key';
import { openProtection } from './protection';

const dataDir = () => mkdtempSync(join(tmpdir(), 'casetrail-master-key-'));
const keyText = randomBytes(32).toString('base64');
const failure = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
};

describe('loadMasterKey', () => {
  it('external mode: takes CASETRAIL_MASTER_KEY as base64 or base64url', () => {
    const key = randomBytes(32);
    for (const text of [key.toString('base64'), key.toString('base64url'), ` ${key.toString('base64')}\n`])
      expect(
        loadMasterKey({ mode: 'external', dataDir: dataDir(), env: { CASETRAIL_MASTER_KEY: text } }),
      ).toEqual({ key, source: 'env', created: false });
  });

  it('external mode: takes CASETRAIL_MASTER_KEY_FILE', () => {
    const file = join(dataDir(), 'key');
    writeFileSync(file, `${keyText}\n`);
    expect(
      loadMasterKey({ mode: 'external', dataDir: dataDir(), env: { CASETRAIL_MASTER_KEY_FILE: file } }),
    ).toEqual({
      key: Buffer.from(keyText, 'base64'),
      source: 'file',
      created: false,
      path: file,
    });
  });

  it('external mode without a key fails clearly and makes none', () => {
    const dir = dataDir();
    const error = failure(() => loadMasterKey({ mode: 'external', dataDir: dir, env: {} }));
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error.message).toContain('CASETRAIL_MASTER_KEY');
    expect(error.message).toContain('never made');
    expect(() => statSync(join(dir, 'master.key'))).toThrow();
  });

  it('names the variable of a malformed key and never prints its value', () => {
    const short = randomBytes(16).toString('base64');
    const error = failure(() =>
      loadMasterKey({ mode: 'external', dataDir: dataDir(), env: { CASETRAIL_MASTER_KEY: short } }),
    );
    expect(error.message).toContain('CASETRAIL_MASTER_KEY decodes to 16 bytes');
    expect(error.message).not.toContain(short);
    const notBase64 = 'this is not base64 at all!';
    const error2 = failure(() =>
      loadMasterKey({ mode: 'external', dataDir: dataDir(), env: { CASETRAIL_MASTER_KEY: notBase64 } }),
    );
    expect(error2.message).toContain('CASETRAIL_MASTER_KEY is not base64');
    expect(error2.message).not.toContain(notBase64);
    expect(() =>
      loadMasterKey({
        mode: 'external',
        dataDir: dataDir(),
        env: { CASETRAIL_MASTER_KEY_FILE: join(dataDir(), 'missing') },
      }),
    ).toThrow(/CASETRAIL_MASTER_KEY_FILE: cannot read/);
    expect(() =>
      loadMasterKey({
        mode: 'external',
        dataDir: dataDir(),
        env: { CASETRAIL_MASTER_KEY: keyText, CASETRAIL_MASTER_KEY_FILE: 'x' },
      }),
    ).toThrow(/Both/);
  });

  it('embedded mode: makes <dataDir>/master.key (0600) on first start, then reads it', () => {
    const dir = dataDir();
    const first = loadMasterKey({ mode: 'embedded', dataDir: dir, env: {} });
    expect(first).toMatchObject({ source: 'data-dir', created: true, path: join(dir, 'master.key') });
    expect(first.key).toHaveLength(32);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(join(dir, 'master.key'), 'utf8'), 'file')).toEqual(first.key);
    const second = loadMasterKey({ mode: 'embedded', dataDir: dir, env: {} });
    expect(second).toEqual({ ...first, created: false });
  });

  it('embedded mode: the environment wins over the data dir', () => {
    const dir = dataDir();
    expect(loadMasterKey({ mode: 'embedded', dataDir: dir, env: { CASETRAIL_MASTER_KEY: keyText } })).toEqual(
      {
        key: Buffer.from(keyText, 'base64'),
        source: 'env',
        created: false,
      },
    );
    expect(() => statSync(join(dir, 'master.key'))).toThrow();
  });

  it('embedded mode: a lost master.key beside existing keys fails rather than making a fresh one', async () => {
    const dir = dataDir();
    const { key } = loadMasterKey({ mode: 'embedded', dataDir: dir, env: {} });
    const protection = await openProtection({
      store: FileProtectionStore.open(dir),
      kms: new LocalKeyManagement(key),
    });
    await protection.close();
    unlinkSync(join(dir, 'master.key'));
    const error = failure(() => loadMasterKey({ mode: 'embedded', dataDir: dir, env: {} }));
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error.message).toContain('master.key is missing');
    expect(error.message).toContain('lost master key');
    expect(() => statSync(join(dir, 'master.key'))).toThrow();
  });
});
