import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { requireCase, requireText, whenItHappened } from '../case-rules';
import { ERASED_DATA_CATEGORIES } from '../vocabularies';
import type { ClientDataErased, ErasureScope } from './client-data-erased.event';

export interface RecordClientDataErasure {
  readonly type: 'RecordClientDataErasure';
  readonly caseId: string;
  readonly data: {
    readonly erasureId: string;
    readonly clientId: string;
    readonly legalBasis: string;
    readonly requestedBy: string;
    readonly affects: ErasureScope;
  };
  readonly metadata: CommandMetadata;
}

/**
 * Records that the client's data key is gone. Open or closed, a case takes its receipt; a case that
 * already has one takes no second (the erasure resumes after a crash by sending it again).
 */
export const recordClientDataErasure = (
  command: RecordClientDataErasure,
  state: CaseState,
): readonly ClientDataErased[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  if (data.clientId !== active.clientId) {
    // Names neither client's data: ids only.
    throw caseError(
      'ERASURE_OF_ANOTHER_CLIENT',
      `Case ${command.caseId} is not about client ${data.clientId}`,
      { caseId: command.caseId, clientId: data.clientId },
    );
  }
  if (active.erasure !== null) return [];
  const erasureId = requireText(data.erasureId, 'ERASURE_ID_REQUIRED', 'erasureId');
  const legalBasis = requireText(data.legalBasis, 'LEGAL_BASIS_REQUIRED', 'legalBasis');
  const requestedBy = requireText(data.requestedBy, 'REQUESTED_BY_REQUIRED', 'requestedBy');
  return [
    {
      type: 'ClientDataErased',
      occurredAt: whenItHappened(metadata, undefined),
      data: {
        erasureId,
        clientId: data.clientId,
        legalBasis,
        requestedBy,
        affects: { eventIds: [...data.affects.eventIds], throughVersion: data.affects.throughVersion },
        erased: [...ERASED_DATA_CATEGORIES],
      },
      pii: {},
    },
  ];
};
