import { withEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { SafetyFlagSet } from './safety-flag-set.event';

export const evolveSafetyFlagSet = (state: ActiveCase, event: SafetyFlagSet): ActiveCase => ({
  ...state,
  safetyFlags: withEntry(state.safetyFlags, event.data.flagId, {
    kind: event.data.kind,
    setBy: event.data.setBy,
    setAt: event.occurredAt,
    clearedBy: null,
    clearedAt: null,
  }),
});
