import { randomBytes } from 'node:crypto';
import { LocalKeyManagement } from './local-key-management';
import { MemoryProtectionStore } from './memory-protection-store';
import { openSealed, SealedDataDamagedError } from './pii-cipher';
import { openProtection } from './protection';
import { rotateMasterKey } from './rotate';

const DISCLOSED = { note: 'moved to the shelter on Quarry Row' };

describe('partner feed keys: what goes to a partner stays sealed, to that partner only', () => {
  it('seals under the partner’s own key (kid partner/<id>), with the message id as associated data', async () => {
    const store = new MemoryProtectionStore();
    const protection = await openProtection({ store, kms: new LocalKeyManagement(randomBytes(32)) });
    const sealed = await protection.sealForPartner('partner-a', 'msg-1', DISCLOSED);
    expect(sealed).toMatchObject({ sealed: 1, alg: 'A256GCM', kid: 'partner/partner-a' });
    expect(JSON.stringify(sealed)).not.toContain('Quarry');
    const { kid, key } = await protection.partnerFeedKey('partner-a');
    expect(kid).toBe('partner/partner-a');
    expect(openSealed(sealed, 'msg-1', key)).toEqual(DISCLOSED);
    expect(() => openSealed(sealed, 'msg-2', key)).toThrow(SealedDataDamagedError);
    const other = await protection.partnerFeedKey('partner-b');
    expect(() => openSealed(sealed, 'msg-1', other.key)).toThrow(SealedDataDamagedError);
  });

  it('keeps the key wrapped in the protection store: another process, and a master-key rotation, open the same', async () => {
    const store = new MemoryProtectionStore();
    const oldKms = new LocalKeyManagement(randomBytes(32));
    const first = await openProtection({ store, kms: oldKms });
    const sealed = await first.sealForPartner('partner-a', 'msg-1', DISCLOSED);
    const doc = await store.getKey('partner/partner-a');
    expect(doc).toMatchObject({ clientId: null, status: 'active', kek: oldKms.keyId });
    expect(JSON.stringify(doc)).not.toContain(
      (await first.partnerFeedKey('partner-a')).key.toString('base64'),
    );

    const newKms = new LocalKeyManagement(randomBytes(32));
    await rotateMasterKey({ store, from: oldKms, to: newKms });
    expect((await store.getKey('partner/partner-a'))?.kek).toBe(newKms.keyId);
    const after = await openProtection({ store, kms: newKms });
    expect(openSealed(sealed, 'msg-1', (await after.partnerFeedKey('partner-a')).key)).toEqual(DISCLOSED);
  });
});
