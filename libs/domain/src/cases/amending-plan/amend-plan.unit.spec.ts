import type { PlannedGoal } from './plan-amended.event';
import {
  assessed,
  CASE_ID,
  engaged,
  householdMemberJoined,
  householdMemberLeft,
  metadata,
  NOW,
  planAmended,
  planned,
  PLANNED_AT,
  spec,
  TODAY,
  TOMORROW,
} from '../../testing/fixtures';
import type { AmendPlan } from './amend-plan.command';
import { decide, evolve } from '../case-decider';
import { initialCaseState } from '../case-state';

const firstPlan = (data: Partial<AmendPlan['data']> = {}): AmendPlan => ({
  type: 'AmendPlan',
  caseId: CASE_ID,
  data: {
    goalsAdded: planAmended.data.goalsAdded,
    services: planAmended.data.services,
    nextReviewDate: planAmended.data.nextReviewDate,
    reason: planAmended.pii.reason,
    occurredAt: PLANNED_AT,
    ...data,
  },
  metadata: metadata({ recordedAt: PLANNED_AT }),
});

const amend = (data: Partial<AmendPlan['data']> = {}): AmendPlan => ({
  type: 'AmendPlan',
  caseId: CASE_ID,
  data: { nextReviewDate: planAmended.data.nextReviewDate, reason: 'Transport is the barrier', ...data },
  metadata: metadata(),
});

const transportGoal: PlannedGoal = {
  goalId: 'goal-transport',
  domain: 'physical_health',
  category: 'physical_health',
  needIds: ['need-housing'],
  target: { metric: 'counseling sessions attended', value: 4, unit: 'sessions' },
  dueDate: '2025-04-30',
  milestones: [{ milestoneId: 'ms-pass', dueDate: '2025-03-20' }],
};

describe('AmendPlan', () => {
  it('agrees the first plan as amendment 1', () => {
    spec(assessed).when(firstPlan()).then([planAmended]);
  });

  it('numbers each later amendment and keeps what it changed', () => {
    spec(planned)
      .when(
        amend({
          goalsAdded: [transportGoal],
          goalsRevised: [{ goalId: 'goal-mood', dueDate: '2025-06-30' }],
          services: [{ serviceType: 'transportation', goalIds: ['goal-transport', 'goal-mood'] }],
        }),
      )
      .then([
        {
          type: 'PlanAmended',
          occurredAt: NOW,
          data: {
            amendmentNumber: 2,
            goalsAdded: [transportGoal],
            goalsRevised: [{ goalId: 'goal-mood', dueDate: '2025-06-30' }],
            goalsDropped: [],
            services: [
              {
                serviceType: 'transportation',
                serviceCategory: 'services_referrals',
                goalIds: ['goal-transport', 'goal-mood'],
              },
            ],
            nextReviewDate: planAmended.data.nextReviewDate,
          },
          pii: { reason: 'Transport is the barrier', descriptions: {} },
        },
      ]);
  });

  it('counts a rescheduled review as a change', () => {
    spec(planned)
      .when(amend({ nextReviewDate: '2025-04-20' }))
      .then([
        {
          type: 'PlanAmended',
          occurredAt: NOW,
          data: {
            amendmentNumber: 2,
            goalsAdded: [],
            goalsRevised: [],
            goalsDropped: [],
            services: [],
            nextReviewDate: '2025-04-20',
          },
          pii: { reason: 'Transport is the barrier', descriptions: {} },
        },
      ]);
  });

  it('follows an assessment', () => {
    spec(engaged).when(firstPlan()).thenFails('ASSESSMENT_REQUIRED');
  });

  it('starts with at least one goal', () => {
    spec(assessed)
      .when(firstPlan({ goalsAdded: [], services: [] }))
      .thenFails('PLAN_WITHOUT_GOALS');
  });

  it('must change something', () => {
    spec(planned).when(amend()).thenFails('PLAN_AMENDMENT_EMPTY');
  });

  it('gives a reason', () => {
    spec(planned)
      .when(amend({ goalsAdded: [transportGoal], reason: '' }))
      .thenFails('REASON_REQUIRED');
  });

  it('sets measurable goals', () => {
    spec(planned)
      .when(
        amend({
          goalsAdded: [{ ...transportGoal, target: { metric: 'feel better', value: NaN, unit: '' } }],
        }),
      )
      .thenFails('GOAL_TARGET_NOT_MEASURABLE');
  });

  it('sets goals due after the day of the amendment', () => {
    spec(planned)
      .when(amend({ goalsAdded: [{ ...transportGoal, dueDate: TODAY, milestones: [] }] }))
      .thenFails('GOAL_DUE_DATE_NOT_IN_FUTURE');
    spec(planned)
      .when(amend({ goalsRevised: [{ goalId: 'goal-mood', dueDate: '2025-03-01' }] }))
      .thenFails('GOAL_DUE_DATE_NOT_IN_FUTURE');
  });

  it('places milestones before their goal is due', () => {
    spec(planned)
      .when(
        amend({
          goalsAdded: [{ ...transportGoal, milestones: [{ milestoneId: 'ms-x', dueDate: '2025-05-01' }] }],
        }),
      )
      .thenFails('MILESTONE_OUT_OF_RANGE');
    spec(planned)
      .when(amend({ goalsRevised: [{ goalId: 'goal-housing', dueDate: '2025-04-01' }] }))
      .thenFails('MILESTONE_OUT_OF_RANGE');
  });

  it('only addresses assessed needs', () => {
    spec(planned)
      .when(amend({ goalsAdded: [{ ...transportGoal, needIds: ['need-legal'] }] }))
      .thenFails('UNKNOWN_NEED');
  });

  it('does not add a goal twice', () => {
    spec(planned)
      .when(amend({ goalsAdded: [{ ...transportGoal, goalId: 'goal-mood' }] }))
      .thenFails('GOAL_ALREADY_EXISTS');
  });

  it('says one thing about each goal', () => {
    spec(planned)
      .when(
        amend({
          goalsRevised: [{ goalId: 'goal-mood', dueDate: '2025-07-01' }],
          goalsDropped: ['goal-mood'],
        }),
      )
      .thenFails('DUPLICATE_ID');
  });

  it('revises something', () => {
    spec(planned)
      .when(amend({ goalsRevised: [{ goalId: 'goal-mood' }] }))
      .thenFails('EMPTY_GOAL_REVISION');
  });

  it('revises and drops only goals in the plan', () => {
    spec(planned)
      .when(amend({ goalsDropped: ['goal-unknown'] }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('does not revise an achieved goal', () => {
    spec([
      ...planned,
      {
        type: 'GoalAchieved',
        occurredAt: NOW,
        data: { goalId: 'goal-mood', measuredValue: 8 },
        pii: { note: '' },
      },
    ])
      .when(amend({ goalsRevised: [{ goalId: 'goal-mood', dueDate: '2025-07-01' }] }))
      .thenFails('GOAL_ALREADY_ACHIEVED');
  });

  it('does not drop a goal twice', () => {
    spec([
      ...planned,
      {
        ...planAmended,
        data: { ...planAmended.data, amendmentNumber: 2, goalsAdded: [], goalsDropped: ['goal-mood'] },
      },
    ])
      .when(amend({ goalsDropped: ['goal-mood'] }))
      .thenFails('GOAL_DROPPED');
  });

  it('plans services only for goals open after the amendment', () => {
    spec(planned)
      .when(
        amend({
          goalsDropped: ['goal-mood'],
          services: [{ serviceType: 'counseling', goalIds: ['goal-mood'] }],
        }),
      )
      .thenFails('UNKNOWN_GOAL');
  });

  it('schedules the next review in the future', () => {
    spec(planned)
      .when(amend({ goalsAdded: [transportGoal], nextReviewDate: TODAY }))
      .thenFails('NEXT_REVIEW_DATE_NOT_IN_FUTURE');
    spec(planned)
      .when(amend({ nextReviewDate: TOMORROW }))
      .then([
        {
          type: 'PlanAmended',
          occurredAt: NOW,
          data: {
            amendmentNumber: 2,
            goalsAdded: [],
            goalsRevised: [],
            goalsDropped: [],
            services: [],
            nextReviewDate: TOMORROW,
          },
          pii: { reason: 'Transport is the barrier', descriptions: {} },
        },
      ]);
  });

  it('takes calendar dates only', () => {
    spec(planned)
      .when(amend({ nextReviewDate: 'next week' }))
      .thenFails('INVALID_DATE');
  });
});

describe('AmendPlan: goals of household members and milestones added later (PlanAmended v2)', () => {
  const amendV2 = (data: Partial<AmendPlan['data']>): AmendPlan => ({
    type: 'AmendPlan',
    caseId: CASE_ID,
    data: { nextReviewDate: planAmended.data.nextReviewDate, reason: 'The family’s plan', ...data },
    metadata: metadata(),
  });
  const schoolGoal: PlannedGoal = {
    goalId: 'goal-school',
    domain: 'education',
    category: 'services_referrals',
    needIds: [],
    target: { metric: 'school days attended', value: 20, unit: 'days' },
    dueDate: '2025-05-31',
    milestones: [],
    memberId: 'member-1',
  };

  it('sets a goal for a member present at the amendment', () => {
    spec([...planned, householdMemberJoined])
      .when(amendV2({ goalsAdded: [schoolGoal] }))
      .then([
        {
          type: 'PlanAmended',
          occurredAt: NOW,
          data: {
            amendmentNumber: 2,
            goalsAdded: [schoolGoal],
            goalsRevised: [],
            goalsDropped: [],
            services: [],
            nextReviewDate: planAmended.data.nextReviewDate,
          },
          pii: { reason: 'The family’s plan', descriptions: {} },
        },
      ]);
  });

  it('refuses a goal for a member unknown or gone', () => {
    spec(planned)
      .when(amendV2({ goalsAdded: [schoolGoal] }))
      .thenFails('UNKNOWN_HOUSEHOLD_MEMBER');
    spec([...planned, householdMemberJoined, householdMemberLeft])
      .when(amendV2({ goalsAdded: [schoolGoal] }))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
  });

  it('adds milestones to a goal in the plan, new to it and before it is due; the state lists them', () => {
    const added = amendV2({
      goalsRevised: [
        { goalId: 'goal-mood', milestonesAdded: [{ milestoneId: 'ms-gp', dueDate: '2025-04-01' }] },
      ],
    });
    spec(planned)
      .when(added)
      .then([
        {
          type: 'PlanAmended',
          occurredAt: NOW,
          data: {
            amendmentNumber: 2,
            goalsAdded: [],
            goalsRevised: [
              { goalId: 'goal-mood', milestonesAdded: [{ milestoneId: 'ms-gp', dueDate: '2025-04-01' }] },
            ],
            goalsDropped: [],
            services: [],
            nextReviewDate: planAmended.data.nextReviewDate,
          },
          pii: { reason: 'The family’s plan', descriptions: {} },
        },
      ]);
    const state = [...planned, ...decide(added, planned.reduce(evolve, initialCaseState))].reduce(
      evolve,
      initialCaseState,
    );
    expect(state.status !== 'initial' && state.plan?.goals['goal-mood']?.milestones).toEqual([
      { milestoneId: 'ms-gp', dueDate: '2025-04-01' },
    ]);
    spec(planned)
      .when(
        amendV2({
          goalsRevised: [
            {
              goalId: 'goal-housing',
              milestonesAdded: [{ milestoneId: 'ms-voucher', dueDate: '2025-04-01' }],
            },
          ],
        }),
      )
      .thenFails('DUPLICATE_ID');
    spec(planned)
      .when(
        amendV2({
          goalsRevised: [
            { goalId: 'goal-mood', milestonesAdded: [{ milestoneId: 'ms-late', dueDate: '2025-07-01' }] },
          ],
        }),
      )
      .thenFails('MILESTONE_OUT_OF_RANGE');
  });
});
