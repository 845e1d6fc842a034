import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyUnwrapError, type KeyManagement, type WrappedKey } from './key-management.port';

const TAG_BYTES = 16;
const FINGERPRINT_LABEL = 'casetrail master key fingerprint v1\0';

/** Names a master key without revealing it: what stores record as `kek` and errors print. */
export const masterKeyFingerprint = (masterKey: Buffer): string =>
  createHash('sha256').update(FINGERPRINT_LABEL).update(masterKey).digest('hex').slice(0, 16);

/** AES-256-GCM under a master key held in this process (embedded mode, or external with CASETRAIL_MASTER_KEY). */
export class LocalKeyManagement implements KeyManagement {
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new RangeError('A master key is 32 bytes');
    this.#key = Buffer.from(masterKey);
    this.keyId = masterKeyFingerprint(masterKey);
  }

  wrap(key: Buffer, kid: string): Promise<WrappedKey> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const ct = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
    return Promise.resolve({
      kek: this.keyId,
      alg: 'A256GCM',
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
    });
  }

  unwrap(wrapped: WrappedKey, kid: string): Promise<Buffer> {
    if (wrapped.kek !== this.keyId || wrapped.alg !== 'A256GCM')
      return Promise.reject(new KeyUnwrapError(kid, wrapped.kek, this.keyId));
    try {
      const ct = Buffer.from(wrapped.ct, 'base64url');
      if (ct.length <= TAG_BYTES) throw new Error('short');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(wrapped.iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
      return Promise.resolve(
        Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]),
      );
    } catch {
      return Promise.reject(new KeyUnwrapError(kid, wrapped.kek, this.keyId));
    }
  }
}
