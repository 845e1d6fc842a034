import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/**
 * Pseudonyms: a deterministic authenticated encryption of an id (SIV over AES-256-GCM). The IV is
 * the HMAC of the kind and id, so one id under one scope always gives one pseudonym (an analyst
 * can follow a case across sessions), the server turns a pseudonym back into its id without a
 * lookup table, and a forged or altered pseudonym fails the tag. Each scope (an analyst's
 * principal id, a CLI export) derives its own keys, so pseudonyms of two scopes cannot be linked.
 */
export interface Pseudonyms {
  /** `<kind>_<base64url(iv || ct || tag)>`; kind is lower-case letters (`c` for a case). */
  pseudonymise(kind: string, id: string): string;
  /** The kind and id a pseudonym of this scope stands for; null for anything else (forged, another scope's). */
  resolve(pseudonym: string): { readonly kind: string; readonly id: string } | null;
  /** A case's date shift, a whole number of days in [-maxShift, maxShift], stable within the scope. */
  shiftDays(caseId: string, maxShift: number): number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KIND = /^[a-z]+$/;
const PSEUDONYM = /^([a-z]+)_([A-Za-z0-9_-]+)$/;

const derive = (systemKey: Buffer, scope: string, purpose: string): Buffer =>
  Buffer.from(
    hkdfSync('sha256', systemKey, Buffer.from(scope, 'utf8'), `casetrail pseudonym ${purpose}`, 32),
  );

export const pseudonymsFor = (systemKey: Buffer, scope: string): Pseudonyms => {
  if (scope === '') throw new RangeError('A pseudonym scope must not be empty');
  const macKey = derive(systemKey, scope, 'mac');
  const encKey = derive(systemKey, scope, 'enc');
  const mac = (text: string): Buffer => createHmac('sha256', macKey).update(text, 'utf8').digest();
  return {
    pseudonymise(kind, id) {
      if (!KIND.test(kind)) throw new RangeError(`A pseudonym kind is lower-case letters, not "${kind}"`);
      const iv = mac(`${kind}:${id}`).subarray(0, IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      // The kind is authenticated too: a case's pseudonym relabelled as a goal's fails.
      cipher.setAAD(Buffer.from(kind, 'utf8'));
      const body = Buffer.concat([iv, cipher.update(id, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${kind}_${body.toString('base64url')}`;
    },
    resolve(pseudonym) {
      const match = PSEUDONYM.exec(pseudonym);
      if (!match) return null;
      const kind = match[1]!;
      const body = Buffer.from(match[2]!, 'base64url');
      if (body.length < IV_BYTES + TAG_BYTES) return null;
      const iv = body.subarray(0, IV_BYTES);
      let id: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
        decipher.setAAD(Buffer.from(kind, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        id = Buffer.concat([
          decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return null;
      }
      // The IV must be the one this id makes: otherwise the pseudonym is not the canonical one.
      if (!mac(`${kind}:${id}`).subarray(0, IV_BYTES).equals(iv)) return null;
      return { kind, id };
    },
    shiftDays(caseId, maxShift) {
      if (!Number.isInteger(maxShift) || maxShift < 0) throw new RangeError('maxShift is a whole number ≥ 0');
      const n = mac(`shift:${caseId}`).readUInt32BE(0);
      return (n % (2 * maxShift + 1)) - maxShift;
    },
  };
};
