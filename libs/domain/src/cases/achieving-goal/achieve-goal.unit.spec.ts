import type { GoalAchieved } from './goal-achieved.event';
import { CASE_ID, engaged, metadata, NOW, planAmended, planned, spec } from '../../testing/fixtures';
import type { AchieveGoal } from './achieve-goal.command';

const achieve = (data: Partial<AchieveGoal['data']> = {}): AchieveGoal => ({
  type: 'AchieveGoal',
  caseId: CASE_ID,
  data: { goalId: 'goal-mood', measuredValue: 8, note: 'PHQ-9 at 8', ...data },
  metadata: metadata(),
});

const moodAchieved: GoalAchieved = {
  type: 'GoalAchieved',
  occurredAt: NOW,
  data: { goalId: 'goal-mood', measuredValue: 8 },
  pii: { note: '' },
};

const moodDropped = {
  ...planAmended,
  data: {
    ...planAmended.data,
    amendmentNumber: 2,
    goalsAdded: [],
    services: [],
    goalsDropped: ['goal-mood'],
  },
};

describe('AchieveGoal', () => {
  it('marks an open goal achieved', () => {
    spec(planned)
      .when(achieve())
      .then([
        {
          type: 'GoalAchieved',
          occurredAt: NOW,
          data: { goalId: 'goal-mood', measuredValue: 8 },
          pii: { note: 'PHQ-9 at 8' },
        },
      ]);
  });

  it('may leave the measurement out', () => {
    spec(planned)
      .when(achieve({ measuredValue: undefined, note: undefined }))
      .then([
        {
          type: 'GoalAchieved',
          occurredAt: NOW,
          data: { goalId: 'goal-mood', measuredValue: null },
          pii: { note: '' },
        },
      ]);
  });

  it('achieves a goal once', () => {
    spec([...planned, moodAchieved])
      .when(achieve())
      .thenFails('GOAL_ALREADY_ACHIEVED');
  });

  it('does not achieve a dropped goal', () => {
    spec([...planned, moodDropped])
      .when(achieve())
      .thenFails('GOAL_DROPPED');
  });

  it('is for goals of the plan', () => {
    spec(planned)
      .when(achieve({ goalId: 'goal-unknown' }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('needs a plan', () => {
    spec(engaged).when(achieve()).thenFails('PLAN_REQUIRED');
  });

  it('takes a finite measurement', () => {
    spec(planned)
      .when(achieve({ measuredValue: Number.NaN }))
      .thenFails('INVALID_MEASURED_VALUE');
  });
});
