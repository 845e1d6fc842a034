import {
  assessed,
  caseTerminated,
  goalAchieved,
  metadata,
  milestoneMet,
  NOW,
  planAmended,
  planned,
  spec,
} from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { MeetMilestone } from './meet-milestone.command';

const meet = (data: Partial<MeetMilestone['data']> = {}): MeetMilestone => ({
  type: 'MeetMilestone',
  caseId: 'case-1',
  data: { goalId: 'goal-housing', milestoneId: 'ms-voucher', note: 'Voucher issued.', ...data },
  metadata: metadata(),
});

describe('MeetMilestone', () => {
  it('records a goal’s milestone met, the note sealed as client data', () => {
    spec(planned)
      .when(meet())
      .then([
        {
          type: 'MilestoneMet',
          occurredAt: NOW,
          data: { goalId: 'goal-housing', milestoneId: 'ms-voucher' },
          pii: { note: 'Voucher issued.' },
        },
      ]);
  });

  it('records when it was met, and an empty note when none is given', () => {
    spec(planned)
      .when(meet({ metAt: '2025-03-08T15:00:00.000Z', note: undefined }))
      .then([{ ...milestoneMet, pii: { note: '' } }]);
  });

  it('names a goal of the plan and one of its milestones', () => {
    spec(assessed).when(meet()).thenFails('PLAN_REQUIRED');
    spec(planned)
      .when(meet({ goalId: 'goal-9' }))
      .thenFails('UNKNOWN_GOAL');
    spec(planned)
      .when(meet({ goalId: 'goal-mood' }))
      .thenFails('UNKNOWN_MILESTONE');
  });

  it('is met once', () => {
    spec([...planned, milestoneMet])
      .when(meet())
      .thenFails('MILESTONE_ALREADY_MET');
  });

  it('is refused once its goal is achieved or dropped, or the case closed', () => {
    spec([
      ...planned,
      {
        ...goalAchieved,
        occurredAt: '2025-03-07T10:00:00.000Z',
        data: { goalId: 'goal-housing', measuredValue: 30 },
      },
    ])
      .when(meet())
      .thenFails('GOAL_ALREADY_ACHIEVED');
    spec([
      ...planned,
      {
        ...planAmended,
        occurredAt: '2025-03-06T10:00:00.000Z',
        data: {
          ...planAmended.data,
          amendmentNumber: 2,
          goalsAdded: [],
          goalsDropped: ['goal-housing'],
          services: [],
        },
      },
    ])
      .when(meet())
      .thenFails('GOAL_DROPPED');
    spec([...planned, caseTerminated])
      .when(meet())
      .thenFails('CASE_CLOSED');
  });

  it('is met after its goal was set', () => {
    spec(planned)
      .when(meet({ metAt: '2025-03-04T10:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('shows in the goal’s milestones when it was met', () => {
    const state = [...planned, milestoneMet].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.plan?.goals['goal-housing']?.milestones).toEqual([
      { milestoneId: 'ms-voucher', dueDate: '2025-04-15', metAt: milestoneMet.occurredAt },
    ]);
  });
});
