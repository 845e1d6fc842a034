import { caseClientChanged, closed, engaged, metadata, NOW, spec } from '../../testing/fixtures';
import type { CaseEvent } from '../case-events';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { ChangeCaseClient } from './change-case-client.command';

const clientOf = (events: readonly CaseEvent[]): string | null => {
  const state = events.reduce(evolve, initialCaseState);
  return state.status === 'initial' ? null : state.clientId;
};

const change = (data: Partial<ChangeCaseClient['data']> = {}): ChangeCaseClient => ({
  type: 'ChangeCaseClient',
  caseId: 'case-1',
  data: {
    mergeId: 'merge-1',
    fromClientId: clientOf(engaged) ?? '',
    toClientId: 'client-2',
    reason: 'Same person',
    ...data,
  },
  metadata: metadata(),
});

describe('ChangeCaseClient', () => {
  it('moves the case to the surviving client, the reason sealed with the client data', () => {
    spec(engaged)
      .when(change())
      .then([
        {
          type: 'CaseClientChanged',
          occurredAt: NOW,
          data: { fromClientId: clientOf(engaged) ?? '', toClientId: 'client-2', mergeId: 'merge-1' },
          pii: { reason: 'Same person' },
        },
      ]);
  });

  it('makes the survivor the case’s client, the earlier events untouched', () => {
    const moved = {
      ...caseClientChanged,
      data: { ...caseClientChanged.data, fromClientId: clientOf(engaged) ?? '' },
    };
    expect(clientOf([...engaged, moved])).toBe('client-2');
  });

  it('moves a closed episode too: it is part of the person’s record', () => {
    spec(closed)
      .when(change({ fromClientId: clientOf(closed) ?? '' }))
      .then([expect.objectContaining({ type: 'CaseClientChanged' })]);
  });

  it('changes nothing on a case already moved to the survivor (a retried merge)', () => {
    const moved = {
      ...caseClientChanged,
      data: { ...caseClientChanged.data, fromClientId: clientOf(engaged) ?? '' },
    };
    spec([...engaged, moved])
      .when(change())
      .then([]);
  });

  it('refuses a merge into the same client', () => {
    spec(engaged)
      .when(change({ toClientId: clientOf(engaged) ?? '' }))
      .thenFails('MERGE_INTO_ITSELF');
  });

  it('refuses a case that is about another client', () => {
    spec(engaged)
      .when(change({ fromClientId: 'client-9' }))
      .thenFails('CASE_OF_ANOTHER_CLIENT');
  });

  it('names its merge', () => {
    spec(engaged)
      .when(change({ mergeId: '' }))
      .thenFails('MERGE_ID_REQUIRED');
  });

  it('needs a reason', () => {
    spec(engaged)
      .when(change({ reason: ' ' }))
      .thenFails('REASON_REQUIRED');
  });

  it('is refused on a case that does not exist', () => {
    spec([]).when(change()).thenFails('CASE_NOT_FOUND');
  });
});
