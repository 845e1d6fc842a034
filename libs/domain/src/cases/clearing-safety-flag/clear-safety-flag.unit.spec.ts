import {
  closed,
  engaged,
  metadata,
  NOW,
  safetyFlagCleared,
  safetyFlagSet,
  spec,
} from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { ClearSafetyFlag } from './clear-safety-flag.command';

const clear = (data: Partial<ClearSafetyFlag['data']> = {}): ClearSafetyFlag => ({
  type: 'ClearSafetyFlag',
  caseId: 'case-1',
  data: { flagId: 'flag-1', reason: 'Court order in place', ...data },
  metadata: metadata(),
});

const flagged = [...engaged, safetyFlagSet];

describe('ClearSafetyFlag', () => {
  it('records the clearance with who cleared it', () => {
    spec(flagged)
      .when(clear())
      .then([
        {
          type: 'SafetyFlagCleared',
          occurredAt: NOW,
          data: { flagId: 'flag-1', clearedBy: 'cm-ana' },
          pii: { reason: 'Court order in place' },
        },
      ]);
  });

  it('keeps the flag in the state, cleared', () => {
    const state = [...flagged, safetyFlagCleared].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.safetyFlags['flag-1']).toEqual({
      kind: 'address_confidentiality',
      setBy: 'cm-ana',
      setAt: safetyFlagSet.occurredAt,
      clearedBy: 'cm-ana',
      clearedAt: safetyFlagCleared.occurredAt,
    });
  });

  it('needs a case', () => {
    spec([]).when(clear()).thenFails('CASE_NOT_FOUND');
  });

  it('is not cleared in the future', () => {
    spec(flagged)
      .when(clear({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });

  it('names a flag of this case', () => {
    spec(engaged).when(clear()).thenFails('UNKNOWN_SAFETY_FLAG');
  });

  it('clears a flag only once', () => {
    spec([...flagged, safetyFlagCleared])
      .when(clear())
      .thenFails('SAFETY_FLAG_ALREADY_CLEARED');
  });

  it('gives a reason', () => {
    spec(flagged)
      .when(clear({ reason: '' }))
      .thenFails('SAFETY_FLAG_REASON_REQUIRED');
  });

  it('is not before the flag was set', () => {
    spec(flagged)
      .when(clear({ occurredAt: '2025-03-02T11:59:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('may be cleared on a closed case', () => {
    spec([...closed, safetyFlagSet])
      .when(clear())
      .then([
        {
          type: 'SafetyFlagCleared',
          occurredAt: NOW,
          data: { flagId: 'flag-1', clearedBy: 'cm-ana' },
          pii: { reason: 'Court order in place' },
        },
      ]);
  });
});
