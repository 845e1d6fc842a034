import { MESSAGE_HEADERS, TRACE_CONTEXT_HEADER } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';
import { headersOf } from './kafka/kafka-transport';
import { fromMessage, toMessage } from './message-codec';
import {
  childSpanOf,
  consumerTraceFields,
  deliveredTraceOf,
  rememberDeliveredTrace,
} from './trace-propagation';

const RECORDED = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const event = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  type: 'ClientEngaged',
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: {},
  pii: {},
  eventId: 'e-1',
  schemaVersion: 1,
  streamId: 'case-1',
  version: 1,
  position: 1,
  recordedAt: '2026-01-01T00:00:00.000Z',
  actor: { id: 'a', role: 'system' },
  correlationId: 'corr',
  causationId: 'cause',
  ...overrides,
});

describe('trace context from the stored event to the consumer', () => {
  it('makes a child span: same trace and flags, a new span id whose parent is the given one', () => {
    const child = childSpanOf(RECORDED);
    expect(child).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(child?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('continues nothing malformed or all-zero', () => {
    for (const bad of [
      undefined,
      null,
      '',
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    ])
      expect(childSpanOf(bad)).toBeNull();
  });

  it('puts the publisher span on the message header, beside the correlation id', () => {
    const headers = headersOf(event({ traceparent: RECORDED }));
    expect(headers[MESSAGE_HEADERS.correlationId]).toBe('corr');
    expect(headers[TRACE_CONTEXT_HEADER]).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(headers[TRACE_CONTEXT_HEADER]).not.toBe(RECORDED);
    expect(headersOf(event())).not.toHaveProperty(TRACE_CONTEXT_HEADER);
  });

  it('carries the event traceparent in the message value and back, and leaves it out when absent', () => {
    expect(toMessage(event({ traceparent: RECORDED })).traceparent).toBe(RECORDED);
    expect(fromMessage(toMessage(event({ traceparent: RECORDED }))).traceparent).toBe(RECORDED);
    expect(toMessage(event())).not.toHaveProperty('traceparent');
    expect(fromMessage(toMessage(event()))).not.toHaveProperty('traceparent');
  });

  it('gives the consumer a span under the delivered header, else under the event itself', () => {
    const delivered = event({ traceparent: RECORDED });
    const header = '00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01';
    rememberDeliveredTrace(delivered, header);
    expect(deliveredTraceOf(delivered)).toBe(header);
    expect(consumerTraceFields(delivered)).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '1111111111111111',
    });
    const local = event({ traceparent: RECORDED });
    expect(consumerTraceFields(local)).toMatchObject({ parentSpanId: '00f067aa0ba902b7' });
    expect(consumerTraceFields(event())).toBeNull();
  });
});
