import type { GoalAchieved } from '../achieving-goal/goal-achieved.event';
import { CASE_ID, engaged, metadata, NOW, planned, spec } from '../../testing/fixtures';
import type { RecordGoalProgress } from './record-goal-progress.command';

const recordProgress = (data: Partial<RecordGoalProgress['data']> = {}): RecordGoalProgress => ({
  type: 'RecordGoalProgress',
  caseId: CASE_ID,
  data: {
    goalId: 'goal-mood',
    progress: 'in_progress',
    measuredValue: 11,
    note: 'PHQ-9 down to 11',
    ...data,
  },
  metadata: metadata(),
});

const moodAchieved: GoalAchieved = {
  type: 'GoalAchieved',
  occurredAt: NOW,
  data: { goalId: 'goal-mood', measuredValue: 8 },
  pii: { note: '' },
};

describe('RecordGoalProgress', () => {
  it('records progress on an open goal', () => {
    spec(planned)
      .when(recordProgress())
      .then([
        {
          type: 'GoalProgressRecorded',
          occurredAt: NOW,
          data: { goalId: 'goal-mood', progress: 'in_progress', measuredValue: 11 },
          pii: { note: 'PHQ-9 down to 11' },
        },
      ]);
  });

  it('needs a plan', () => {
    spec(engaged).when(recordProgress()).thenFails('PLAN_REQUIRED');
  });

  it('is for goals of the plan', () => {
    spec(planned)
      .when(recordProgress({ goalId: 'goal-unknown' }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('leaves an achieved goal achieved', () => {
    spec([...planned, moodAchieved])
      .when(recordProgress({ progress: 'stalled' }))
      .thenFails('GOAL_ALREADY_ACHIEVED');
  });

  it('knows the progress levels', () => {
    spec(planned)
      .when(recordProgress({ progress: 'great' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('takes a finite measurement', () => {
    spec(planned)
      .when(recordProgress({ measuredValue: Number.POSITIVE_INFINITY }))
      .thenFails('INVALID_MEASURED_VALUE');
  });
});
