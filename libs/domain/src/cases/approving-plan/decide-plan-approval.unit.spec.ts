import { caseDecider } from '../case-decider';
import type { CaseEvent } from '../case-events';
import type { AmendPlan } from '../amending-plan/amend-plan.command';
import {
  assessed,
  CASE_ID,
  CASE_MANAGER_ID,
  caseTerminated,
  metadata,
  NOW,
  planAmended,
  planApprovalRequested,
  planApproved,
  planned,
  PLANNED_AT,
  planReturned,
  spec,
  SUPERVISOR,
  SUPERVISOR_ID,
} from '../../testing/fixtures';
import { entryId, givenStored, stored as storedEvents } from '../../testing/history';
import type { DecidePlanApproval } from './decide-plan-approval.command';

const specStored = (events: readonly CaseEvent[]) => givenStored(...events);
const stateAfterStored = (events: readonly CaseEvent[]) =>
  storedEvents(...events).reduce<ReturnType<typeof stateAfter>>(caseDecider.evolve, caseDecider.initialState);

const REQUIRES_PLAN = { approvalsRequired: ['plan'] } as const;

const firstPlan = (overrides: Partial<AmendPlan['metadata']> = {}): AmendPlan => ({
  type: 'AmendPlan',
  caseId: CASE_ID,
  data: {
    goalsAdded: planAmended.data.goalsAdded,
    services: planAmended.data.services,
    nextReviewDate: planAmended.data.nextReviewDate,
    reason: planAmended.pii.reason,
    occurredAt: PLANNED_AT,
  },
  metadata: metadata({ recordedAt: PLANNED_AT, ...overrides }),
});

const amendment = (): AmendPlan => ({
  type: 'AmendPlan',
  caseId: CASE_ID,
  data: { goalsDropped: ['goal-mood'], nextReviewDate: '2025-04-10', reason: 'Answering the comments' },
  metadata: metadata(REQUIRES_PLAN),
});

const decide = (data: Partial<DecidePlanApproval['data']> = {}, actor = SUPERVISOR): DecidePlanApproval => ({
  type: 'DecidePlanApproval',
  caseId: CASE_ID,
  data: { decision: 'approved', amendmentNumber: 1, comments: 'Goals are measurable.', ...data },
  metadata: metadata({ actor }),
});

const stateAfter = (events: readonly CaseEvent[]) =>
  events.reduce(caseDecider.evolve, caseDecider.initialState);

const pending = [...planned, planApprovalRequested] as const;

describe('AmendPlan in a program that requires plans approved', () => {
  it('asks for approval of the first plan, naming who made it', () => {
    spec(assessed).when(firstPlan(REQUIRES_PLAN)).then([planAmended, planApprovalRequested]);
  });

  it('asks for nothing where the program requires no approval (the decision is the one before approvals)', () => {
    spec(assessed).when(firstPlan()).then([planAmended]);
    spec(assessed)
      .when(firstPlan({ approvalsRequired: ['closing'] }))
      .then([planAmended]);
  });

  it('asks afresh for every amendment, also one answering a returned version', () => {
    const events = caseDecider.decide(amendment(), stateAfter([...pending, planReturned]));
    expect(events.map((e) => e.type)).toEqual(['PlanAmended', 'PlanApprovalRequested']);
    expect(events[1]?.data).toEqual({ amendmentNumber: 2, requestedBy: CASE_MANAGER_ID });
  });

  it('shows the plan version pending in the state, with who asked and when', () => {
    const state = stateAfter(pending);
    expect(state.status === 'open' && state.plan?.approval).toEqual({
      status: 'pending',
      amendmentNumber: 1,
      requestedBy: CASE_MANAGER_ID,
      requestedAt: PLANNED_AT,
      decidedBy: null,
      decidedAt: null,
    });
  });

  it('leaves the plan without an approval where none was needed', () => {
    const state = stateAfter(planned);
    expect(state.status === 'open' && state.plan?.approval).toBeUndefined();
  });
});

describe('DecidePlanApproval', () => {
  it('approves the plan version waiting', () => {
    spec(pending)
      .when(decide({ occurredAt: planApproved.occurredAt }))
      .then([planApproved]);
  });

  it('returns it with comments, and the state says who returned it when', () => {
    spec(pending)
      .when(decide({ decision: 'returned', comments: planReturned.pii.comments }))
      .then([{ ...planReturned, occurredAt: NOW }]);
    const state = stateAfter([...pending, planReturned]);
    expect(state.status === 'open' && state.plan?.approval).toMatchObject({
      status: 'returned',
      decidedBy: SUPERVISOR_ID,
      decidedAt: planReturned.occurredAt,
    });
  });

  it('approves with no comments', () => {
    spec(pending)
      .when(decide({ comments: undefined }))
      .then([{ ...planApproved, occurredAt: NOW, pii: { comments: '' } }]);
  });

  it('records the approval in the state', () => {
    const state = stateAfter([...pending, planApproved]);
    expect(state.status === 'open' && state.plan?.approval).toMatchObject({
      status: 'approved',
      decidedBy: SUPERVISOR_ID,
      decidedAt: planApproved.occurredAt,
    });
  });

  it('needs comments to return a plan', () => {
    spec(pending)
      .when(decide({ decision: 'returned', comments: ' ' }))
      .thenFails('COMMENTS_REQUIRED');
  });

  it('refuses an outdated plan version', () => {
    const amended = [
      ...pending,
      planReturned,
      ...caseDecider.decide(amendment(), stateAfter([...pending, planReturned])),
    ];
    spec(amended)
      .when(decide({ amendmentNumber: 1 }))
      .thenFails('PLAN_VERSION_OUTDATED');
    spec(amended)
      .when(decide({ amendmentNumber: 2 }))
      .then([{ ...planApproved, occurredAt: NOW, data: { amendmentNumber: 2, approvedBy: SUPERVISOR_ID } }]);
  });

  it('refuses a plan not waiting: already approved, returned, or never asked for', () => {
    spec([...pending, planApproved])
      .when(decide())
      .thenFails('APPROVAL_NOT_PENDING');
    spec([...pending, planReturned])
      .when(decide())
      .thenFails('APPROVAL_NOT_PENDING');
    spec(planned).when(decide()).thenFails('APPROVAL_NOT_PENDING');
  });

  it('is decided on an open case', () => {
    spec([...pending, caseTerminated])
      .when(decide())
      .thenFails('CASE_CLOSED');
  });

  it('needs a plan', () => {
    spec(assessed).when(decide()).thenFails('PLAN_REQUIRED');
  });

  it('lets nobody approve the plan version they made', () => {
    spec(pending)
      .when(decide({}, { id: CASE_MANAGER_ID, role: 'supervisor' }))
      .thenFails('SELF_APPROVAL_FORBIDDEN');
  });

  it('knows only approving and returning', () => {
    spec(pending)
      .when(decide({ decision: 'maybe' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });
});

describe('approvals in the record', () => {
  const stored = [...planned, planApprovalRequested, planApproved];

  it('cannot be voided or have their date corrected: a decision stands', () => {
    specStored(stored)
      .when({
        type: 'VoidEntry',
        caseId: CASE_ID,
        data: { entryId: entryId(5), reason: 'Wrong' },
        metadata: metadata(),
      })
      .thenFails('ENTRY_NOT_VOIDABLE');
    specStored(stored)
      .when({
        type: 'CorrectEntryDate',
        caseId: CASE_ID,
        data: { entryId: entryId(4), occurredAt: '2025-03-05T12:00:00.000Z', reason: 'Wrong' },
        metadata: metadata(),
      })
      .thenFails('ENTRY_NOT_VOIDABLE');
  });

  it('hold nothing back: the plan version they are about can still be voided', () => {
    const events = caseDecider.decide(
      {
        type: 'VoidEntry',
        caseId: CASE_ID,
        data: { entryId: entryId(3), reason: 'Wrong case' },
        metadata: metadata(),
      },
      stateAfterStored(stored),
    );
    expect(events.map((e) => e.type)).toEqual(['EntryVoided']);
  });

  it('refuses a decision dated before the request it answers, and takes one at the same instant', () => {
    const asked = planApprovalRequested.occurredAt;
    const before = new Date(Date.parse(asked) - 1_000).toISOString();
    spec(pending)
      .when(decide({ occurredAt: before }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    spec(pending)
      .when(decide({ decision: 'returned', comments: 'Not yet', occurredAt: before }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    expect(() => caseDecider.decide(decide({ occurredAt: asked }), stateAfter(pending))).not.toThrow();
  });
});
