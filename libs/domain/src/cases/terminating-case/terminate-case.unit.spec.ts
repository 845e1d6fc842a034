import type { GoalAchieved } from '../achieving-goal/goal-achieved.event';
import { CASE_ID, caseTerminated, engaged, metadata, planned, spec } from '../../testing/fixtures';
import type { TerminateCase } from './terminate-case.command';

const terminate = (data: Partial<TerminateCase['data']> = {}): TerminateCase => ({
  type: 'TerminateCase',
  caseId: CASE_ID,
  data: {
    reason: caseTerminated.data.reason,
    goalOutcomes: caseTerminated.data.goalOutcomes,
    summary: caseTerminated.pii.summary,
    occurredAt: caseTerminated.occurredAt,
    ...data,
  },
  metadata: metadata(),
});

const moodAchieved: GoalAchieved = {
  type: 'GoalAchieved',
  occurredAt: '2025-03-08T12:00:00.000Z',
  data: { goalId: 'goal-mood', measuredValue: 8 },
  pii: { note: '' },
};

describe('TerminateCase', () => {
  it('closes the case with a reason and an outcome per open goal', () => {
    spec(planned).when(terminate()).then([caseTerminated]);
  });

  it('needs no outcome for a goal already achieved, and records ongoing supports', () => {
    const goalOutcomes = [{ goalId: 'goal-housing', outcome: 'achieved' }] as const;
    const ongoingSupports = [{ serviceType: 'counseling', providerId: 'prov-mind' }] as const;
    spec([...planned, moodAchieved])
      .when(terminate({ reason: 'goals_met', goalOutcomes, ongoingSupports }))
      .then([
        {
          ...caseTerminated,
          data: {
            reason: 'goals_met',
            goalOutcomes,
            ongoingSupports: [{ ...ongoingSupports[0], serviceCategory: 'mental_health' }],
            referralDispositions: [],
          },
        },
      ]);
  });

  it('closes a case without a plan with no outcomes', () => {
    spec(engaged)
      .when(terminate({ reason: 'lost_contact', goalOutcomes: [] }))
      .then([
        {
          ...caseTerminated,
          data: { reason: 'lost_contact', goalOutcomes: [], ongoingSupports: [], referralDispositions: [] },
        },
      ]);
  });

  it('gives an outcome for every open goal', () => {
    spec(planned)
      .when(terminate({ goalOutcomes: [{ goalId: 'goal-housing', outcome: 'not_achieved' }] }))
      .thenFails('GOAL_OUTCOME_MISSING');
  });

  it('gives outcomes only for goals of the plan', () => {
    spec(planned)
      .when(
        terminate({
          goalOutcomes: [...caseTerminated.data.goalOutcomes, { goalId: 'goal-x', outcome: 'achieved' }],
        }),
      )
      .thenFails('UNKNOWN_GOAL');
  });

  it('gives one outcome per goal', () => {
    spec(planned)
      .when(
        terminate({
          goalOutcomes: [...caseTerminated.data.goalOutcomes, { goalId: 'goal-mood', outcome: 'achieved' }],
        }),
      )
      .thenFails('DUPLICATE_ID');
  });

  it('gives a known closing reason', () => {
    spec(planned)
      .when(terminate({ reason: 'bored' }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('needs a summary', () => {
    spec(planned)
      .when(terminate({ summary: '' }))
      .thenFails('SUMMARY_REQUIRED');
  });
});
