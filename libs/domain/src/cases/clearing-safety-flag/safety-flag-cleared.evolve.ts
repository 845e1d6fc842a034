import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { SafetyFlagCleared } from './safety-flag-cleared.event';

export const evolveSafetyFlagCleared = (state: ActiveCase, event: SafetyFlagCleared): ActiveCase => ({
  ...state,
  safetyFlags: updateEntry(state.safetyFlags, event.data.flagId, (flag) => ({
    ...flag,
    clearedBy: event.data.clearedBy,
    clearedAt: event.occurredAt,
  })),
});
