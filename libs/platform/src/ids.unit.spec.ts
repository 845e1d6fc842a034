import { v5 as uuidv5, validate, version } from 'uuid';
import { CASETRAIL_ID_NAMESPACE, legacyNameBasedId, nameBasedId } from './ids';

describe('name-based ids', () => {
  it('are standard v5 UUIDs under Casetrail’s name space, recomputable by any UUID library', () => {
    const id = nameBasedId('user-1', 'POST', '/cases', 'key-1');
    expect(validate(id) && version(id)).toBe(5);
    expect(id).toBe(uuidv5('user-1\u0000POST\u0000/cases\u0000key-1', CASETRAIL_ID_NAMESPACE));
  });

  it('are stable for the same names, and tell apart names split differently', () => {
    expect(nameBasedId('a', 'b')).toBe(nameBasedId('a', 'b'));
    expect(nameBasedId('a', 'bc')).not.toBe(nameBasedId('ab', 'c'));
    expect(nameBasedId('partner-feed', 'p', 'e', 'disclosure')).not.toBe(
      nameBasedId('partner-feed', 'p', 'e', 'consent-notice'),
    );
  });

  it('differ from the ids made before (which stay recognisable through legacyNameBasedId)', () => {
    // The former hand-made id of these names, as stored before the change.
    expect(legacyNameBasedId('partner-feed', 'p', 'e', 'disclosure')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(nameBasedId('partner-feed', 'p', 'e', 'disclosure')).not.toBe(
      legacyNameBasedId('partner-feed', 'p', 'e', 'disclosure'),
    );
  });
});
