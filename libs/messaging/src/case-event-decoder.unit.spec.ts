import { CASE_EVENT_SCHEMA_VERSION } from '@casetrail/domain';
import { validateCaseEventMessage } from '@casetrail/contracts';
import {
  SAMPLE_CLIENT_ID,
  SAMPLE_EVENTS,
  SAMPLE_EVENT_LIST,
  sampleMessage,
} from '../../contracts/src/testing/sample-messages';
import { sealSample } from '../../contracts/src/testing/sealing';
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
    // A v1 as published before ContactRecorded v2 (its links to goals, referrals and an appointment).
    const current = sampleMessage(SAMPLE_EVENTS.ContactRecorded);
    const {
      goalIds: _goals,
      referralIds: _referrals,
      appointmentId: _appointment,
      ...v1Data
    } = current.data as Record<string, unknown>;
    const v1 = { ...current, schemaVersion: 1, data: v1Data };
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

describe('the client id in the envelope', () => {
  const sealedFor = (clientId: string, event = SAMPLE_EVENTS.ContactRecorded) => {
    const message = sampleMessage(event, 2);
    return fromMessage({ ...message, pii: sealSample(message.eventId, {}, `client/${clientId}`) });
  };

  it.each(
    SAMPLE_EVENT_LIST.filter((event) => event.type !== 'ClientDataErased').map(
      (event) => [event.type, event] as const,
    ),
  )('names the client a %s is sealed for, which the schema accepts', (_type, event) => {
    const message = toMessage(fromMessage(sampleMessage(event, 2)));
    expect(message.clientId).toBe(SAMPLE_CLIENT_ID);
    expect(validateCaseEventMessage(message)).toEqual({ valid: true });
  });

  it('takes it from the sealed key, not from anything a worker typed', () => {
    expect(toMessage(sealedFor('client-7f3a')).clientId).toBe('client-7f3a');
  });

  it('names the erased client on the erasure receipt, sealed under a system key since theirs is gone', () => {
    const message = sampleMessage(SAMPLE_EVENTS.ClientDataErased, 5);
    const receipt = fromMessage({ ...message, pii: sealSample(message.eventId, {}, 'system/records') });
    const { clientId } = SAMPLE_EVENTS.ClientDataErased.data;
    expect(toMessage(receipt).clientId).toBe(clientId);
  });

  it('leaves it out where no one client is concerned, or the pii is not sealed', () => {
    const access = fromMessage({
      ...sampleMessage(SAMPLE_EVENTS.ContactRecorded, 1),
      pii: sealSample('e', {}, 'system/records'),
    });
    expect(toMessage(access)).not.toHaveProperty('clientId');
    expect(toMessage({ ...access, pii: { summary: 'unsealed' } })).not.toHaveProperty('clientId');
  });

  it('does not store it: decoded and published again, it is derived again', () => {
    const stored = sealedFor('client-42');
    const decoded = decodeCaseEvent(JSON.stringify(toMessage(stored)));
    expect(decoded).not.toHaveProperty('clientId');
    expect(toMessage(decoded).clientId).toBe('client-42');
  });

  it('refuses a message naming another client than the one its pii is sealed for', () => {
    const forged = { ...toMessage(sealedFor('client-a')), clientId: 'client-b' };
    expect(() => decodeCaseEvent(JSON.stringify(forged))).toThrow(
      '/clientId is client-b, but the event is about client client-a',
    );
  });

  it('refuses an empty client id', () => {
    const empty = { ...toMessage(sealedFor('client-a')), clientId: '' };
    expect(() => decodeCaseEvent(JSON.stringify(empty))).toThrow(/clientId/);
  });
});
