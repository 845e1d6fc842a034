/**
 * The shape client data takes everywhere it is at rest or in transit: an event's `pii` sealed with
 * AES-256-GCM under the data key its `kid` names, the event id as associated data, so a sealed
 * value moved onto another event does not open. Read models keep these values exactly as the event
 * carried them and open them only when a query answers.
 */
export const PII_ALGORITHM = 'A256GCM' as const;

export interface SealedPii {
  readonly sealed: 1;
  readonly alg: typeof PII_ALGORITHM;
  /** `client/<clientId>` for a client's data key; `system/records` for data of no one client (access reasons). */
  readonly kid: string;
  /** base64url, 12 bytes. */
  readonly iv: string;
  /** base64url: the ciphertext followed by the 16-byte tag. */
  readonly ct: string;
}

export const isSealed = (value: unknown): value is SealedPii => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof SealedPii, unknown>>;
  return (
    v.sealed === 1 &&
    v.alg === PII_ALGORITHM &&
    typeof v.kid === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ct === 'string'
  );
};

/** What opening gives: the data, or the fact that its key was destroyed (erasure). */
export type OpenedPii<T = unknown> =
  { readonly status: 'present'; readonly pii: T } | { readonly status: 'erased' };

/**
 * Opens sealed client data at query time. A value that is not sealed (fixtures in unit tests)
 * comes back as it is. A sealed value whose key was destroyed is `erased`; one that fails its
 * tag (tampered, or moved to another event) throws: that is damage, not erasure.
 */
export interface PiiOpener {
  open<T = unknown>(eventId: string, pii: unknown): Promise<OpenedPii<T>>;
}

/** For unit tests and tools over plaintext fixtures: refuses anything sealed. */
export const plaintextOpener: PiiOpener = {
  open<T>(eventId: string, pii: unknown): Promise<OpenedPii<T>> {
    if (isSealed(pii))
      return Promise.reject(
        new Error(`Event ${eventId} holds sealed client data and this opener has no keys`),
      );
    return Promise.resolve({ status: 'present', pii: pii as T });
  },
};
