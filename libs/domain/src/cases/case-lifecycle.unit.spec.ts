import { CASE_ID, metadata, planAmended } from '../testing/fixtures';
import { stored } from '../testing/history';
import { foldCase } from './effective-history';
import { caseDecider, type CaseCommand } from './case-decider';
import type { CaseEvent } from './case-events';
import type { CaseState } from './case-state';

type Step = {
  readonly [T in CaseCommand['type']]: Omit<Extract<CaseCommand, { type: T }>, 'caseId' | 'metadata'>;
}[CaseCommand['type']];

/** Decides each step on the state folded from everything decided before it, as the API would. */
const run = (steps: readonly (readonly [recordedAt: string, step: Step])[]) =>
  steps.reduce<{ state: CaseState; history: readonly CaseEvent[] }>(
    ({ state, history }, [recordedAt, step]) => {
      const events = caseDecider.decide(
        { ...step, caseId: CASE_ID, metadata: metadata({ recordedAt }) },
        state,
      );
      return { state: events.reduce(caseDecider.evolve, state), history: [...history, ...events] };
    },
    { state: caseDecider.initialState, history: [] },
  );

const transportGoal = {
  goalId: 'goal-transport',
  domain: 'physical_health',
  needIds: ['need-mood'],
  target: { metric: 'counseling sessions attended', value: 4, unit: 'sessions' },
  dueDate: '2025-04-30',
  milestones: [],
} as const;

describe('a case from engagement to reopening', () => {
  const { state, history } = run([
    [
      '2025-03-01T09:30:00.000Z',
      {
        type: 'EngageClient',
        data: {
          clientId: 'client-maria',
          caseNumber: 'CT-2025-0001',
          programId: 'prog-housing-first',
          teamId: 'team-north',
          caseManagerId: null,
          referralSource: 'hospital',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
          presentingConcerns: 'Discharged without housing.',
          engagedAt: '2025-03-01T09:00:00.000Z',
        },
      },
    ],
    ['2025-03-01T10:00:00.000Z', { type: 'AssignCase', data: { caseManagerId: 'cm-ana' } }],
    [
      '2025-03-03T16:00:00.000Z',
      {
        type: 'AssessNeeds',
        data: {
          assessmentId: 'asmt-1',
          needs: [
            { needId: 'need-housing', domain: 'housing', severity: 'high' },
            { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
          ],
          strengths: [{ strengthId: 'str-family', domain: 'family_support' }],
          scores: [{ tool: 'PHQ-9', score: 14, maxScore: 27 }],
          summary: 'Sleeping at a friend’s.',
          assessedAt: '2025-03-03T14:00:00.000Z',
        },
      },
    ],
    [
      '2025-03-05T11:00:00.000Z',
      {
        type: 'AmendPlan',
        data: {
          goalsAdded: planAmended.data.goalsAdded,
          services: planAmended.data.services,
          nextReviewDate: '2025-04-10',
          reason: 'Initial plan agreed with the client',
        },
      },
    ],
    [
      '2025-03-06T10:00:00.000Z',
      {
        type: 'MakeReferral',
        data: {
          referralId: 'ref-voucher',
          providerId: 'prov-housing',
          serviceType: 'housing_voucher',
          goalIds: ['goal-housing'],
        },
      },
    ],
    [
      '2025-03-08T09:00:00.000Z',
      {
        type: 'ChangeReferralStatus',
        data: { referralId: 'ref-voucher', status: 'declined', note: 'No capacity' },
      },
    ],
    [
      '2025-03-08T09:30:00.000Z',
      {
        type: 'MakeReferral',
        data: {
          referralId: 'ref-voucher-2',
          providerId: 'prov-housing-2',
          serviceType: 'housing_voucher',
          goalIds: ['goal-housing'],
          replacesReferralId: 'ref-voucher',
        },
      },
    ],
    // The home visit of the 7th is written up on the 10th: it happened before it was recorded.
    [
      '2025-03-10T08:00:00.000Z',
      {
        type: 'RecordContact',
        data: {
          contactId: 'contact-1',
          contactType: 'home_visit',
          participants: [{ kind: 'client' }],
          durationMinutes: 45,
          summary: 'Visited the client at her friend’s flat.',
          happenedAt: '2025-03-07T15:30:00.000Z',
        },
      },
    ],
    [
      '2025-03-10T09:00:00.000Z',
      { type: 'ChangeReferralStatus', data: { referralId: 'ref-voucher-2', status: 'accepted' } },
    ],
    [
      '2025-03-11T08:00:00.000Z',
      {
        type: 'CorrectCaseNote',
        data: {
          correctionId: 'corr-1',
          contactId: 'contact-1',
          correctedSummary: 'Visited the client at her sister’s flat.',
          reason: 'Wrong relative recorded',
        },
      },
    ],
    [
      '2025-03-12T12:00:00.000Z',
      {
        type: 'RecordContact',
        data: {
          contactId: 'contact-2',
          contactType: 'phone_call',
          participants: [{ kind: 'professional', id: 'prov-housing-2', role: 'housing officer' }],
          summary: 'Viewing booked for the 20th.',
          happenedAt: '2025-03-12T11:00:00.000Z',
        },
      },
    ],
    // A late note about an earlier call must not make the last contact older.
    [
      '2025-03-13T08:00:00.000Z',
      {
        type: 'RecordContact',
        data: {
          contactId: 'contact-0',
          contactType: 'phone_call',
          participants: [{ kind: 'client' }],
          summary: 'Client called to confirm the assessment.',
          happenedAt: '2025-03-02T10:00:00.000Z',
        },
      },
    ],
    [
      '2025-03-20T17:00:00.000Z',
      { type: 'ChangeReferralStatus', data: { referralId: 'ref-voucher-2', status: 'service_started' } },
    ],
    [
      '2025-03-20T17:30:00.000Z',
      { type: 'RecordGoalProgress', data: { goalId: 'goal-mood', progress: 'stalled', measuredValue: 13 } },
    ],
    [
      '2025-03-21T10:00:00.000Z',
      {
        type: 'AmendPlan',
        data: {
          goalsAdded: [transportGoal],
          services: [{ serviceType: 'transportation', goalIds: ['goal-transport', 'goal-mood'] }],
          nextReviewDate: '2025-04-10',
          reason: 'Counseling missed for lack of transport',
        },
      },
    ],
    [
      '2025-03-21T10:30:00.000Z',
      {
        type: 'MakeReferral',
        data: {
          referralId: 'ref-bus',
          providerId: 'prov-transit',
          serviceType: 'transportation',
          goalIds: ['goal-transport'],
        },
      },
    ],
    [
      '2025-03-25T09:00:00.000Z',
      { type: 'TransferCase', data: { toCaseManagerId: 'cm-ben', reason: 'Ana on leave' } },
    ],
    [
      '2025-03-28T15:00:00.000Z',
      {
        type: 'RecordAdvocacyAction',
        data: {
          actionId: 'adv-1',
          actionType: 'benefit_appeal',
          targetOrganisation: 'County benefits office',
          outcome: 'successful',
          goalIds: ['goal-housing'],
          summary: 'Housing benefit appeal upheld.',
        },
      },
    ],
    [
      '2025-04-10T11:00:00.000Z',
      {
        type: 'AssessNeeds',
        data: {
          assessmentId: 'asmt-2',
          needs: [
            { needId: 'need-housing', domain: 'housing', severity: 'low' },
            { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
          ],
          strengths: [],
          scores: [{ tool: 'PHQ-9', score: 10, maxScore: 27 }],
          summary: 'Housed; mood improving.',
        },
      },
    ],
    [
      '2025-04-10T12:00:00.000Z',
      {
        type: 'ReviewCase',
        data: {
          reviewId: 'rev-1',
          goalReviews: [
            { goalId: 'goal-housing', progress: 'partially_met' },
            { goalId: 'goal-mood', progress: 'in_progress' },
            { goalId: 'goal-transport', progress: 'in_progress' },
          ],
          nextReviewDate: '2025-05-10',
          summary: 'Tenancy started on the 1st; attending counseling.',
        },
      },
    ],
    [
      '2025-04-28T10:00:00.000Z',
      {
        type: 'AchieveGoal',
        data: { goalId: 'goal-mood', measuredValue: 8, occurredAt: '2025-04-25T10:00:00.000Z' },
      },
    ],
    [
      '2025-05-01T10:00:00.000Z',
      { type: 'ChangeReferralStatus', data: { referralId: 'ref-voucher-2', status: 'completed' } },
    ],
    [
      '2025-05-05T10:00:00.000Z',
      {
        type: 'TerminateCase',
        data: {
          reason: 'goals_met',
          goalOutcomes: [
            { goalId: 'goal-housing', outcome: 'achieved' },
            { goalId: 'goal-transport', outcome: 'partially_achieved' },
          ],
          ongoingSupports: [{ serviceType: 'counseling', providerId: 'prov-mind' }],
          summary: 'Housed for 30 nights; counseling continues.',
        },
      },
    ],
    ['2025-06-01T09:00:00.000Z', { type: 'ReopenCase', data: { reason: 'Tenancy at risk after job loss' } }],
  ]);

  it('records every step as its event, in order', () => {
    expect(history.map((event) => event.type)).toEqual([
      'ClientEngaged',
      'CaseAssigned',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
      'ReferralStatusChanged',
      'ReferralMade',
      'ContactRecorded',
      'ReferralStatusChanged',
      'CaseNoteCorrected',
      'ContactRecorded',
      'ContactRecorded',
      'ReferralStatusChanged',
      'GoalProgressRecorded',
      'PlanAmended',
      'ReferralMade',
      'CaseTransferred',
      'AdvocacyActionRecorded',
      'NeedAssessed',
      'CaseReviewed',
      'GoalAchieved',
      'ReferralStatusChanged',
      'CaseTerminated',
      'CaseReopened',
    ]);
    expect(history.filter((event) => event.type === 'NeedAssessed').map((event) => event.data.kind)).toEqual([
      'initial',
      'reassessment',
    ]);
  });

  it('ends as a reopened case that remembers its whole history', () => {
    expect(state).toEqual({
      // Nothing was scheduled on this case.
      appointments: {},
      tasks: {},
      status: 'open',
      caseNumber: 'CT-2025-0001',
      programId: 'prog-housing-first',
      teamId: 'team-north',
      caseManagerId: 'cm-ben',
      clientId: 'client-maria',
      engagedAt: '2025-03-01T09:00:00.000Z',
      assessments: {
        count: 2,
        latestAssessmentId: 'asmt-2',
        latestAssessedAt: '2025-04-10T11:00:00.000Z',
        needs: {
          'need-housing': { domain: 'housing', category: 'housing', severity: 'low', assessmentId: 'asmt-2' },
          'need-mood': {
            domain: 'mental_health',
            category: 'mental_health',
            severity: 'moderate',
            assessmentId: 'asmt-2',
          },
        },
        highestSeverity: 'moderate',
      },
      plan: {
        amendmentNumber: 2,
        amendedAt: '2025-03-21T10:00:00.000Z',
        nextReviewDate: '2025-05-10',
        goals: {
          'goal-housing': {
            status: 'achieved',
            domain: 'housing',
            category: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'consecutive nights in own tenancy', value: 30, unit: 'nights' },
            dueDate: '2025-06-30',
            milestones: [{ milestoneId: 'ms-voucher', dueDate: '2025-04-15' }],
            progress: 'partially_met',
            measuredValue: null,
            achievedAt: '2025-05-05T10:00:00.000Z',
          },
          'goal-mood': {
            status: 'achieved',
            domain: 'mental_health',
            category: 'mental_health',
            needIds: ['need-mood'],
            target: { metric: 'PHQ-9 score at most', value: 9, unit: 'points' },
            dueDate: '2025-05-31',
            milestones: [],
            progress: 'in_progress',
            measuredValue: 8,
            achievedAt: '2025-04-25T10:00:00.000Z',
          },
          'goal-transport': {
            status: 'open',
            domain: 'physical_health',
            category: 'physical_health',
            needIds: ['need-mood'],
            target: { metric: 'counseling sessions attended', value: 4, unit: 'sessions' },
            dueDate: '2025-04-30',
            milestones: [],
            progress: 'in_progress',
            measuredValue: null,
            achievedAt: null,
          },
        },
      },
      referrals: {
        'ref-voucher': {
          status: 'declined',
          serviceType: 'housing_voucher',
          serviceCategory: 'housing',
          providerId: 'prov-housing',
          goalIds: ['goal-housing'],
          madeAt: '2025-03-06T10:00:00.000Z',
          replacesReferralId: null,
          replacedByReferralId: 'ref-voucher-2',
        },
        'ref-voucher-2': {
          status: 'completed',
          serviceType: 'housing_voucher',
          serviceCategory: 'housing',
          providerId: 'prov-housing-2',
          goalIds: ['goal-housing'],
          madeAt: '2025-03-08T09:30:00.000Z',
          replacesReferralId: 'ref-voucher',
          replacedByReferralId: null,
        },
        'ref-bus': {
          // Open when the case closed, so it closed with it: a reopening does not reopen it.
          disposition: 'closed_at_termination',
          status: 'made',
          serviceType: 'transportation',
          serviceCategory: 'services_referrals',
          providerId: 'prov-transit',
          goalIds: ['goal-transport'],
          madeAt: '2025-03-21T10:30:00.000Z',
          replacesReferralId: null,
          replacedByReferralId: null,
        },
      },
      contacts: {
        'contact-1': { contactType: 'home_visit', happenedAt: '2025-03-07T15:30:00.000Z', corrections: 1 },
        'contact-2': { contactType: 'phone_call', happenedAt: '2025-03-12T11:00:00.000Z', corrections: 0 },
        'contact-0': { contactType: 'phone_call', happenedAt: '2025-03-02T10:00:00.000Z', corrections: 0 },
      },
      lastContactAt: '2025-03-12T11:00:00.000Z',
      reviewCount: 1,
      lastReviewedAt: '2025-04-10T12:00:00.000Z',
      advocacyActionCount: 1,
      closing: null,
      consents: {},
      reopenedCount: 1,
      erasure: null,
      household: {},
      safetyFlags: {},
      communication: null,
      // The ledger's own tests (entry-ledger.unit.spec.ts) say what it holds.
      ledger: expect.objectContaining({ entries: {}, voided: {} }),
    });
  });

  it('keeps the closing while closed, and the state stays plain JSON', () => {
    const closedState = history.slice(0, -1).reduce(caseDecider.evolve, caseDecider.initialState);
    expect(closedState).toMatchObject({
      status: 'closed',
      closing: {
        reason: 'goals_met',
        closedAt: '2025-05-05T10:00:00.000Z',
        goalOutcomes: { 'goal-housing': 'achieved', 'goal-transport': 'partially_achieved' },
      },
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('folds to the same state when every event’s client data is sealed (evolve never reads pii)', () => {
    // What the store hands back: pii as an opaque sealed value the domain holds no key for.
    const sealedLooking = { sealed: 1, alg: 'A256GCM', kid: 'client/x', iv: '..', ct: '..' };
    const plaintext = stored(...history);
    const sealed = plaintext.map((event) => ({ ...event, pii: sealedLooking }) as unknown as typeof event);
    expect(sealed.every((event) => JSON.stringify(event).includes('Maria') === false)).toBe(true);
    expect(foldCase(sealed)).toEqual(foldCase(plaintext));
    expect(JSON.stringify(foldCase(plaintext))).not.toMatch(/Maria|Lopez|Discharged/);
  });
});
