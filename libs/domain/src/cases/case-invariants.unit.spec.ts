import { closed, CASE_ID, metadata, planned, spec } from '../testing/fixtures';
import type { CaseCommand } from './case-decider';

/** One valid command of every type that acts on an existing case. */
const commands: readonly Exclude<CaseCommand, { type: 'EngageClient' | 'ReopenCase' }>[] = [
  { type: 'AssignCase', caseId: CASE_ID, data: { caseManagerId: 'cm-ben' }, metadata: metadata() },
  {
    type: 'TransferCase',
    caseId: CASE_ID,
    data: { toCaseManagerId: 'cm-ben', reason: 'Caseload' },
    metadata: metadata(),
  },
  {
    type: 'AssessNeeds',
    caseId: CASE_ID,
    data: {
      assessmentId: 'asmt-9',
      needs: [{ needId: 'need-9', domain: 'legal', severity: 'low' }],
      strengths: [],
      summary: 'Fine',
    },
    metadata: metadata(),
  },
  {
    type: 'AmendPlan',
    caseId: CASE_ID,
    data: { nextReviewDate: '2025-04-30', reason: 'Later review' },
    metadata: metadata(),
  },
  {
    type: 'MakeReferral',
    caseId: CASE_ID,
    data: { referralId: 'ref-9', providerId: 'prov-food', serviceType: 'food_assistance' },
    metadata: metadata(),
  },
  {
    type: 'ChangeReferralStatus',
    caseId: CASE_ID,
    data: { referralId: 'ref-9', status: 'accepted' },
    metadata: metadata(),
  },
  {
    type: 'RecordContact',
    caseId: CASE_ID,
    data: {
      contactId: 'contact-9',
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: 'Called',
      happenedAt: '2025-03-10T09:00:00.000Z',
    },
    metadata: metadata(),
  },
  {
    type: 'CorrectCaseNote',
    caseId: CASE_ID,
    data: {
      correctionId: 'corr-9',
      contactId: 'contact-9',
      correctedSummary: 'Called twice',
      reason: 'Typo',
    },
    metadata: metadata(),
  },
  {
    type: 'RecordGoalProgress',
    caseId: CASE_ID,
    data: { goalId: 'goal-mood', progress: 'in_progress' },
    metadata: metadata(),
  },
  { type: 'AchieveGoal', caseId: CASE_ID, data: { goalId: 'goal-mood' }, metadata: metadata() },
  {
    type: 'RecordAdvocacyAction',
    caseId: CASE_ID,
    data: {
      actionId: 'adv-9',
      actionType: 'letter',
      targetOrganisation: 'Landlord',
      outcome: 'pending',
      summary: 'Wrote',
    },
    metadata: metadata(),
  },
  {
    type: 'ReviewCase',
    caseId: CASE_ID,
    data: {
      reviewId: 'rev-9',
      goalReviews: [
        { goalId: 'goal-housing', progress: 'in_progress' },
        { goalId: 'goal-mood', progress: 'in_progress' },
      ],
      nextReviewDate: '2025-04-30',
      summary: 'On track',
    },
    metadata: metadata(),
  },
  {
    type: 'TerminateCase',
    caseId: CASE_ID,
    data: { reason: 'client_withdrew', goalOutcomes: [], summary: 'Withdrew' },
    metadata: metadata(),
  },
];

describe('every command on an existing case', () => {
  it.each(commands.map((command) => [command.type, command] as const))(
    '%s needs the case to exist',
    (_type, command) => {
      spec([]).when(command).thenFails('CASE_NOT_FOUND');
    },
  );

  it.each(commands.map((command) => [command.type, command] as const))(
    '%s is refused on a closed case',
    (_type, command) => {
      spec(closed).when(command).thenFails('CASE_CLOSED');
    },
  );

  it('checks existence before anything else, reopening included', () => {
    spec([])
      .when({ type: 'ReopenCase', caseId: CASE_ID, data: { reason: 'Back' }, metadata: metadata() })
      .thenFails('CASE_NOT_FOUND');
  });

  it('refuses a clock that is not an instant', () => {
    spec(planned)
      .when({ ...commands[0]!, metadata: metadata({ recordedAt: 'now' }) })
      .thenFails('INVALID_TIMESTAMP');
  });
});
