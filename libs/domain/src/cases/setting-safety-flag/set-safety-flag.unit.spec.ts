import { closed, engaged, metadata, NOW, safetyFlagSet, spec } from '../../testing/fixtures';
import { entryId, givenStored } from '../../testing/history';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { SetSafetyFlag } from './set-safety-flag.command';

const set = (data: Partial<SetSafetyFlag['data']> = {}): SetSafetyFlag => ({
  type: 'SetSafetyFlag',
  caseId: 'case-1',
  data: { flagId: 'flag-2', kind: 'safety_alert', reason: 'Threats made at the last visit', ...data },
  metadata: metadata({ actor: { id: 'sup-eva', role: 'supervisor' } }),
});

describe('SetSafetyFlag', () => {
  it('records the flag with who set it from the metadata, the reason sealed as client data', () => {
    spec(engaged)
      .when(set())
      .then([
        {
          type: 'SafetyFlagSet',
          occurredAt: NOW,
          data: { flagId: 'flag-2', kind: 'safety_alert', setBy: 'sup-eva' },
          pii: { reason: 'Threats made at the last visit', doNotContact: [] },
        },
      ]);
  });

  it('names whom not to contact on a do-not-contact flag', () => {
    spec(engaged)
      .when(set({ kind: 'do_not_contact', doNotContact: [{ who: 'Marco Lopez (former partner)' }] }))
      .then([
        {
          type: 'SafetyFlagSet',
          occurredAt: NOW,
          data: { flagId: 'flag-2', kind: 'do_not_contact', setBy: 'sup-eva' },
          pii: {
            reason: 'Threats made at the last visit',
            doNotContact: [{ who: 'Marco Lopez (former partner)' }],
          },
        },
      ]);
  });

  it('refuses a do-not-contact flag naming nobody', () => {
    spec(engaged)
      .when(set({ kind: 'do_not_contact' }))
      .thenFails('DO_NOT_CONTACT_WHO_REQUIRED');
    spec(engaged)
      .when(set({ kind: 'do_not_contact', doNotContact: [{ who: '  ' }] }))
      .thenFails('DO_NOT_CONTACT_WHO_REQUIRED');
  });

  it('refuses whom-not-to-contact on the other kinds', () => {
    spec(engaged)
      .when(set({ kind: 'address_confidentiality', doNotContact: [{ who: 'Marco' }] }))
      .thenFails('DO_NOT_CONTACT_NOT_APPLICABLE');
  });

  it('gives a reason', () => {
    spec(engaged)
      .when(set({ reason: ' ' }))
      .thenFails('SAFETY_FLAG_REASON_REQUIRED');
  });

  it('names a known kind', () => {
    spec(engaged)
      .when(set({ kind: 'curfew' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('uses a new flag id', () => {
    spec([...engaged, safetyFlagSet])
      .when(set({ flagId: 'flag-1' }))
      .thenFails('SAFETY_FLAG_ALREADY_EXISTS');
  });

  it('is not before the engagement', () => {
    spec(engaged)
      .when(set({ occurredAt: '2025-02-01T10:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  it('may be set on a closed case: the danger outlives the work', () => {
    spec(closed)
      .when(set())
      .then([
        {
          type: 'SafetyFlagSet',
          occurredAt: NOW,
          data: { flagId: 'flag-2', kind: 'safety_alert', setBy: 'sup-eva' },
          pii: { reason: 'Threats made at the last visit', doNotContact: [] },
        },
      ]);
  });

  it('needs a case', () => {
    spec([]).when(set()).thenFails('CASE_NOT_FOUND');
  });

  it('keeps the flag in the state, active', () => {
    const state = [...engaged, safetyFlagSet].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.safetyFlags).toEqual({
      'flag-1': {
        kind: 'address_confidentiality',
        setBy: 'cm-ana',
        setAt: safetyFlagSet.occurredAt,
        clearedBy: null,
        clearedAt: null,
      },
    });
  });

  // EntryVoided v1, released, names no safety-flag type: a wrong flag is cleared, not voided.
  it('is not voidable while the released contract cannot name it', () => {
    givenStored(...engaged, safetyFlagSet)
      .when({
        type: 'VoidEntry',
        caseId: 'case-1',
        data: { entryId: entryId(2), reason: 'Wrong case' },
        metadata: metadata(),
      })
      .thenFails('ENTRY_NOT_VOIDABLE');
  });
});
