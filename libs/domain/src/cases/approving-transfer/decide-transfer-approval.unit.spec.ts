import { caseDecider } from '../case-decider';
import type { CaseEvent } from '../case-events';
import type { TransferCase } from '../transferring-case/transfer-case.command';
import {
  CASE_ID,
  CASE_MANAGER_ID,
  caseTerminated,
  caseTransferred,
  engaged,
  metadata,
  NOW,
  OTHER_CASE_MANAGER_ID,
  OTHER_PROGRAM_ID,
  spec,
  SUPERVISOR,
  SUPERVISOR_ID,
  transferApproved,
  transferRequested,
  transferReturned,
} from '../../testing/fixtures';
import type { DecideTransferApproval } from './decide-transfer-approval.command';

type Kinds = readonly ('plan' | 'closing' | 'transfer_out')[];

const transfer = (approvalsRequired: Kinds, data: Partial<TransferCase['data']> = {}): TransferCase => ({
  type: 'TransferCase',
  caseId: CASE_ID,
  data: {
    toCaseManagerId: OTHER_CASE_MANAGER_ID,
    toProgramId: OTHER_PROGRAM_ID,
    toTeamId: 'team-youth',
    reason: transferRequested.pii.reason,
    occurredAt: transferRequested.occurredAt,
    ...data,
  },
  metadata: metadata({ approvalsRequired }),
});

const decide = (
  data: Partial<DecideTransferApproval['data']> = {},
  actor = SUPERVISOR,
): DecideTransferApproval => ({
  type: 'DecideTransferApproval',
  caseId: CASE_ID,
  data: { decision: 'approved', comments: '', occurredAt: transferApproved.occurredAt, ...data },
  metadata: metadata({ actor }),
});

const stateAfter = (events: readonly CaseEvent[]) =>
  events.reduce(caseDecider.evolve, caseDecider.initialState);

const requested = [...engaged, transferRequested] as const;

const movedOut = {
  type: 'CaseTransferred',
  occurredAt: transferRequested.occurredAt,
  data: {
    fromCaseManagerId: CASE_MANAGER_ID,
    toCaseManagerId: OTHER_CASE_MANAGER_ID,
    toProgramId: OTHER_PROGRAM_ID,
    toTeamId: 'team-youth',
  },
  pii: { reason: transferRequested.pii.reason },
} as const;

describe('TransferCase out of the program', () => {
  it('moves the case to the program and team named where no approval is required', () => {
    spec(engaged).when(transfer([])).then([movedOut]);
    const state = stateAfter([...engaged, movedOut]);
    expect(state).toMatchObject({
      programId: OTHER_PROGRAM_ID,
      teamId: 'team-youth',
      caseManagerId: OTHER_CASE_MANAGER_ID,
    });
  });

  it('asks for approval where the program requires transfers out approved: the case stays meanwhile', () => {
    spec(engaged)
      .when(transfer(['transfer_out']))
      .then([transferRequested]);
    const state = stateAfter(requested);
    expect(state).toMatchObject({ programId: 'prog-housing-first', caseManagerId: CASE_MANAGER_ID });
    expect(state.status !== 'initial' && state.transferRequest).toMatchObject({
      status: 'pending',
      requestedBy: CASE_MANAGER_ID,
      toProgramId: OTHER_PROGRAM_ID,
    });
  });

  it('never waits for a transfer within the program', () => {
    spec(engaged)
      .when(
        transfer(['transfer_out'], {
          toProgramId: undefined,
          toTeamId: undefined,
          reason: caseTransferred.pii.reason,
          occurredAt: undefined,
        }),
      )
      .then([{ ...caseTransferred, occurredAt: NOW }]);
  });

  it('asks only once at a time', () => {
    spec(requested)
      .when(transfer(['transfer_out']))
      .thenFails('TRANSFER_ALREADY_REQUESTED');
  });

  it('names a program and a team that are not blank', () => {
    spec(engaged)
      .when(transfer([], { toProgramId: ' ' }))
      .thenFails('PROGRAM_REQUIRED');
    spec(engaged)
      .when(transfer([], { toTeamId: '' }))
      .thenFails('TEAM_REQUIRED');
  });
});

describe('DecideTransferApproval', () => {
  it('approves: the case moves with the data asked for, and the reason the handler opened', () => {
    spec(requested)
      .when(decide({ reason: transferRequested.pii.reason }))
      .then([transferApproved, { ...movedOut, occurredAt: transferApproved.occurredAt }]);
    const after = [...requested, transferApproved, { ...movedOut, occurredAt: transferApproved.occurredAt }];
    expect(stateAfter(after)).toMatchObject({
      programId: OTHER_PROGRAM_ID,
      teamId: 'team-youth',
      transferRequest: { status: 'approved', decidedBy: SUPERVISOR_ID },
    });
  });

  it('returns with comments: the case stays, and may be asked again', () => {
    spec(requested)
      .when(decide({ decision: 'returned', comments: transferReturned.pii.comments }))
      .then([transferReturned]);
    expect(stateAfter([...requested, transferReturned])).toMatchObject({
      programId: 'prog-housing-first',
      transferRequest: { status: 'returned' },
    });
    spec([...requested, transferReturned])
      .when(transfer(['transfer_out']))
      .then([transferRequested]);
  });

  it('needs comments to return, a pending transfer, and another person to decide', () => {
    spec(requested)
      .when(decide({ decision: 'returned', comments: undefined }))
      .thenFails('COMMENTS_REQUIRED');
    spec(engaged).when(decide()).thenFails('APPROVAL_NOT_PENDING');
    spec(requested)
      .when(decide({}, { id: CASE_MANAGER_ID, role: 'supervisor' }))
      .thenFails('SELF_APPROVAL_FORBIDDEN');
  });

  it('decides once: an approved transfer waits no more', () => {
    spec([...requested, transferApproved, movedOut])
      .when(decide({}, { id: 'sup-other', role: 'supervisor' }))
      .thenFails('APPROVAL_NOT_PENDING');
  });

  it('knows only approving and returning, and is decided on an open case', () => {
    spec(requested)
      .when(decide({ decision: 'deferred' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
    spec([...requested, caseTerminated])
      .when(decide())
      .thenFails('CASE_CLOSED');
  });

  it('is not decided in the future', () => {
    spec(requested)
      .when(decide({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });

  it('refuses a decision dated before the request it answers, and takes one at the same instant', () => {
    const asked = transferRequested.occurredAt;
    const before = new Date(Date.parse(asked) - 1_000).toISOString();
    spec(requested)
      .when(decide({ occurredAt: before }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    spec(requested)
      .when(decide({ decision: 'returned', comments: 'Not yet', occurredAt: before }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    expect(() => caseDecider.decide(decide({ occurredAt: asked }), stateAfter(requested))).not.toThrow();
  });
});
