import { CASE_EVENT_TYPES } from '@casetrail/domain';
import type { CaseEventMessage } from './case-event-message';
import { SAMPLE_EVENTS, sampleMessage } from './testing/sample-messages';
import { openSample } from './testing/sealing';
import { validateCaseEventMessage, validateOpenedPii } from './validate';

type Mutable = Record<string, any>;

/** A sample message of the given type, changed by `change` (a deep copy, so the samples stay intact). */
const messageOf = (type: keyof typeof SAMPLE_EVENTS, change: (m: Mutable) => void = () => {}): unknown => {
  const message = structuredClone(sampleMessage(SAMPLE_EVENTS[type])) as Mutable;
  change(message);
  return message;
};

const errorsOf = (message: unknown): string[] => {
  const result = validateCaseEventMessage(message);
  return result.valid ? [] : result.errors;
};

/** A sample's pii as its consumer opens it, changed by `change`. */
const openedOf = (type: keyof typeof SAMPLE_EVENTS, change: (pii: Mutable) => void = () => {}) => {
  const message = sampleMessage(SAMPLE_EVENTS[type]);
  const pii = openSample(message.eventId, message.pii) as Mutable;
  change(pii);
  return { message, pii };
};

const piiErrorsOf = ({ message, pii }: { message: CaseEventMessage; pii: unknown }): string[] => {
  const result = validateOpenedPii(message, pii);
  return result.valid ? [] : result.errors;
};

describe('validateCaseEventMessage', () => {
  it.each(CASE_EVENT_TYPES)('accepts a realistic %s message, and its pii once opened', (type) => {
    expect(validateCaseEventMessage(sampleMessage(SAMPLE_EVENTS[type]))).toEqual({ valid: true });
    const { message, pii } = openedOf(type);
    expect(pii).toEqual(JSON.parse(JSON.stringify(SAMPLE_EVENTS[type].pii)));
    expect(validateOpenedPii(message, pii)).toEqual({ valid: true });
  });

  it('rejects a message carrying client data in the clear, or a seal of another algorithm', () => {
    expect(errorsOf(messageOf('ContactRecorded', (m) => (m.pii = { summary: 'Visited.' })))).toEqual(
      expect.arrayContaining([
        "/pii must have required property 'sealed'",
        "/pii must have required property 'ct'",
      ]),
    );
    expect(errorsOf(messageOf('ContactRecorded', (m) => (m.pii.alg = 'A128CBC')))).toEqual([
      '/pii/alg must be equal to constant',
    ]);
    expect(errorsOf(messageOf('ContactRecorded', (m) => (m.pii.kid = 'maria')))).toEqual([
      expect.stringMatching(/^\/pii\/kid must match pattern/),
    ]);
  });

  it('carries the chain, and accepts a message published before it', () => {
    expect(sampleMessage(SAMPLE_EVENTS.CaseAssigned, 2)).toMatchObject({
      prevHash: expect.any(String),
      hash: expect.any(String),
    });
    expect(errorsOf(messageOf('CaseAssigned', (m) => (m.prevHash = null)))).toEqual([]);
    expect(
      errorsOf(
        messageOf('CaseAssigned', (m) => {
          delete m.prevHash;
          delete m.hash;
        }),
      ),
    ).toEqual([]);
    expect(errorsOf(messageOf('CaseAssigned', (m) => (m.hash = 7)))).toEqual(['/hash must be string']);
  });

  it('accepts optional fields, nulls and instants with an offset', () => {
    const engaged = messageOf('ClientEngaged', (m) => {
      m.data.teamId = null;
      m.data.caseManagerId = null;
      m.occurredAt = '2025-03-01T09:00+01:00';
    });
    expect(errorsOf(engaged)).toEqual([]);
    const withContact = openedOf('ClientEngaged', (pii) => {
      pii.client = { ...pii.client, phone: '+44 20 7946 0000', email: 'm@example.org', address: '1 Road' };
    });
    expect(piiErrorsOf(withContact)).toEqual([]);
  });

  it('accepts envelope fields added later within envelope v1', () => {
    expect(errorsOf(messageOf('CaseAssigned', (m) => (m.tenantId = 'agency-1')))).toEqual([]);
  });

  it.each([null, 'text', 42, [], {}])('rejects %p as a message', (value) => {
    expect(validateCaseEventMessage(value)).toEqual({ valid: false, errors: expect.any(Array) });
  });

  it('says which envelope fields are missing or wrong', () => {
    const errors = errorsOf(
      messageOf('ContactRecorded', (m) => {
        delete m.eventId;
        m.envelopeVersion = 2;
        m.streamVersion = 0;
        m.actor.role = 'janitor';
        m.recordedAt = '2025-03-10T10:00:00'; // no zone: a different moment on every server
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        "(message) must have required property 'eventId'",
        '/envelopeVersion must be equal to constant',
        '/streamVersion must be >= 1',
        expect.stringMatching(/^\/actor\/role must be equal to one of the allowed values: case_manager, /),
        expect.stringMatching(/^\/recordedAt must match pattern/),
      ]),
    );
  });

  it('rejects a field that is not in the event schema, in data or in pii', () => {
    expect(errorsOf(messageOf('ContactRecorded', (m) => (m.data.location = 'home')))).toEqual([
      '/data must NOT have additional properties: location',
    ]);
    expect(piiErrorsOf(openedOf('CaseAssigned', (pii) => (pii.note = 'x')))).toEqual([
      '/pii must NOT have additional properties: note',
    ]);
  });

  it('rejects missing fields, values outside the vocabularies and invalid dates', () => {
    const errors = errorsOf(
      messageOf('PlanAmended', (m) => {
        m.data.goalsAdded[0].domain = 'Astrology!';
        m.data.goalsAdded[0].category = 'astrology';
        m.data.nextReviewDate = '2025-02-30';
        m.data.services[0].goalIds = 'goal-housing';
      }),
    );
    expect(piiErrorsOf(openedOf('PlanAmended', (pii) => delete pii.reason))).toEqual([
      "/pii must have required property 'reason'",
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/data\/goalsAdded\/0\/domain must match pattern/),
        expect.stringMatching(
          /^\/data\/goalsAdded\/0\/category must be equal to one of the allowed values: /,
        ),
        '/data/nextReviewDate must match format "date"',
        '/data/services/0/goalIds must be array',
      ]),
    );
  });

  it('rejects an unknown event type and a version it has no schema for', () => {
    expect(errorsOf(messageOf('CaseAssigned', (m) => (m.type = 'CaseArchived')))).toEqual([
      '/type unknown event type: CaseArchived',
    ]);
    expect(errorsOf(messageOf('ContactRecorded', (m) => (m.schemaVersion = 3)))).toEqual([
      '/schemaVersion no schema for ContactRecorded v3 (known: v1, v2)',
    ]);
  });

  it('does not let one type’s data pass as another’s', () => {
    const mislabelled = { ...sampleMessage(SAMPLE_EVENTS.GoalAchieved), type: 'GoalProgressRecorded' };
    expect(errorsOf(mislabelled)).toEqual(["/data must have required property 'progress'"]);
  });

  it('caps the errors it reports', () => {
    const message = sampleMessage(SAMPLE_EVENTS.ContactRecorded) as Mutable;
    const data = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`extra${i}`, i]));
    const errors = errorsOf({
      ...message,
      data: { ...message.data, ...data },
    } satisfies Partial<CaseEventMessage>);
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toBe('... and 30 more');
  });
});
