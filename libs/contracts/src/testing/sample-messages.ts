/**
 * One realistic event of every type, typed by the domain's own event types (so a
 * missing type or a wrong field fails to compile), and the messages that carry them.
 */
import { CASE_EVENT_SCHEMA_VERSION, type CaseEvent, type CaseEventType } from '@casetrail/domain';
import {
  caseTerminated,
  clientEngaged,
  contactRecorded,
  needAssessed,
  planAmended,
  referralMade,
} from '@casetrail/domain/testing/fixtures';
import type { CaseEventMessage } from '../case-event-message';

type EventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

export const SAMPLE_EVENTS: { readonly [K in CaseEventType]: EventOf<K> } = {
  ClientEngaged: clientEngaged,
  CaseAssigned: {
    type: 'CaseAssigned',
    occurredAt: '2025-03-01T09:30:00.000Z',
    data: { caseManagerId: 'cm-ana' },
    pii: {},
  },
  CaseTransferred: {
    type: 'CaseTransferred',
    occurredAt: '2025-03-20T08:15:00+01:00',
    data: { fromCaseManagerId: 'cm-ana', toCaseManagerId: 'cm-ben' },
    pii: { reason: 'Ana goes on parental leave; Ben covers the north team.' },
  },
  NeedAssessed: {
    ...needAssessed,
    pii: { ...needAssessed.pii, descriptions: { 'need-housing': 'Sofa-surfing since March.' } },
  },
  PlanAmended: {
    ...planAmended,
    data: {
      ...planAmended.data,
      amendmentNumber: 2,
      goalsRevised: [
        { goalId: 'goal-mood', dueDate: '2025-07-31' },
        { goalId: 'goal-housing', target: { metric: 'nights in own tenancy', value: 60, unit: 'nights' } },
      ],
      goalsDropped: ['goal-old'],
    },
  },
  ReferralMade: referralMade('ref-voucher', { replacesReferralId: 'ref-declined' }),
  ReferralStatusChanged: {
    type: 'ReferralStatusChanged',
    occurredAt: '2025-03-12T13:00:00.000Z',
    data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
    pii: { note: 'Housing authority confirmed by phone.' },
  },
  ContactRecorded: {
    ...contactRecorded,
    data: {
      ...contactRecorded.data,
      participants: [
        { kind: 'client' },
        { kind: 'professional', id: 'prov-housing', role: 'housing officer' },
      ],
    },
  },
  CaseNoteCorrected: {
    type: 'CaseNoteCorrected',
    occurredAt: '2025-03-08T09:00:00.000Z',
    data: { correctionId: 'corr-1', correctsContactId: 'contact-1' },
    pii: { correctedSummary: 'Visited the client at her sister’s flat.', reason: 'Wrong relative named.' },
  },
  GoalProgressRecorded: {
    type: 'GoalProgressRecorded',
    occurredAt: '2025-04-10T10:00:00.000Z',
    data: { goalId: 'goal-mood', progress: 'in_progress', measuredValue: 11 },
    pii: { note: 'PHQ-9 down from 14.' },
  },
  GoalAchieved: {
    type: 'GoalAchieved',
    occurredAt: '2025-05-20T10:00:00.000Z',
    data: { goalId: 'goal-mood', measuredValue: null },
    pii: { note: '' },
  },
  AdvocacyActionRecorded: {
    type: 'AdvocacyActionRecorded',
    occurredAt: '2025-03-14T11:00:00.000Z',
    data: {
      actionId: 'adv-1',
      actionType: 'benefit_appeal',
      targetOrganisation: 'org-benefits-office',
      outcome: 'pending',
      goalIds: ['goal-housing'],
    },
    pii: { summary: 'Appealed the housing benefit refusal.' },
  },
  CaseReviewed: {
    type: 'CaseReviewed',
    occurredAt: '2025-04-10T15:00:00.000Z',
    data: {
      reviewId: 'review-1',
      goalReviews: [
        { goalId: 'goal-housing', progress: 'stalled' },
        { goalId: 'goal-mood', progress: 'partially_met' },
      ],
      nextReviewDate: '2025-05-10',
    },
    pii: { summary: 'Voucher delayed; mood improving.' },
  },
  CaseTerminated: {
    ...caseTerminated,
    data: {
      ...caseTerminated.data,
      ongoingSupports: [
        { serviceType: 'counseling', providerId: 'prov-counsel' },
        { serviceType: 'benefits' },
      ],
    },
  },
  CaseReopened: {
    type: 'CaseReopened',
    occurredAt: '2025-09-01T09:00:00.000Z',
    data: { caseManagerId: null },
    pii: { reason: 'Client returned to the county and asked for support.' },
  },
};

export const SAMPLE_EVENT_LIST: readonly CaseEvent[] = Object.values(SAMPLE_EVENTS);

/** The message a sample event travels in, as a consumer parses it off the wire. */
export const sampleMessage = (event: CaseEvent, streamVersion = 1): CaseEventMessage =>
  JSON.parse(
    JSON.stringify({
      envelopeVersion: 1,
      eventId: `00000000-0000-4000-8000-${String(streamVersion).padStart(12, '0')}`,
      type: event.type,
      schemaVersion: CASE_EVENT_SCHEMA_VERSION[event.type],
      caseId: 'case-0001',
      streamVersion,
      globalPosition: 100 + streamVersion,
      occurredAt: event.occurredAt,
      recordedAt: '2025-03-10T10:00:00.000Z',
      actor: { id: 'cm-ana', role: 'case_manager' },
      correlationId: 'corr-1',
      causationId: 'cause-1',
      data: event.data,
      pii: event.pii,
    } satisfies CaseEventMessage),
  ) as CaseEventMessage;
