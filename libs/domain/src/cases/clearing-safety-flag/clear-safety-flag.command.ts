import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireCase, requireText } from '../case-rules';
import type { SafetyFlagCleared } from './safety-flag-cleared.event';

export interface ClearSafetyFlag {
  readonly type: 'ClearSafetyFlag';
  readonly caseId: string;
  readonly data: {
    readonly flagId: string;
    readonly reason: string;
    /** When it stopped applying; defaults to when it was recorded. Not before it was set (the ledger's rule). */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const clearSafetyFlag = (command: ClearSafetyFlag, state: CaseState): readonly SafetyFlagCleared[] => {
  // As setting: a flag is settled on a closed case as well.
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const flag = entry(active.safetyFlags, data.flagId);
  if (flag === undefined) {
    throw caseError('UNKNOWN_SAFETY_FLAG', `Safety flag ${data.flagId} does not exist on this case`, {
      flagId: data.flagId,
    });
  }
  if (flag.clearedAt !== null) {
    throw caseError('SAFETY_FLAG_ALREADY_CLEARED', `Safety flag ${data.flagId} is already cleared`, {
      flagId: data.flagId,
      clearedAt: flag.clearedAt,
    });
  }
  const reason = requireText(data.reason, 'SAFETY_FLAG_REASON_REQUIRED', 'reason');
  return [
    {
      type: 'SafetyFlagCleared',
      occurredAt,
      data: { flagId: data.flagId, clearedBy: metadata.actor.id },
      pii: { reason },
    },
  ];
};
