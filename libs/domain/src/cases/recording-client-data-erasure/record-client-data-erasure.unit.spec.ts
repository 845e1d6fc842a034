import {
  CASE_ID,
  CLIENT_ID,
  clientDataErased,
  closed,
  contactRecorded,
  metadata,
  NOW,
  planned,
  spec,
} from '../../testing/fixtures';
import { caseDecider, type CaseCommand } from '../case-decider';
import type { ActiveCase } from '../case-state';
import type { RecordClientDataErasure } from './record-client-data-erasure.command';

const ADMIN = { id: 'admin-1', role: 'administrator' } as const;

const erase = (data: Partial<RecordClientDataErasure['data']> = {}): RecordClientDataErasure => ({
  type: 'RecordClientDataErasure',
  caseId: CASE_ID,
  data: {
    erasureId: 'erasure-1',
    clientId: CLIENT_ID,
    legalBasis: 'GDPR Art. 17(1)(a): no longer necessary',
    requestedBy: 'the client, in writing',
    affects: { eventIds: [`${CASE_ID}-e1`, `${CASE_ID}-e2`], throughVersion: 2 },
    ...data,
  },
  metadata: metadata({ actor: ADMIN }),
});

describe('RecordClientDataErasure', () => {
  it('records the receipt: who asked, on what basis, which events, what the key held', () => {
    spec(planned).when(erase()).then([clientDataErased]);
  });

  it('takes the receipt on a closed case too: the erasure reaches every case of the client', () => {
    spec(closed).when(erase()).then([clientDataErased]);
  });

  it('is dated when it is recorded, and carries no client data', () => {
    const [event] = caseDecider.decide(erase(), planned.reduce(caseDecider.evolve, caseDecider.initialState));
    expect(event).toMatchObject({ occurredAt: NOW, pii: {} });
  });

  it('is idempotent: the same erasure again records nothing', () => {
    spec([...planned, clientDataErased])
      .when(erase())
      .then([]);
  });

  it('records nothing on a case already erased, whatever erasure asks again', () => {
    spec([...planned, clientDataErased])
      .when(erase({ erasureId: 'erasure-2' }))
      .then([]);
  });

  it('refuses a receipt for another client', () => {
    spec(planned)
      .when(erase({ clientId: 'client-other' }))
      .thenFails('ERASURE_OF_ANOTHER_CLIENT');
  });

  it('needs a case', () => {
    spec([]).when(erase()).thenFails('CASE_NOT_FOUND');
  });

  it('states the legal basis and who requested it', () => {
    spec(planned)
      .when(erase({ legalBasis: ' ' }))
      .thenFails('LEGAL_BASIS_REQUIRED');
    spec(planned)
      .when(erase({ requestedBy: '' }))
      .thenFails('REQUESTED_BY_REQUIRED');
    spec(planned)
      .when(erase({ erasureId: '' }))
      .thenFails('ERASURE_ID_REQUIRED');
  });

  it('leaves the erasure in the state, and the first receipt is the one that counts', () => {
    const state = [
      ...planned,
      clientDataErased,
      { ...clientDataErased, occurredAt: '2026-01-01T00:00:00.000Z' },
    ].reduce(caseDecider.evolve, caseDecider.initialState) as ActiveCase;
    expect(state.erasure).toEqual({
      erasureId: 'erasure-1',
      erasedAt: NOW,
      legalBasis: 'GDPR Art. 17(1)(a): no longer necessary',
      requestedBy: 'the client, in writing',
    });
    expect(state.status).toBe('open');
    expect(state.clientId).toBe(CLIENT_ID);
  });
});

describe('a case whose client data was erased', () => {
  const commands: readonly CaseCommand[] = [
    {
      type: 'RecordContact',
      caseId: CASE_ID,
      data: {
        contactId: 'contact-9',
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        durationMinutes: 10,
        summary: 'Called.',
        happenedAt: NOW,
      },
      metadata: metadata(),
    },
    { type: 'AssignCase', caseId: CASE_ID, data: { caseManagerId: 'cm-ben' }, metadata: metadata() },
    {
      type: 'VoidEntry',
      caseId: CASE_ID,
      data: { entryId: `${CASE_ID}-e3`, reason: 'Wrong case.' },
      metadata: metadata(),
    },
  ];

  it.each(commands.map((command) => [command.type, command] as const))(
    'takes no %s: the client’s key is gone',
    (_type, command) => {
      spec([...planned, contactRecorded, clientDataErased])
        .when(command)
        .thenFails('CLIENT_DATA_ERASED');
    },
  );

  it('cannot be reopened once closed', () => {
    spec([...closed, clientDataErased])
      .when({ type: 'ReopenCase', caseId: CASE_ID, data: { reason: 'Back.' }, metadata: metadata() })
      .thenFails('CLIENT_DATA_ERASED');
  });
});
