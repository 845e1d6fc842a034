import { DomainError } from '../shared/errors';
import {
  CASE_ID,
  caseReopened,
  caseTerminated,
  closed,
  metadata,
  PLANNED_AT,
  planned,
  referralMade,
  spec,
  assessed,
  housingGoal,
} from '../testing/fixtures';
import { decide } from './case-decider';
import type { CaseEvent } from './case-events';
import type { CaseState } from './case-state';
import { caseDecider } from './case-decider';
import { fold } from '../shared/decider';

/** Issue #9: every entry happens at or after what it depends on; the error names both dates. */
const BEFORE_PLAN = '2025-03-04T12:00:00.000Z';
const REFERRED_AT = '2025-03-06T10:00:00.000Z';

const withReferral = [...planned, referralMade()];
const accepted: CaseEvent = {
  type: 'ReferralStatusChanged',
  occurredAt: '2025-03-08T10:00:00.000Z',
  data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
  pii: { note: '' },
};

const changeStatus = (occurredAt: string, status: 'accepted' | 'service_started' = 'accepted') =>
  ({
    type: 'ChangeReferralStatus',
    caseId: CASE_ID,
    data: { referralId: 'ref-voucher', status, occurredAt },
    metadata: metadata(),
  }) as const;

const progress = (occurredAt: string) =>
  ({
    type: 'RecordGoalProgress',
    caseId: CASE_ID,
    data: { goalId: 'goal-mood', progress: 'in_progress', occurredAt },
    metadata: metadata(),
  }) as const;

const achieve = (occurredAt: string) =>
  ({
    type: 'AchieveGoal',
    caseId: CASE_ID,
    data: { goalId: 'goal-mood', occurredAt },
    metadata: metadata(),
  }) as const;

const firstPlan = (occurredAt: string) =>
  ({
    type: 'AmendPlan',
    caseId: CASE_ID,
    data: {
      goalsAdded: [housingGoal],
      nextReviewDate: '2025-04-10',
      reason: 'Initial plan',
      occurredAt,
    },
    metadata: metadata(),
  }) as const;

const refer = (occurredAt: string) =>
  ({
    type: 'MakeReferral',
    caseId: CASE_ID,
    data: {
      referralId: 'ref-2',
      providerId: 'prov-housing',
      serviceType: 'housing_voucher',
      goalIds: ['goal-housing'],
      occurredAt,
    },
    metadata: metadata(),
  }) as const;

const reopen = (occurredAt: string) =>
  ({
    type: 'ReopenCase',
    caseId: CASE_ID,
    data: { reason: 'Back again', occurredAt },
    metadata: metadata(),
  }) as const;

const terminate = (occurredAt: string) =>
  ({
    type: 'TerminateCase',
    caseId: CASE_ID,
    data: {
      reason: 'client_moved',
      goalOutcomes: caseTerminated.data.goalOutcomes,
      summary: 'Moved',
      occurredAt,
    },
    metadata: metadata(),
  }) as const;

const review = (occurredAt: string) =>
  ({
    type: 'ReviewCase',
    caseId: CASE_ID,
    data: {
      reviewId: 'review-1',
      goalReviews: [
        { goalId: 'goal-housing', progress: 'stalled' },
        { goalId: 'goal-mood', progress: 'in_progress' },
      ],
      nextReviewDate: '2025-05-10',
      summary: 'Review',
      occurredAt,
    },
    metadata: metadata(),
  }) as const;

describe('dependency dates (given/when/then)', () => {
  it('keeps OCCURRED_BEFORE_ENGAGEMENT for anything dated before the engagement', () => {
    spec(withReferral).when(changeStatus('2025-02-28T10:00:00.000Z')).thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  describe('a referral before its status changes, and status changes in order', () => {
    it('refuses a status change dated before the referral was made', () => {
      spec(withReferral)
        .when(changeStatus('2025-03-05T12:00:00.000Z'))
        .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    });

    it('accepts one at the moment it was made or later', () => {
      spec(withReferral)
        .when(changeStatus(REFERRED_AT))
        .then([
          {
            type: 'ReferralStatusChanged',
            occurredAt: REFERRED_AT,
            data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
            pii: { note: '' },
          },
        ]);
    });

    it('refuses a status change dated before the previous one', () => {
      spec([...withReferral, accepted])
        .when(changeStatus('2025-03-07T10:00:00.000Z', 'service_started'))
        .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    });
  });

  describe('a goal set before its progress and achievement', () => {
    it('refuses progress dated before the amendment that set the goal', () => {
      spec(planned).when(progress(BEFORE_PLAN)).thenFails('OCCURRED_BEFORE_DEPENDENCY');
    });

    it('refuses an achievement dated before the goal was set', () => {
      spec(planned).when(achieve(BEFORE_PLAN)).thenFails('OCCURRED_BEFORE_DEPENDENCY');
    });

    it('accepts an achievement after it', () => {
      spec(planned)
        .when(achieve(PLANNED_AT))
        .then([
          {
            type: 'GoalAchieved',
            occurredAt: PLANNED_AT,
            data: { goalId: 'goal-mood', measuredValue: null },
            pii: { note: '' },
          },
        ]);
    });
  });

  it('refuses a plan dated before the assessment of the needs it cites', () => {
    spec(assessed).when(firstPlan('2025-03-02T12:00:00.000Z')).thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('refuses a plan amendment dated before the amendment it amends', () => {
    const amend = {
      type: 'AmendPlan',
      caseId: CASE_ID,
      data: {
        goalsDropped: ['goal-mood'],
        nextReviewDate: '2025-04-10',
        reason: 'Mood goal dropped',
        occurredAt: BEFORE_PLAN,
      },
      metadata: metadata(),
    } as const;
    spec(planned).when(amend).thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('refuses a referral dated before the goals it serves were set', () => {
    spec(planned).when(refer(BEFORE_PLAN)).thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('refuses a reopening dated before the closing it reopens', () => {
    spec(closed).when(reopen('2025-03-08T10:00:00.000Z')).thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('refuses a closing dated before the reopening that opened its episode', () => {
    const reopened = [...closed, { ...caseReopened, occurredAt: '2025-03-09T18:00:00.000Z' }];
    spec(reopened).when(terminate('2025-03-09T17:00:00.000Z')).thenFails('OCCURRED_BEFORE_DEPENDENCY');
    spec(reopened)
      .when(terminate('2025-03-09T19:00:00.000Z'))
      .then([
        {
          type: 'CaseTerminated',
          occurredAt: '2025-03-09T19:00:00.000Z',
          data: {
            reason: 'client_moved',
            goalOutcomes: caseTerminated.data.goalOutcomes,
            ongoingSupports: [],
            referralDispositions: [],
          },
          pii: { summary: 'Moved' },
        },
      ]);
  });

  it('refuses a review dated before the plan amendment it reviews', () => {
    spec(planned).when(review(BEFORE_PLAN)).thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('names the field, both dates and the entry depended on', () => {
    const state = fold<CaseEvent, CaseState>(caseDecider, withReferral);
    let caught: unknown;
    try {
      decide(changeStatus('2025-03-05T12:00:00.000Z'), state);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.details).toEqual({
      field: 'occurredAt',
      occurredAt: '2025-03-05T12:00:00.000Z',
      dependsOn: { entry: 'ReferralMade', occurredAt: REFERRED_AT },
    });
    expect(error.message).toContain('2025-03-05T12:00:00.000Z');
    expect(error.message).toContain(REFERRED_AT);
  });
});

describe('instants in UTC', () => {
  it('stores an occurredAt typed with an offset as the UTC instant it names', () => {
    spec(withReferral)
      .when(changeStatus('2025-03-07T09:01:00-05:00'))
      .then([
        {
          type: 'ReferralStatusChanged',
          occurredAt: '2025-03-07T14:01:00.000Z',
          data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
          pii: { note: '' },
        },
      ]);
  });

  it('compares instants, not text: an earlier instant with a later-looking offset is still earlier', () => {
    // 2025-03-06T05:30-05:00 is 10:30Z, after the referral (10:00Z); as text it sorts before it.
    spec(withReferral)
      .when(changeStatus('2025-03-06T05:30:00-05:00'))
      .then([
        {
          type: 'ReferralStatusChanged',
          occurredAt: '2025-03-06T10:30:00.000Z',
          data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
          pii: { note: '' },
        },
      ]);
  });
});

describe('late entry: due and review dates from the day it happened', () => {
  const DECEMBER = metadata({ recordedAt: '2025-12-02T10:00:00.000Z' });
  const juneMeeting = '2025-06-12T14:00:00.000Z';

  it('accepts a plan agreed on 12 June with its 31 August due date, entered in December', () => {
    const plan = {
      ...firstPlan(juneMeeting),
      data: {
        goalsAdded: [{ ...housingGoal, dueDate: '2025-08-31', milestones: [] }],
        nextReviewDate: '2025-07-12',
        reason: 'Initial plan',
        occurredAt: juneMeeting,
      },
      metadata: DECEMBER,
    } as const;
    spec(assessed)
      .when(plan)
      .then([
        {
          type: 'PlanAmended',
          occurredAt: juneMeeting,
          data: {
            amendmentNumber: 1,
            goalsAdded: [{ ...housingGoal, dueDate: '2025-08-31', milestones: [] }],
            goalsRevised: [],
            goalsDropped: [],
            services: [],
            nextReviewDate: '2025-07-12',
          },
          pii: { reason: 'Initial plan', descriptions: {} },
        },
      ]);
  });

  it('still refuses a due date on or before the day the plan was agreed', () => {
    const plan = {
      type: 'AmendPlan',
      caseId: CASE_ID,
      data: {
        goalsAdded: [{ ...housingGoal, dueDate: '2025-06-12', milestones: [] }],
        nextReviewDate: '2025-07-12',
        reason: 'Initial plan',
        occurredAt: juneMeeting,
      },
      metadata: DECEMBER,
    } as const;
    spec(assessed).when(plan).thenFails('GOAL_DUE_DATE_NOT_IN_FUTURE');
  });

  it('accepts a review held in April with its May next review date, entered later', () => {
    const late = {
      ...review('2025-04-10T15:00:00.000Z'),
      metadata: metadata({ recordedAt: '2025-06-01T10:00:00.000Z' }),
    };
    spec(planned)
      .when(late)
      .then([
        {
          type: 'CaseReviewed',
          occurredAt: '2025-04-10T15:00:00.000Z',
          data: {
            reviewId: 'review-1',
            goalReviews: late.data.goalReviews,
            goalMeasures: [],
            nextReviewDate: '2025-05-10',
          },
          pii: { summary: 'Review' },
        },
      ]);
  });

  it('counts the day in the agency’s zone: 23:30 in Chicago on 9 March is still 9 March there', () => {
    // 2025-03-10T04:30Z is 9 March, 23:30 in Chicago: a 10 March review date is after that day there.
    const chicago = metadata({ timeZone: 'America/Chicago' });
    const atNight = {
      ...review('2025-03-10T04:30:00.000Z'),
      data: { ...review('2025-03-10T04:30:00.000Z').data, nextReviewDate: '2025-03-10' },
      metadata: chicago,
    };
    spec(planned)
      .when(atNight)
      .then([
        {
          type: 'CaseReviewed',
          occurredAt: '2025-03-10T04:30:00.000Z',
          data: {
            reviewId: 'review-1',
            goalReviews: atNight.data.goalReviews,
            goalMeasures: [],
            nextReviewDate: '2025-03-10',
          },
          pii: { summary: 'Review' },
        },
      ]);
    spec(planned)
      .when({ ...atNight, metadata: metadata() })
      .thenFails('NEXT_REVIEW_DATE_NOT_IN_FUTURE');
  });
});
