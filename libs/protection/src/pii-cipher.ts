import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PII_ALGORITHM, type SealedPii } from './sealed';

const TAG_BYTES = 16;

/** A sealed value that fails its tag: tampered with, moved to another event, or under another key. */
export class SealedDataDamagedError extends Error {
  constructor(
    readonly eventId: string,
    readonly kid: string,
  ) {
    super(`The sealed client data of event ${eventId} (key ${kid}) fails its integrity check`);
    this.name = 'SealedDataDamagedError';
  }
}

/** `undefined` has no JSON form: it seals as null, as a store would keep it anyway. */
export const seal = (pii: unknown, eventId: string, kid: string, key: Buffer): SealedPii => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(eventId, 'utf8'));
  const plaintext = Buffer.from(JSON.stringify(pii ?? null), 'utf8');
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { sealed: 1, alg: PII_ALGORITHM, kid, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
};

export const openSealed = (sealed: SealedPii, eventId: string, key: Buffer): unknown => {
  let plaintext: Buffer;
  try {
    const ct = Buffer.from(sealed.ct, 'base64url');
    if (ct.length < TAG_BYTES) throw new Error('short');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(eventId, 'utf8'));
    decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedDataDamagedError(eventId, sealed.kid);
  }
  return JSON.parse(plaintext.toString('utf8')) as unknown;
};
