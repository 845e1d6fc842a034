import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseAssigned } from './case-assigned.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase, requireText } from '../case-rules';

export interface AssignCase {
  readonly type: 'AssignCase';
  readonly caseId: string;
  readonly data: {
    readonly caseManagerId: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** Assignment fills an empty seat; moving a case between workers is a transfer, which needs a reason. */
export const assignCase = (command: AssignCase, state: CaseState): readonly CaseAssigned[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (active.caseManagerId !== null) {
    throw caseError('CASE_ALREADY_ASSIGNED', 'The case already has a case manager; transfer it instead', {
      caseManagerId: active.caseManagerId,
    });
  }
  const caseManagerId = requireText(data.caseManagerId, 'CASE_MANAGER_REQUIRED', 'caseManagerId');
  return [{ type: 'CaseAssigned', occurredAt, data: { caseManagerId }, pii: {} }];
};
