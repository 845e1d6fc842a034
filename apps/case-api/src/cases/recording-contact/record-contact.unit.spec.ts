import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, HOME, personas, steps } from '../../testing/given';

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

  describe("with the program's form for contacts", () => {
    beforeAll(async () => {
      const published = await api
        .as(personas.administrator)
        .post(`/programs/${HOME.programId}/forms/visit_checklist/versions`, {
          expectedVersion: 0,
          attachTo: 'contact',
          title: 'Contact checklist',
          fields: [
            { fieldId: 'safe_home', label: 'Home felt safe', type: 'boolean', required: true },
            { fieldId: 'seen_with', label: 'Who was there', type: 'text' },
          ],
        });
      expect(published.status).toBe(201);
    });

    it('records the answers in the same commit, the personal ones in pii', async () => {
      const form = {
        formId: 'visit_checklist',
        answers: [
          { fieldId: 'safe_home', boolean: true },
          { fieldId: 'seen_with', text: 'Her sister' },
        ],
      };
      const answer = await given(api)
        .case()
        .when(personas.caseManager)
        .post('/cases/:caseId/contacts', contact({ form }))
        .then(201, { version: 3 });
      const { body } = await api.as(personas.caseManager).get(`/cases/${answer.body.caseId}/events`);
      expect(body.events[2]).toMatchObject({
        type: 'FormAnswered',
        version: 3,
        data: {
          formId: 'visit_checklist',
          formVersion: 1,
          attachedTo: { type: 'contact', entryId: 'contact-1' },
          answers: { safe_home: true },
          selections: {},
        },
        pii: { answers: { seen_with: 'Her sister' }, selections: {} },
      });
    });

    it('answers 422 naming the answer and the rule it breaks', async () => {
      const form = { formId: 'visit_checklist', answers: [{ fieldId: 'safe_home', text: 'yes' }] };
      await given(api)
        .case()
        .when(personas.caseManager)
        .post('/cases/:caseId/contacts', contact({ form }))
        .then(422, { code: 'FORM_ANSWER_INVALID_TYPE', details: { field: 'form.answers.safe_home' } });
    });

    it('answers 422 for an answer giving no value or two, or a field twice', async () => {
      for (const [answers, code] of [
        [[{ fieldId: 'safe_home' }], 'FORM_ANSWER_INVALID_TYPE'],
        [[{ fieldId: 'safe_home', boolean: true, text: 'yes' }], 'FORM_ANSWER_INVALID_TYPE'],
        [
          [
            { fieldId: 'safe_home', boolean: true },
            { fieldId: 'safe_home', boolean: false },
          ],
          'DUPLICATE_FIELD_ID',
        ],
      ] as const)
        await given(api)
          .case()
          .when(personas.caseManager)
          .post('/cases/:caseId/contacts', contact({ form: { formId: 'visit_checklist', answers } }))
          .then(422, { code, details: { field: 'form.answers.safe_home' } });
    });

    it('answers 400 for a form that is not a list of answers', async () => {
      await given(api)
        .case()
        .when(personas.caseManager)
        .post('/cases/:caseId/contacts', contact({ form: { formId: 'visit_checklist', answers: 'yes' } }))
        .then(400);
    });
  });
});
