import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseReopened } from './case-reopened.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireCase, requireText } from '../case-rules';

export interface ReopenCase {
  readonly type: 'ReopenCase';
  readonly caseId: string;
  readonly data: {
    readonly reason: string;
    /** Who takes the reopened case; omitted or null keeps the case manager it had when it closed. */
    readonly caseManagerId?: string | null;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** The history continues on the same case: reopening adds to the record, it never starts a new one. */
export const reopenCase = (command: ReopenCase, state: CaseState): readonly CaseReopened[] => {
  const closed = requireCase(state, command.caseId);
  if (closed.status !== 'closed') {
    throw caseError('CASE_NOT_CLOSED', `Case ${command.caseId} is open`, { caseId: command.caseId });
  }
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(closed, metadata, data.occurredAt);
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  const caseManagerId =
    data.caseManagerId === undefined || data.caseManagerId === null
      ? null
      : requireText(data.caseManagerId, 'CASE_MANAGER_REQUIRED', 'caseManagerId');
  return [{ type: 'CaseReopened', occurredAt, data: { caseManagerId }, pii: { reason } }];
};
