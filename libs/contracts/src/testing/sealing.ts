/**
 * Sealing for the contract's samples and tests: real AES-256-GCM under a fixed test key, the event
 * id as associated data, as the protection library seals (it is the published format). Never a
 * production key: it is in the source.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { SealedClientData } from '../case-event-message';

export const SAMPLE_KEY = createHash('sha256').update('casetrail contract samples').digest();

/** Deterministic (the IV is derived from the event id) so that samples compare equal. */
export const sealSample = (eventId: string, pii: unknown, kid = 'client/client-0001'): SealedClientData => {
  const iv = createHash('sha256').update(`iv:${eventId}`).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', SAMPLE_KEY, iv);
  cipher.setAAD(Buffer.from(eventId, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(pii), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { sealed: 1, alg: 'A256GCM', kid, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
};

export const openSample = (eventId: string, sealed: SealedClientData): unknown => {
  const ct = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', SAMPLE_KEY, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(eventId, 'utf8'));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  const plain = Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as unknown;
};
