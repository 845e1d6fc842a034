import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { requireCase, requireText, whenItHappened } from '../case-rules';
import type { CaseClientChanged } from './case-client-changed.event';

export interface ChangeCaseClient {
  readonly type: 'ChangeCaseClient';
  readonly caseId: string;
  readonly data: {
    readonly mergeId: string;
    readonly fromClientId: string;
    readonly toClientId: string;
    readonly reason: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * One case of a duplicate client moves to the survivor. Open or closed, since a closed episode is
 * part of the person's record too; a case already moved takes no second change (the merge resumes
 * by sending it again).
 */
export const changeCaseClient = (
  command: ChangeCaseClient,
  state: CaseState,
): readonly CaseClientChanged[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  if (data.fromClientId === data.toClientId)
    throw caseError('MERGE_INTO_ITSELF', `Client ${data.fromClientId} cannot be merged into itself`, {
      clientId: data.fromClientId,
    });
  if (active.clientId === data.toClientId) return [];
  if (active.clientId !== data.fromClientId)
    // Ids only: names neither client's data.
    throw caseError(
      'CASE_OF_ANOTHER_CLIENT',
      `Case ${command.caseId} is not about client ${data.fromClientId}`,
      {
        caseId: command.caseId,
        clientId: data.fromClientId,
      },
    );
  const mergeId = requireText(data.mergeId, 'MERGE_ID_REQUIRED', 'mergeId');
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  return [
    {
      type: 'CaseClientChanged',
      occurredAt: whenItHappened(metadata, undefined),
      data: { fromClientId: data.fromClientId, toClientId: data.toClientId, mergeId },
      pii: { reason },
    },
  ];
};
