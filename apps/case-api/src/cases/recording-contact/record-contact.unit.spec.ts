import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/contacts: recording a contact', () => {
  const api = embeddedApi();
  const contact = (overrides: Record<string, unknown> = {}) => ({ ...steps.contacted().body, ...overrides });
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/contacts',
    given: () => [],
    body: contact,
    event: 'ContactRecorded',
    refused: personas.auditor,
    shows: { contacts: { 'contact-1': { contactType: 'phone_call', corrections: 0 } } },
    invalid: { happenedAt: ['isIso8601', contact({ happenedAt: 'yesterday' })] },
    rules: {
      CONTACT_IN_FUTURE: { body: contact({ happenedAt: tomorrow() }) },
      CASE_CLOSED: { given: () => [steps.terminated()], body: contact() },
    },
  });

  it('keeps when it happened apart from when it was recorded', async () => {
    const happenedAt = new Date(Date.now() - 7_200_000).toISOString();
    const { body } = await given(api)
      .case({ ...steps.contacted(), body: contact({ happenedAt }) })
      .when(personas.caseManager)
      .get('/cases/:caseId/events')
      .then(200, { total: 2 });
    expect(body.events[1]).toMatchObject({ type: 'ContactRecorded', occurredAt: happenedAt, version: 2 });
    expect(body.events[1].recordedAt > happenedAt).toBe(true);
  });

  it('links the goals it worked on (ContactRecorded v2), and refuses one the case lacks naming the field', async () => {
    const planned = given(api).case(steps.assessed(), steps.planned());
    await planned.ready;
    // Dated after the plan set the goal: a contact comes after the goals it worked on.
    await planned
      .when(personas.caseManager)
      .post('/cases/:caseId/contacts', contact({ goalIds: ['goal-1'], happenedAt: new Date().toISOString() }))
      .then(201);
    const { body } = await planned.when(personas.caseManager).get('/cases/:caseId/events').then(200);
    expect(body.events.at(-1)).toMatchObject({
      type: 'ContactRecorded',
      schemaVersion: 2,
      data: { goalIds: ['goal-1'], referralIds: [], appointmentId: null },
    });
    await given(api)
      .case()
      .when(personas.caseManager)
      .post('/cases/:caseId/contacts', contact({ referralIds: ['ref-9'] }))
      .then(422, { code: 'UNKNOWN_REFERRAL', details: { field: 'referralIds[0]' } });
  });
});
