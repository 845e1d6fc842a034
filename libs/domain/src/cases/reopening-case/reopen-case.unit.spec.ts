import { CASE_ID, closed, metadata, NOW, OTHER_CASE_MANAGER_ID, planned, spec } from '../../testing/fixtures';
import type { ReopenCase } from './reopen-case.command';

const reopen = (data: Partial<ReopenCase['data']> = {}): ReopenCase => ({
  type: 'ReopenCase',
  caseId: CASE_ID,
  data: { reason: 'Client returned to the county', ...data },
  metadata: metadata(),
});

describe('ReopenCase', () => {
  it('reopens a closed case, keeping its case manager', () => {
    spec(closed)
      .when(reopen())
      .then([
        {
          type: 'CaseReopened',
          occurredAt: NOW,
          data: { caseManagerId: null },
          pii: { reason: 'Client returned to the county' },
        },
      ]);
  });

  it('may give the reopened case to another case manager', () => {
    spec(closed)
      .when(reopen({ caseManagerId: OTHER_CASE_MANAGER_ID }))
      .then([
        {
          type: 'CaseReopened',
          occurredAt: NOW,
          data: { caseManagerId: OTHER_CASE_MANAGER_ID },
          pii: { reason: 'Client returned to the county' },
        },
      ]);
  });

  it('reopens only a closed case', () => {
    spec(planned).when(reopen()).thenFails('CASE_NOT_CLOSED');
  });

  it('gives a reason', () => {
    spec(closed)
      .when(reopen({ reason: '' }))
      .thenFails('REASON_REQUIRED');
  });

  it('names the case manager when it gives one', () => {
    spec(closed)
      .when(reopen({ caseManagerId: ' ' }))
      .thenFails('CASE_MANAGER_REQUIRED');
  });
});
