/**
 * The published example messages (`schemas/examples/<Type>.v<N>.example.json`): one full message
 * per event type and schema version, as a consumer reads it off its topic, built from the samples
 * the tests use so that an example cannot say what the code does not do. The generator writes them;
 * a test fails when the committed files differ.
 */
import {
  accessEvent,
  accessStreamId,
  ACCESS_EVENT_SCHEMA_VERSION,
  CASE_EVENT_TYPES,
  type CaseRecordsAccessed,
} from '@casetrail/domain';
import { CASE_ID, CASE_MANAGER, NOW } from '@casetrail/domain/testing';
import type { CaseEventMessage } from '../case-event-message';
import { eventExampleFile } from '../schema-files';
import { SAMPLE_EVENTS, sampleMessage } from './sample-messages';
import { sealSample } from './sealing';

export interface ExampleMessage {
  /** Relative to `libs/contracts/schemas/`. */
  readonly file: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly message: CaseEventMessage;
}

/** The sample events in the order of `CASE_EVENT_TYPES`, each at its own position in one case's stream. */
const caseEventExamples = (): ExampleMessage[] =>
  CASE_EVENT_TYPES.map((type, index) => {
    const message = sampleMessage(SAMPLE_EVENTS[type], index + 1);
    return {
      file: eventExampleFile(type, message.schemaVersion),
      type,
      schemaVersion: message.schemaVersion,
      message,
    };
  });

/**
 * ClientEngaged v1, as published before clients had their own id: no `data.clientId`, the case
 * was its own client (its data key `client/<caseId>`, the id the upcaster gives it).
 */
const clientEngagedV1 = (): ExampleMessage => {
  const current = sampleMessage(SAMPLE_EVENTS.ClientEngaged, 1);
  const { clientId: _clientId, ...data } = SAMPLE_EVENTS.ClientEngaged.data;
  const message: CaseEventMessage = {
    ...current,
    schemaVersion: 1,
    data,
    pii: sealSample(current.eventId, SAMPLE_EVENTS.ClientEngaged.pii, `client/${current.caseId}`),
  };
  return { file: eventExampleFile('ClientEngaged', 1), type: 'ClientEngaged', schemaVersion: 1, message };
};

/**
 * A frozen version of a type whose later version only added fields: the current sample without
 * them, at the position of the type's current example.
 */
const withoutAddedFields = (
  type:
    | 'CaseTerminated'
    | 'CaseTransferred'
    | 'ClosingRequested'
    | 'CaseReviewed'
    | 'ContactRecorded'
    | 'NeedAssessed'
    | 'PlanAmended'
    | 'ReferralMade',
  schemaVersion: number,
  added: readonly string[],
): ExampleMessage => {
  const current = sampleMessage(SAMPLE_EVENTS[type], CASE_EVENT_TYPES.indexOf(type) + 1);
  const data = Object.fromEntries(
    Object.entries(current.data as Record<string, unknown>).filter(([key]) => !added.includes(key)),
  );
  const message: CaseEventMessage = { ...current, schemaVersion, data };
  return { file: eventExampleFile(type, schemaVersion), type, schemaVersion, message };
};

/**
 * CaseTerminated v1 and v2, ClosingRequested v1: their ongoing supports named no category
 * (CaseTerminated v3 and ClosingRequested v2 record the one each type carried).
 */
const withoutSupportCategories = (example: ExampleMessage): ExampleMessage => {
  const data = example.message.data as Record<string, unknown>;
  const ongoingSupports = (data['ongoingSupports'] as readonly Record<string, unknown>[]).map(
    ({ serviceCategory: _serviceCategory, ...support }) => support,
  );
  return { ...example, message: { ...example.message, data: { ...data, ongoingSupports } } };
};

const withoutCategory = (items: unknown): Record<string, unknown>[] =>
  (items as readonly Record<string, unknown>[]).map(({ category: _category, ...item }) => item);

/**
 * PlanAmended v1: its services named no category, nor its goals their domains' (v2 records the
 * one each type and domain carried).
 */
const planAmendedV1 = (): ExampleMessage => {
  const example = withoutAddedFields('PlanAmended', 1, []);
  const data = example.message.data as Record<string, unknown>;
  const services = (data['services'] as readonly Record<string, unknown>[]).map(
    ({ serviceCategory: _serviceCategory, ...service }) => service,
  );
  const goalsAdded = withoutCategory(data['goalsAdded']);
  return { ...example, message: { ...example.message, data: { ...data, goalsAdded, services } } };
};

/** NeedAssessed v1: its needs and strengths named no category (v2 records their domains'). */
const needAssessedV1 = (): ExampleMessage => {
  const example = withoutAddedFields('NeedAssessed', 1, []);
  const data = example.message.data as Record<string, unknown>;
  const needs = withoutCategory(data['needs']);
  const strengths = withoutCategory(data['strengths']);
  return { ...example, message: { ...example.message, data: { ...data, needs, strengths } } };
};

/** A break-the-glass read of the sample case, on the access-events topic: its reason sealed under the records key. */
const caseRecordsAccessed = (): ExampleMessage => {
  const event: CaseRecordsAccessed = accessEvent({
    actor: CASE_MANAGER,
    route: 'GET /cases/:caseId/timeline',
    outcome: 'emergency',
    denial: null,
    cases: [{ caseId: CASE_ID, teamId: 'team-north', programId: 'prog-housing-first' }],
    reason: 'Client in crisis at the front desk; assigned worker away.',
    emergencyUntil: '2025-03-10T11:00:00.000Z',
    at: NOW,
    correlationId: 'corr-access-1',
  });
  const schemaVersion = ACCESS_EVENT_SCHEMA_VERSION.CaseRecordsAccessed;
  const eventId = '00000000-0000-4000-a000-000000000001';
  const message: CaseEventMessage = {
    envelopeVersion: 1,
    eventId,
    type: event.type,
    schemaVersion,
    caseId: accessStreamId('i-7f3a'),
    streamVersion: 1,
    globalPosition: 140,
    occurredAt: event.occurredAt,
    recordedAt: event.occurredAt,
    actor: CASE_MANAGER,
    correlationId: 'corr-access-1',
    causationId: 'corr-access-1',
    data: event.data,
    pii: sealSample(eventId, event.pii, 'system/records'),
    prevHash: null,
    hash: `${'0'.repeat(63)}1`,
  };
  return {
    file: eventExampleFile(event.type, schemaVersion),
    type: event.type,
    schemaVersion,
    message: JSON.parse(JSON.stringify(message)) as CaseEventMessage,
  };
};

/** Every example, in file order. */
export const exampleMessages = (): ExampleMessage[] =>
  [
    ...caseEventExamples(),
    clientEngagedV1(),
    // v2 added the referral dispositions, and the program and team a transfer moves a case to.
    withoutSupportCategories(withoutAddedFields('CaseTerminated', 1, ['referralDispositions'])),
    // CaseTerminated v3 and ClosingRequested v2 record each ongoing support's category.
    withoutSupportCategories(withoutAddedFields('CaseTerminated', 2, [])),
    withoutSupportCategories(withoutAddedFields('ClosingRequested', 1, [])),
    withoutAddedFields('CaseTransferred', 1, ['toProgramId', 'toTeamId']),
    // CaseReviewed v2 added a measured value per goal.
    withoutAddedFields('CaseReviewed', 1, ['goalMeasures']),
    // ContactRecorded v2 added its links to goals, referrals and an appointment.
    withoutAddedFields('ContactRecorded', 1, ['goalIds', 'referralIds', 'appointmentId']),
    // v2 of these added optional member links (and a revision's milestones): the samples name none.
    needAssessedV1(),
    planAmendedV1(),
    // ReferralMade v2 also records its service type's category.
    withoutAddedFields('ReferralMade', 1, ['memberId', 'serviceCategory']),
    caseRecordsAccessed(),
  ].sort((a, b) => a.file.localeCompare(b.file));
