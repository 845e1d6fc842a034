import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseTransferred } from './case-transferred.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase, requireText } from '../case-rules';

export interface TransferCase {
  readonly type: 'TransferCase';
  readonly caseId: string;
  readonly data: {
    readonly toCaseManagerId: string;
    /** A transfer out of the program names the program the case moves to (and its team). */
    readonly toProgramId?: string;
    readonly toTeamId?: string;
    readonly reason: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const transferCase = (command: TransferCase, state: CaseState): readonly CaseTransferred[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const fromCaseManagerId = active.caseManagerId;
  if (fromCaseManagerId === null) {
    throw caseError('CASE_NOT_ASSIGNED', 'An unassigned case is assigned, not transferred', {});
  }
  const toCaseManagerId = requireText(data.toCaseManagerId, 'CASE_MANAGER_REQUIRED', 'toCaseManagerId');
  const toProgramId =
    data.toProgramId === undefined ? null : requireText(data.toProgramId, 'PROGRAM_REQUIRED', 'toProgramId');
  const toTeamId =
    data.toTeamId === undefined ? null : requireText(data.toTeamId, 'TEAM_REQUIRED', 'toTeamId');
  if (toCaseManagerId === fromCaseManagerId) {
    throw caseError('TRANSFER_TO_SAME_CASE_MANAGER', 'A transfer must go to another case manager', {
      caseManagerId: fromCaseManagerId,
    });
  }
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  return [
    {
      type: 'CaseTransferred',
      occurredAt,
      data: { fromCaseManagerId, toCaseManagerId, toProgramId, toTeamId },
      pii: { reason },
    },
  ];
};
