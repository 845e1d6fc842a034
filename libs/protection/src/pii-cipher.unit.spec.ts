import { randomBytes } from 'node:crypto';
import { KeyUnwrapError } from './key-management.port';
import { LocalKeyManagement, masterKeyFingerprint } from './local-key-management';
import { openSealed, seal, SealedDataDamagedError } from './pii-cipher';
import { isSealed } from './sealed';

const pii = { clientName: 'Zephyrine Quillfeather', note: 'disclosed her new address' };

describe('seal / openSealed', () => {
  const key = randomBytes(32);

  it('round-trips and carries the key id and algorithm, with no plaintext in the sealed value', () => {
    const sealed = seal(pii, 'event-1', 'client/c1', key);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).toMatchObject({ sealed: 1, alg: 'A256GCM', kid: 'client/c1' });
    expect(Buffer.from(sealed.iv, 'base64url')).toHaveLength(12);
    expect(JSON.stringify(sealed)).not.toMatch(/Zephyrine|address/);
    expect(openSealed(sealed, 'event-1', key)).toEqual(pii);
  });

  it('uses a fresh iv each time', () => {
    expect(seal(pii, 'e', 'k', key).iv).not.toBe(seal(pii, 'e', 'k', key).iv);
  });

  it('does not open on another event (the event id is the associated data)', () => {
    const sealed = seal(pii, 'event-1', 'client/c1', key);
    expect(() => openSealed(sealed, 'event-2', key)).toThrow(SealedDataDamagedError);
  });

  it('does not open when tampered with or under another key, and says so without plaintext', () => {
    const sealed = seal(pii, 'event-1', 'client/c1', key);
    const ct = Buffer.from(sealed.ct, 'base64url');
    ct[0] = ct[0]! ^ 1;
    const error = (() => {
      try {
        openSealed({ ...sealed, ct: ct.toString('base64url') }, 'event-1', key);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(SealedDataDamagedError);
    expect(error?.message).not.toMatch(/Zephyrine|address/);
    expect(() => openSealed(sealed, 'event-1', randomBytes(32))).toThrow(SealedDataDamagedError);
    expect(() => openSealed({ ...sealed, ct: 'AAAA' }, 'event-1', key)).toThrow(SealedDataDamagedError);
  });
});

describe('LocalKeyManagement', () => {
  const master = randomBytes(32);
  const kms = new LocalKeyManagement(master);

  it('names its key by a fingerprint that does not reveal it', () => {
    expect(kms.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(kms.keyId).toBe(masterKeyFingerprint(master));
    expect(master.toString('hex')).not.toContain(kms.keyId);
  });

  it('wraps and unwraps a data key bound to its kid', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await kms.wrap(dataKey, 'client/c1');
    expect(wrapped.kek).toBe(kms.keyId);
    expect(await kms.unwrap(wrapped, 'client/c1')).toEqual(dataKey);
    // Swapped onto another client's record, it does not open.
    await expect(kms.unwrap(wrapped, 'client/c2')).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('refuses a key wrapped by another master key', async () => {
    const other = new LocalKeyManagement(randomBytes(32));
    const wrapped = await other.wrap(randomBytes(32), 'client/c1');
    await expect(kms.unwrap(wrapped, 'client/c1')).rejects.toBeInstanceOf(KeyUnwrapError);
    await expect(kms.unwrap({ ...wrapped, kek: kms.keyId }, 'client/c1')).rejects.toBeInstanceOf(
      KeyUnwrapError,
    );
  });
});
