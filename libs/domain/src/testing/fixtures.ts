/**
 * Shared given/when/then material for the case slices' unit tests: a fixed
 * clock, one client's story so far, and the given lists most tests start from.
 */
import { caseDecider } from '../cases/case-decider';
import type { PlanAmended } from '../cases/amending-plan/plan-amended.event';
import type { NeedAssessed } from '../cases/assessing-needs/need-assessed.event';
import type { ClientEngaged } from '../cases/engaging-client/client-engaged.event';
import type { ReferralMade } from '../cases/making-referral/referral-made.event';
import type { ContactRecorded } from '../cases/recording-contact/contact-recorded.event';
import type { CaseTerminated } from '../cases/terminating-case/case-terminated.event';
import type { CommandMetadata } from '../shared/metadata';
import { specFor } from '../shared/testing';

export const spec = specFor(caseDecider);

export const CASE_ID = 'case-0001';
export const CASE_MANAGER_ID = 'cm-ana';
export const OTHER_CASE_MANAGER_ID = 'cm-ben';

/** The fixed "now": every command in the tests is recorded at this instant. */
export const NOW = '2025-03-10T10:00:00.000Z';
export const TODAY = '2025-03-10';
export const TOMORROW = '2025-03-11';

export const metadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  recordedAt: NOW,
  actor: { id: CASE_MANAGER_ID, role: 'case_manager' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  ...overrides,
});

export const ENGAGED_AT = '2025-03-01T09:00:00.000Z';
export const ASSESSED_AT = '2025-03-03T14:00:00.000Z';
export const PLANNED_AT = '2025-03-05T11:00:00.000Z';

export const clientEngaged: ClientEngaged = {
  type: 'ClientEngaged',
  occurredAt: ENGAGED_AT,
  data: {
    caseNumber: 'CT-2025-0001',
    programId: 'prog-housing-first',
    teamId: 'team-north',
    caseManagerId: CASE_MANAGER_ID,
    referralSource: 'hospital',
    consent: { toServices: true, toInformationSharing: true, sharingWith: ['org-housing-authority'] },
  },
  pii: {
    client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
    presentingConcerns: 'Discharged from hospital without stable housing.',
  },
};

export const needAssessed: NeedAssessed = {
  type: 'NeedAssessed',
  occurredAt: ASSESSED_AT,
  data: {
    assessmentId: 'asmt-1',
    kind: 'initial',
    needs: [
      { needId: 'need-housing', domain: 'housing', severity: 'high' },
      { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
    ],
    strengths: [{ strengthId: 'str-family', domain: 'family_support' }],
    scores: [{ tool: 'PHQ-9', score: 14, maxScore: 27 }],
  },
  pii: { summary: 'Sleeping at a friend’s; low mood since discharge.', descriptions: {} },
};

export const planAmended: PlanAmended = {
  type: 'PlanAmended',
  occurredAt: PLANNED_AT,
  data: {
    amendmentNumber: 1,
    goalsAdded: [
      {
        goalId: 'goal-housing',
        domain: 'housing',
        needIds: ['need-housing'],
        target: { metric: 'consecutive nights in own tenancy', value: 30, unit: 'nights' },
        dueDate: '2025-06-30',
        milestones: [{ milestoneId: 'ms-voucher', dueDate: '2025-04-15' }],
      },
      {
        goalId: 'goal-mood',
        domain: 'mental_health',
        needIds: ['need-mood'],
        target: { metric: 'PHQ-9 score at most', value: 9, unit: 'points' },
        dueDate: '2025-05-31',
        milestones: [],
      },
    ],
    goalsRevised: [],
    goalsDropped: [],
    services: [{ serviceType: 'housing_voucher', providerId: 'prov-housing', goalIds: ['goal-housing'] }],
    nextReviewDate: '2025-04-10',
  },
  pii: { reason: 'Initial plan agreed with the client', descriptions: {} },
};

export const referralMade = (
  referralId = 'ref-voucher',
  overrides: Partial<ReferralMade['data']> = {},
): ReferralMade => ({
  type: 'ReferralMade',
  occurredAt: '2025-03-06T10:00:00.000Z',
  data: {
    referralId,
    providerId: 'prov-housing',
    serviceType: 'housing_voucher',
    goalIds: ['goal-housing'],
    replacesReferralId: null,
    ...overrides,
  },
  pii: { note: '' },
});

export const contactRecorded: ContactRecorded = {
  type: 'ContactRecorded',
  occurredAt: '2025-03-07T15:30:00.000Z',
  data: {
    contactId: 'contact-1',
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
  },
  pii: { summary: 'Visited the client at her friend’s flat.' },
};

export const caseTerminated: CaseTerminated = {
  type: 'CaseTerminated',
  occurredAt: '2025-03-09T16:00:00.000Z',
  data: {
    reason: 'client_moved',
    goalOutcomes: [
      { goalId: 'goal-housing', outcome: 'not_achieved' },
      { goalId: 'goal-mood', outcome: 'partially_achieved' },
    ],
    ongoingSupports: [],
  },
  pii: { summary: 'Client moved to another county.' },
};

/** Given lists, each one step further along the process. */
export const engaged = [clientEngaged] as const;
export const assessed = [...engaged, needAssessed] as const;
export const planned = [...assessed, planAmended] as const;
export const closed = [...planned, caseTerminated] as const;
