/**
 * One realistic event of every type, typed by the domain's own event types (so a
 * missing type or a wrong field fails to compile), and the messages that carry them.
 * The events are the domain's examples, some made richer so that the schemas see
 * optional and repeated fields; the envelope comes from the domain's one builder.
 */
import type { CaseEvent, CaseEventType } from '@casetrail/domain';
import { caseEvent, EXAMPLE_EVENTS, metadata, NOW, recorded, type EventOf } from '@casetrail/domain/testing';
import type { CaseEventMessage } from '../case-event-message';
import { sealSample } from './sealing';

export const SAMPLE_EVENTS: { readonly [K in CaseEventType]: EventOf<K> } = {
  ...EXAMPLE_EVENTS,
  NeedAssessed: caseEvent('NeedAssessed', {
    pii: { descriptions: { 'need-housing': 'Sofa-surfing since March.' } },
  }),
  PlanAmended: caseEvent('PlanAmended', {
    data: {
      amendmentNumber: 2,
      goalsRevised: [
        { goalId: 'goal-mood', dueDate: '2025-07-31' },
        { goalId: 'goal-housing', target: { metric: 'nights in own tenancy', value: 60, unit: 'nights' } },
      ],
      goalsDropped: ['goal-old'],
    },
  }),
  ReferralMade: caseEvent('ReferralMade', { data: { replacesReferralId: 'ref-declined' } }),
  ContactRecorded: caseEvent('ContactRecorded', {
    data: {
      participants: [
        { kind: 'client' },
        { kind: 'professional', id: 'prov-housing', role: 'housing officer' },
      ],
    },
  }),
  CaseTerminated: caseEvent('CaseTerminated', {
    data: {
      ongoingSupports: [
        { serviceType: 'counseling', serviceCategory: 'mental_health', providerId: 'prov-counsel' },
        { serviceType: 'benefits', serviceCategory: 'finances' },
      ],
    },
  }),
};

/** The client every sample message is about. */
export const SAMPLE_CLIENT_ID = 'client-0001';

export const SAMPLE_EVENT_LIST: readonly CaseEvent[] = Object.values(SAMPLE_EVENTS);

/**
 * The message a sample event travels in, as a consumer parses it off the wire: its `pii` sealed
 * (`openSample` gives back the event's), and chained to a made-up previous event.
 */
export const sampleMessage = (event: CaseEvent, streamVersion = 1): CaseEventMessage => {
  const { correlationId, causationId } = metadata();
  const stored = recorded(event, {
    eventId: `00000000-0000-4000-8000-${String(streamVersion).padStart(12, '0')}`,
    version: streamVersion,
    position: 100 + streamVersion,
    recordedAt: NOW,
    correlationId,
    causationId,
  });
  return JSON.parse(
    JSON.stringify({
      envelopeVersion: 1,
      eventId: stored.eventId,
      type: stored.type,
      schemaVersion: stored.schemaVersion,
      caseId: stored.streamId,
      streamVersion: stored.version,
      globalPosition: stored.position,
      occurredAt: stored.occurredAt,
      recordedAt: stored.recordedAt,
      actor: stored.actor,
      correlationId: stored.correlationId,
      causationId: stored.causationId,
      // The client `sealSample`'s key names (`client/client-0001`), as the publisher derives it.
      clientId: SAMPLE_CLIENT_ID,
      data: stored.data,
      pii: sealSample(stored.eventId, stored.pii, `client/${SAMPLE_CLIENT_ID}`),
      prevHash: streamVersion === 1 ? null : `${'0'.repeat(63)}${streamVersion - 1}`,
      hash: `${'0'.repeat(63)}${streamVersion}`,
    } satisfies CaseEventMessage),
  ) as CaseEventMessage;
};
