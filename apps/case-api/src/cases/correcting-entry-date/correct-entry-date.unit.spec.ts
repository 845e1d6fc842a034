import { embeddedApi } from '../../testing/api-harness';
import { given, invalid, personas, steps, type GivenCase } from '../../testing/given';

const entryOf = async (at: GivenCase, type: string): Promise<string> => {
  const { body } = await at.when(personas.auditor).get('/cases/:caseId/events').then(200);
  const found = (body.events as { type: string; eventId: string }[]).filter((e) => e.type === type).at(-1);
  if (found === undefined) throw new Error(`No ${type} on the case`);
  return found.eventId;
};

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** The same instant written with a -05:00 offset. */
const withOffset = (date: Date) =>
  `${new Date(date.getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;

describe('POST /cases/:caseId/entries/:entryId/correction: correcting when an entry happened', () => {
  const api = embeddedApi();

  it('answers 201 with the EntryCorrected, and the case counts the corrected date, in UTC', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    const when = minutesAgo(30);
    when.setUTCMilliseconds(0);
    const { body } = await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/correction`, {
        occurredAt: withOffset(when),
        reason: 'The call was later',
      })
      .then(201, { version: 3, events: [{ type: 'EntryCorrected', version: 3 }] });
    expect(body.events).toHaveLength(1);
    const trail = await at.when(personas.auditor).get('/cases/:caseId/events').then(200);
    expect(trail.body.events[2].data).toMatchObject({ entryId: contact, occurredAt: when.toISOString() });
    await at
      .when(personas.auditor)
      .get('/cases/:caseId')
      .then(200, {
        state: { contacts: { 'contact-1': { happenedAt: when.toISOString() } } },
      });
  });

  it('is 403 for a case manager correcting a reopening, 201 for their supervisor', async () => {
    const reopened = { as: personas.caseManager, path: '/cases/:caseId/reopening', body: { reason: 'Back' } };
    const at = await given(api).case(steps.terminated(), reopened).ready;
    const reopening = await entryOf(at, 'CaseReopened');
    const body = { occurredAt: new Date().toISOString(), reason: 'Typed too early' };
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${reopening}/correction`, body)
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
    // Recorded a moment ago: a date a little later than it, by the time the supervisor asks.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await at
      .when(personas.supervisor)
      .post(`/cases/:caseId/entries/${reopening}/correction`, {
        ...body,
        occurredAt: new Date().toISOString(),
      })
      .then(201, { events: [{ type: 'EntryCorrected' }] });
  });

  it('is 400 naming occurredAt when it is not an instant with a zone', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/correction`, { occurredAt: '2025-03-01 10:00', reason: 'x' })
      .then(400, {
        code: 'VALIDATION_FAILED',
        errors: [
          expect.objectContaining({ field: 'occurredAt', rule: 'isIso8601' }),
          expect.objectContaining({ field: 'occurredAt', rule: 'matches' }),
        ],
      });
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/correction`, { occurredAt: new Date().toISOString() })
      .then(400, invalid('reason', 'isString'));
  });

  it('is 422 OCCURRED_IN_FUTURE for a date after now, OCCURRED_BEFORE_ENGAGEMENT before the case', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    const path = `/cases/:caseId/entries/${contact}/correction`;
    await at
      .when(personas.caseManager)
      .post(path, { occurredAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'x' })
      .then(422, { code: 'OCCURRED_IN_FUTURE' });
    await at
      .when(personas.caseManager)
      .post(path, { occurredAt: '2000-01-01T00:00:00Z', reason: 'x' })
      .then(422, { code: 'OCCURRED_BEFORE_ENGAGEMENT' });
  });
});
