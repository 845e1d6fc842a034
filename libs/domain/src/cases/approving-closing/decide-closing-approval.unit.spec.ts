import { caseDecider } from '../case-decider';
import type { CaseEvent } from '../case-events';
import type { TerminateCase } from '../terminating-case/terminate-case.command';
import {
  CASE_ID,
  CASE_MANAGER_ID,
  caseTerminated,
  closingApproved,
  closingRequested,
  closingReturned,
  metadata,
  NOW,
  planned,
  referralMade,
  spec,
  SUPERVISOR,
  SUPERVISOR_ID,
} from '../../testing/fixtures';
import type { DecideClosingApproval } from './decide-closing-approval.command';

const terminate = (approvalsRequired: readonly ('plan' | 'closing' | 'transfer_out')[]): TerminateCase => ({
  type: 'TerminateCase',
  caseId: CASE_ID,
  data: {
    reason: caseTerminated.data.reason,
    goalOutcomes: caseTerminated.data.goalOutcomes,
    summary: caseTerminated.pii.summary,
    occurredAt: caseTerminated.occurredAt,
  },
  metadata: metadata({ approvalsRequired }),
});

const decide = (
  data: Partial<DecideClosingApproval['data']> = {},
  actor = SUPERVISOR,
): DecideClosingApproval => ({
  type: 'DecideClosingApproval',
  caseId: CASE_ID,
  data: { decision: 'approved', comments: '', occurredAt: closingApproved.occurredAt, ...data },
  metadata: metadata({ actor }),
});

const stateAfter = (events: readonly CaseEvent[]) =>
  events.reduce(caseDecider.evolve, caseDecider.initialState);

const requested = [...planned, closingRequested] as const;

describe('TerminateCase in a program that requires closings approved', () => {
  it('asks for the closing instead of closing the case', () => {
    spec(planned)
      .when(terminate(['closing']))
      .then([closingRequested]);
  });

  it('closes the case at once where the program does not require it', () => {
    spec(planned)
      .when(terminate(['plan']))
      .then([caseTerminated]);
  });

  it('keeps the case open, showing the closing pending', () => {
    const state = stateAfter(requested);
    expect(state.status).toBe('open');
    expect(state.status !== 'initial' && state.closingRequest).toMatchObject({
      status: 'pending',
      requestedBy: CASE_MANAGER_ID,
      reason: caseTerminated.data.reason,
    });
  });

  it('asks only once at a time', () => {
    spec(requested)
      .when(terminate(['closing']))
      .thenFails('CLOSING_ALREADY_REQUESTED');
  });

  it('asks again after a return', () => {
    spec([...requested, closingReturned])
      .when(terminate(['closing']))
      .then([closingRequested]);
  });

  it('still checks the closing itself', () => {
    spec(planned)
      .when({ ...terminate(['closing']), data: { ...terminate(['closing']).data, goalOutcomes: [] } })
      .thenFails('GOAL_OUTCOME_MISSING');
  });
});

describe('DecideClosingApproval', () => {
  it('approves: the case closes with the data asked for', () => {
    spec(requested)
      .when(decide())
      .then([
        closingApproved,
        { ...caseTerminated, occurredAt: closingApproved.occurredAt, pii: { summary: '' } },
      ]);
    const state = stateAfter([...requested, ...caseDecider.decide(decide(), stateAfter(requested))]);
    expect(state.status).toBe('closed');
    expect(state.status !== 'initial' && state.closingRequest).toMatchObject({
      status: 'approved',
      decidedBy: SUPERVISOR_ID,
    });
  });

  it('returns with comments: the case stays open', () => {
    spec(requested)
      .when(decide({ decision: 'returned', comments: closingReturned.pii.comments }))
      .then([closingReturned]);
    const state = stateAfter([...requested, closingReturned]);
    expect(state.status).toBe('open');
    expect(state.status !== 'initial' && state.closingRequest?.status).toBe('returned');
  });

  it('needs comments to return', () => {
    spec(requested)
      .when(decide({ decision: 'returned', comments: undefined }))
      .thenFails('COMMENTS_REQUIRED');
  });

  it('refuses when no closing waits', () => {
    spec(planned).when(decide()).thenFails('APPROVAL_NOT_PENDING');
    spec([...requested, closingReturned])
      .when(decide())
      .thenFails('APPROVAL_NOT_PENDING');
  });

  it('refuses a closing already approved: the case is closed', () => {
    spec([...requested, closingApproved, caseTerminated])
      .when(decide())
      .thenFails('CASE_CLOSED');
  });

  it('knows only approving and returning', () => {
    spec(requested)
      .when(decide({ decision: 'deferred' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('is not decided in the future', () => {
    spec(requested)
      .when(decide({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });

  it('lets nobody approve the closing they asked for', () => {
    spec(requested)
      .when(decide({}, { id: CASE_MANAGER_ID, role: 'supervisor' }))
      .thenFails('SELF_APPROVAL_FORBIDDEN');
  });

  it('decides when it is asked', () => {
    spec(requested)
      .when(decide({ occurredAt: undefined }))
      .then([
        { ...closingApproved, occurredAt: NOW },
        { ...caseTerminated, occurredAt: NOW, pii: { summary: '' } },
      ]);
  });

  it("closes with the request's summary, which the command handler opens and passes in", () => {
    spec(requested)
      .when(decide({ summary: caseTerminated.pii.summary }))
      .then([closingApproved, { ...caseTerminated, occurredAt: closingApproved.occurredAt }]);
  });

  it("carries the request's referral dispositions; a referral made while it waited closes with the case", () => {
    const asked = [...planned, referralMade('ref-voucher')] as const;
    const withDispositions = {
      ...closingRequested,
      data: {
        ...closingRequested.data,
        referralDispositions: [{ referralId: 'ref-voucher', disposition: 'continued' as const }],
      },
    };
    const later = { ...referralMade('ref-late'), occurredAt: '2025-03-09T16:30:00.000Z' };
    spec([...asked, withDispositions, later])
      .when(decide({ summary: 'Done.' }))
      .then([
        closingApproved,
        {
          ...caseTerminated,
          occurredAt: closingApproved.occurredAt,
          data: {
            ...caseTerminated.data,
            referralDispositions: [
              { referralId: 'ref-voucher', disposition: 'continued' },
              { referralId: 'ref-late', disposition: 'closed_at_termination' },
            ],
          },
          pii: { summary: 'Done.' },
        },
      ]);
  });

  it('refuses a decision dated before the request it answers, and takes one at the same instant', () => {
    const asked = closingRequested.occurredAt;
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
