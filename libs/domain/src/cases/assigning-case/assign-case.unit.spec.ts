import { CASE_ID, clientEngaged, metadata, NOW, spec } from '../../testing/fixtures';
import type { AssignCase } from './assign-case.command';

const unassigned = [{ ...clientEngaged, data: { ...clientEngaged.data, caseManagerId: null } }];

const assign = (data: Partial<AssignCase['data']> = {}): AssignCase => ({
  type: 'AssignCase',
  caseId: CASE_ID,
  data: { caseManagerId: 'cm-ben', ...data },
  metadata: metadata(),
});

describe('AssignCase', () => {
  it('gives an unassigned case a case manager', () => {
    spec(unassigned)
      .when(assign())
      .then([{ type: 'CaseAssigned', occurredAt: NOW, data: { caseManagerId: 'cm-ben' }, pii: {} }]);
  });

  it('does not take a case from its case manager: that is a transfer', () => {
    spec([clientEngaged]).when(assign()).thenFails('CASE_ALREADY_ASSIGNED');
  });

  it('names the case manager', () => {
    spec(unassigned)
      .when(assign({ caseManagerId: '' }))
      .thenFails('CASE_MANAGER_REQUIRED');
  });

  it('cannot be dated after it is recorded', () => {
    spec(unassigned)
      .when(assign({ occurredAt: '2025-03-11T00:00:00.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });
});
