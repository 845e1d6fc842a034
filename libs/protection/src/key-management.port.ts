/** A data key as stored: encrypted by the key-encryption key `kek` names, never in the clear. */
export interface WrappedKey {
  /** The `keyId` of the key management that wrapped it. */
  readonly kek: string;
  readonly alg: 'A256GCM';
  /** base64url. */
  readonly iv: string;
  /** base64url: the wrapped key followed by the 16-byte tag. */
  readonly ct: string;
}

/**
 * Where the master key lives. The local implementation holds it in memory; a real KMS keeps it out
 * of the process altogether. A Vault Transit implementation, for example:
 * - `keyId` = the transit key's name and version (`casetrail-master:v3`), so a store says which
 *   version wrapped each data key and a rotation knows what is left to re-wrap;
 * - `wrap(key, kid)` = `POST transit/encrypt/<name>` with the key as base64 plaintext and `kid` as the
 *   (derived-key) `context`, storing Vault's `vault:v3:...` ciphertext in `ct` (`iv` empty);
 * - `unwrap(w, kid)` = `POST transit/decrypt/<name>` with the same context; Vault refuses a wrapped key
 *   moved to another record just as the local AAD does.
 * Data keys are unwrapped once and cached by the opener, so the KMS sees a call per cache miss, not
 * per event.
 */
export interface KeyManagement {
  readonly keyId: string;
  /** `kid` is bound to the result: the wrapped key opens only for the same `kid`. */
  wrap(key: Buffer, kid: string): Promise<WrappedKey>;
  unwrap(wrapped: WrappedKey, kid: string): Promise<Buffer>;
}

/** A wrapped key this key management cannot open: another master key's, or damaged, or moved. */
export class KeyUnwrapError extends Error {
  constructor(
    readonly kid: string,
    readonly kek: string,
    readonly keyId: string,
  ) {
    super(`Key ${kid} (wrapped by ${kek}) does not open under master key ${keyId}`);
    this.name = 'KeyUnwrapError';
  }
}
