/**
 * Sealing for read-model unit tests, with no cryptography: each sealed value is an opaque token in
 * the `SealedPii` shape, and the plaintext stays in this object, so a test can prove a document
 * holds nothing but the token, then erase a key and watch the same document read as erased.
 */
import {
  isSealed,
  PII_ALGORITHM,
  type OpenedPii,
  type PiiOpener,
  type SealedPii,
} from '@casetrail/protection';

export class FakeKeys {
  private readonly plaintexts = new Map<string, { readonly eventId: string; readonly pii: unknown }>();
  private readonly destroyed = new Set<string>();
  private sealedCount = 0;

  /** Each event's `pii` replaced by a token under `kid`, as the sealing store appends it. */
  seal<E extends { readonly eventId: string; readonly pii: unknown }>(
    events: readonly E[],
    kid: string,
  ): E[] {
    return events.map((event) => {
      this.sealedCount += 1;
      const ct = `ct-${this.sealedCount}`;
      this.plaintexts.set(ct, { eventId: event.eventId, pii: event.pii });
      const sealed: SealedPii = { sealed: 1, alg: PII_ALGORITHM, kid, iv: `iv-${this.sealedCount}`, ct };
      return { ...event, pii: sealed };
    });
  }

  /** Crypto-shredding: every value sealed under `kid` stops opening. */
  destroy(kid: string): void {
    this.destroyed.add(kid);
  }

  readonly opener: PiiOpener = {
    open: <T>(eventId: string, pii: unknown): Promise<OpenedPii<T>> => {
      if (!isSealed(pii)) return Promise.resolve({ status: 'present', pii: pii as T });
      if (this.destroyed.has(pii.kid)) return Promise.resolve({ status: 'erased' });
      const held = this.plaintexts.get(pii.ct);
      // As AES-GCM with the event id for associated data: a value moved to another event fails.
      if (held === undefined || held.eventId !== eventId)
        return Promise.reject(new Error(`Event ${eventId}: sealed value does not open`));
      return Promise.resolve({ status: 'present', pii: held.pii as T });
    },
  };
}
