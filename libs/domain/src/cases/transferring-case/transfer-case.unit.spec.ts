import {
  CASE_ID,
  CASE_MANAGER_ID,
  clientEngaged,
  engaged,
  metadata,
  NOW,
  OTHER_CASE_MANAGER_ID,
  spec,
} from '../../testing/fixtures';
import type { TransferCase } from './transfer-case.command';

const transfer = (data: Partial<TransferCase['data']> = {}): TransferCase => ({
  type: 'TransferCase',
  caseId: CASE_ID,
  data: { toCaseManagerId: OTHER_CASE_MANAGER_ID, reason: 'Caseload rebalancing', ...data },
  metadata: metadata(),
});

describe('TransferCase', () => {
  it('moves the case to another case manager, with the reason', () => {
    spec(engaged)
      .when(transfer())
      .then([
        {
          type: 'CaseTransferred',
          occurredAt: NOW,
          data: {
            fromCaseManagerId: CASE_MANAGER_ID,
            toCaseManagerId: OTHER_CASE_MANAGER_ID,
            toProgramId: null,
            toTeamId: null,
          },
          pii: { reason: 'Caseload rebalancing' },
        },
      ]);
  });

  it('only moves to another case manager', () => {
    spec(engaged)
      .when(transfer({ toCaseManagerId: CASE_MANAGER_ID }))
      .thenFails('TRANSFER_TO_SAME_CASE_MANAGER');
  });

  it('only moves an assigned case', () => {
    spec([{ ...clientEngaged, data: { ...clientEngaged.data, caseManagerId: null } }])
      .when(transfer())
      .thenFails('CASE_NOT_ASSIGNED');
  });

  it('needs a reason', () => {
    spec(engaged)
      .when(transfer({ reason: '  ' }))
      .thenFails('REASON_REQUIRED');
  });

  it('names the receiving case manager', () => {
    spec(engaged)
      .when(transfer({ toCaseManagerId: '' }))
      .thenFails('CASE_MANAGER_REQUIRED');
  });
});
