import { CASE_EVENT_SCHEMA_VERSION } from '@casetrail/domain';
import { SAMPLE_EVENTS, SAMPLE_EVENT_LIST, sampleMessage } from '../../contracts/src/testing/sample-messages';
import { CASE_UPCASTERS, createUpcaster, upcast } from '@casetrail/event-store';
import { createCaseEventDecoder, decodeCaseEvent, InvalidCaseEventMessageError } from './case-event-decoder';
import { fromMessage, toMessage } from './message-codec';

describe('decodeCaseEvent', () => {
  it.each(SAMPLE_EVENT_LIST.map((event) => [event.type, event] as const))(
    'decodes a published %s back into the stored event',
    (_type, event) => {
      const stored = fromMessage(sampleMessage(event, 3));
      expect(decodeCaseEvent(JSON.stringify(toMessage(stored)))).toEqual(stored);
    },
  );

  it('carries sealed pii and the chain through unopened, both ways', () => {
    const message = sampleMessage(SAMPLE_EVENTS.ContactRecorded, 4);
    const decoded = decodeCaseEvent(JSON.stringify(message));
    expect(decoded.pii).toEqual(message.pii);
    expect(decoded).toMatchObject({ prevHash: message.prevHash, hash: message.hash });
    expect(toMessage(decoded)).toEqual(message);
    const first = sampleMessage(SAMPLE_EVENTS.ClientEngaged, 1);
    expect(decodeCaseEvent(JSON.stringify(first)).prevHash).toBeNull();
  });

  it('decodes a message published before the chain, and stores no chain fields for it', () => {
    const { prevHash: _prev, hash: _hash, ...unchained } = sampleMessage(SAMPLE_EVENTS.CaseAssigned, 2);
    const decoded = decodeCaseEvent(JSON.stringify(unchained));
    expect(decoded).not.toHaveProperty('prevHash');
    expect(decoded).not.toHaveProperty('hash');
    expect(toMessage(decoded)).toEqual(unchained);
  });

  it('refuses a message whose pii travels in the clear: it is poison, never applied', () => {
    const plain = { ...sampleMessage(SAMPLE_EVENTS.ContactRecorded), pii: { summary: 'Visited.' } };
    expect(() => decodeCaseEvent(JSON.stringify(plain))).toThrow("/pii must have required property 'sealed'");
  });

  it('upcasts a sealed ClientEngaged v1 to v2 without opening it', () => {
    const v2 = sampleMessage(SAMPLE_EVENTS.ClientEngaged);
    const { clientId: _clientId, ...v1Data } = v2.data as { clientId: string };
    const decoded = decodeCaseEvent(JSON.stringify({ ...v2, schemaVersion: 1, data: v1Data }));
    expect(decoded).toMatchObject({ schemaVersion: 2, data: { clientId: v2.caseId }, pii: v2.pii });
  });

  it('rejects a value that is not JSON', () => {
    expect(() => decodeCaseEvent('{"eventId":')).toThrow(/^invalid case event message: not JSON: /);
  });

  it('rejects a message that breaks its schema, saying where', () => {
    const message = { ...sampleMessage(SAMPLE_EVENTS.ContactRecorded), data: { contactId: 'c-1' } };
    const decode = () => decodeCaseEvent(JSON.stringify(message));
    expect(decode).toThrow(InvalidCaseEventMessageError);
    expect(decode).toThrow("/data must have required property 'contactType'");
  });

  it('checks a message against its own version, then upcasts it', () => {
    const upcastContacts = createUpcaster(
      {
        ...CASE_UPCASTERS,
        ContactRecorded: {
          1: ({ data, pii }) => {
            const { durationMinutes, ...rest } = data as { durationMinutes: number | null };
            return { data: { ...rest, faceToFaceMinutes: durationMinutes, travelMinutes: null }, pii };
          },
        },
      },
      { ...CASE_EVENT_SCHEMA_VERSION, ContactRecorded: 2 },
    );
    const v1 = sampleMessage(SAMPLE_EVENTS.ContactRecorded);
    const decoded = createCaseEventDecoder(upcastContacts)(JSON.stringify(v1));
    expect(decoded).toMatchObject({
      eventId: v1.eventId,
      schemaVersion: 2,
      data: { contactId: 'contact-1', faceToFaceMinutes: 45, travelMinutes: null },
    });
    expect(decoded.data).not.toHaveProperty('durationMinutes');
  });

  it.each(SAMPLE_EVENT_LIST.map((event) => [event.type, event] as const))(
    'leaves a current %s to the upcaster untouched',
    (_type, event) => {
      const stored = fromMessage(sampleMessage(event));
      expect(upcast(stored)).toBe(stored);
    },
  );
});
