import { embeddedApi } from '../../testing/api-harness';
import { given, invalid, personas, steps, type GivenCase } from '../../testing/given';

/** The eventId of the case's last event of `type`, as its audit trail lists it. */
const entryOf = async (at: GivenCase, type: string): Promise<string> => {
  const { body } = await at.when(personas.auditor).get('/cases/:caseId/events').then(200);
  const found = (body.events as { type: string; eventId: string }[]).filter((e) => e.type === type).at(-1);
  if (found === undefined) throw new Error(`No ${type} on the case`);
  return found.eventId;
};

describe('POST /cases/:caseId/entries/:entryId/void: voiding an entry', () => {
  const api = embeddedApi();
  const reason = { reason: 'Recorded on the wrong case' };

  it('answers 201 with the EntryVoided, and the case no longer counts the entry (the trail keeps it)', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/void`, reason)
      .then(201, { version: 3, events: [{ type: 'EntryVoided', version: 3 }] }, { etag: '"3"' });
    const { body } = await at.when(personas.auditor).get('/cases/:caseId').then(200, { version: 3 });
    expect(body.state.contacts).toEqual({});
    expect(body.state.ledger.voided).toEqual({
      [contact]: { entryType: 'ContactRecorded', entryVersion: 2, voidedAt: expect.any(String) },
    });
    const trail = await at.when(personas.auditor).get('/cases/:caseId/events').then(200, { total: 3 });
    expect(trail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ClientEngaged',
      'ContactRecorded',
      'EntryVoided',
    ]);
  });

  it('is 403 for a case manager voiding a closing, and records nothing', async () => {
    const at = await given(api).case(steps.terminated()).ready;
    const closing = await entryOf(at, 'CaseTerminated');
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${closing}/void`, reason)
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
    await at
      .when(personas.auditor)
      .get('/cases/:caseId')
      .then(200, { version: 2, state: { status: 'closed' } });
  });

  it('is 201 for their supervisor voiding the closing: the case is open again', async () => {
    const at = await given(api).case(steps.terminated()).ready;
    const closing = await entryOf(at, 'CaseTerminated');
    await at
      .when(personas.supervisor)
      .post(`/cases/:caseId/entries/${closing}/void`, reason)
      .then(201, { events: [{ type: 'EntryVoided' }] });
    await at
      .when(personas.auditor)
      .get('/cases/:caseId')
      .then(200, { version: 3, state: { status: 'open' } });
  });

  it('is 403 for a role that never works cases', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    await at
      .when(personas.auditor)
      .post(`/cases/:caseId/entries/${contact}/void`, reason)
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
  });

  it('is 400 naming reason without one', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/void`, { reason: '' })
      .then(400, invalid('reason', 'isNotEmpty'));
  });

  it('is 422 ENTRY_HAS_DEPENDENTS naming the entries that depend on it', async () => {
    const corrected = {
      as: personas.caseManager,
      path: '/cases/:caseId/contacts/contact-1/corrections',
      body: { correctedSummary: 'Called twice', reason: 'Miscounted' },
    };
    const at = await given(api).case(steps.contacted(), corrected).ready;
    const contact = await entryOf(at, 'ContactRecorded');
    const correction = await entryOf(at, 'CaseNoteCorrected');
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/void`, reason)
      .then(422, {
        code: 'ENTRY_HAS_DEPENDENTS',
        details: { dependents: [{ entryId: correction, entryType: 'CaseNoteCorrected', entryVersion: 3 }] },
      });
  });

  it('is 422 UNKNOWN_ENTRY for an entry of no event of this case, ENTRY_ALREADY_VOIDED twice', async () => {
    const at = await given(api).case(steps.contacted()).ready;
    await at
      .when(personas.caseManager)
      .post('/cases/:caseId/entries/not-an-entry/void', reason)
      .then(422, { code: 'UNKNOWN_ENTRY' });
    const contact = await entryOf(at, 'ContactRecorded');
    await at.when(personas.caseManager).post(`/cases/:caseId/entries/${contact}/void`, reason).then(201);
    await at
      .when(personas.caseManager)
      .post(`/cases/:caseId/entries/${contact}/void`, reason)
      .then(422, { code: 'ENTRY_ALREADY_VOIDED' });
  });

  it('is 404 for a case that does not exist', async () => {
    await given(api)
      .nothing()
      .when(personas.caseManager)
      .post('/cases/:caseId/entries/e-1/void', reason)
      .then(404, { code: 'CASE_NOT_FOUND' });
  });
});
