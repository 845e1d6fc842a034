import { programFormsStreamId } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { embeddedApi } from '../testing/api-harness';
import { given, HOME, personas, steps } from '../testing/given';

describe("a program's forms, over HTTP", () => {
  const caseApi = embeddedApi();
  const admin = () => caseApi.as(personas.administrator);
  const program = HOME.programId;
  const versions = `/programs/${program}/forms/visit_checklist/versions`;
  const safeHome = { fieldId: 'safe_home', label: 'Home felt safe', type: 'boolean', required: true };
  const housing = {
    fieldId: 'housing_status',
    label: 'Housing status',
    type: 'choice',
    allowedValues: ['rented', 'doubled_up', 'shelter'],
  };
  const checklist = (overrides: Record<string, unknown> = {}) => ({
    expectedVersion: 0,
    attachTo: 'contact',
    title: 'Home visit checklist',
    fields: [safeHome],
    ...overrides,
  });
  const contact = (form: unknown) => ({ ...steps.contacted().body, form });

  it('lists no forms for a program that has published none, to everyone who reads cases', async () => {
    const answer = await caseApi.as(personas.caseManager).get(`/programs/${program}/forms`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ programId: program, forms: [] });
    for (const persona of [personas.intake, personas.supervisor, personas.auditor, personas.administrator])
      expect((await caseApi.as(persona).get(`/programs/${program}/forms`)).status).toBe(200);
    for (const persona of [personas.analyst, personas.programManager])
      expect((await caseApi.as(persona).get(`/programs/${program}/forms`)).status).toBe(403);
  });

  it('publishes a version for administrators only, in the program’s forms stream', async () => {
    for (const persona of [personas.supervisor, personas.programManager, personas.caseManager])
      expect((await caseApi.as(persona).post(versions, checklist())).status).toBe(403);
    const published = await admin().post(versions, checklist());
    expect(published.status).toBe(201);
    expect(published.body).toEqual({
      programId: program,
      formId: 'visit_checklist',
      version: 1,
      attachTo: 'contact',
      title: 'Home visit checklist',
      required: false,
      fields: [{ ...safeHome, allowedValues: null, personal: false }],
    });
    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    expect(await store.readStream(programFormsStreamId(program))).toEqual([
      expect.objectContaining({
        type: 'FormVersionPublished',
        schemaVersion: 1,
        version: 1,
        data: published.body,
        actor: { id: personas.administrator.id, role: 'administrator' },
      }),
    ]);
  });

  it('refuses a stale expectedVersion with 409 naming it', async () => {
    // The previous test published version 1 (the app and its store are shared by this file's tests).
    const stale = await admin().post(versions, checklist());
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'FORM_VERSION_OUT_OF_SEQUENCE',
      details: { field: 'expectedVersion', expectedVersion: 0, version: 1 },
    });
    const ahead = await admin().post(versions, checklist({ expectedVersion: 5 }));
    expect(ahead.status).toBe(409);
    expect(ahead.body.details).toMatchObject({ field: 'expectedVersion', version: 1 });
  });

  it('answers 422 naming the field for a rule a version breaks, and 400 for a malformed body', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [checklist({ expectedVersion: 1, attachTo: 'closing' }), 'FORM_ATTACHMENT_CHANGED', 'attachTo'],
      [
        checklist({ expectedVersion: 1, fields: [{ ...safeHome, type: 'date' }] }),
        'FIELD_TYPE_CHANGED',
        'fields[0].type',
      ],
      [
        checklist({ expectedVersion: 1, fields: [safeHome, { ...housing, allowedValues: [] }] }),
        'ALLOWED_VALUES_REQUIRED',
        'fields[1].allowedValues',
      ],
      [
        checklist({ expectedVersion: 1, fields: [{ ...safeHome, fieldId: 'Safe Home' }] }),
        'INVALID_FIELD_ID',
        'fields[0].fieldId',
      ],
      [checklist({ expectedVersion: 1, fields: [] }), 'FORM_WITHOUT_FIELDS', 'fields'],
    ];
    for (const [body, code, field] of cases) {
      const refused = await admin().post(versions, body);
      expect({ status: refused.status, code: refused.body.code, field: refused.body.details?.field }).toEqual(
        {
          status: 422,
          code,
          field,
        },
      );
    }
    const badId = await admin().post(`/programs/${program}/forms/Visit_Checklist/versions`, checklist());
    expect(badId.status).toBe(422);
    expect(badId.body).toMatchObject({ code: 'INVALID_FORM_ID', details: { field: 'formId' } });
    const malformed = await admin().post(versions, checklist({ expectedVersion: 1, attachTo: 'referral' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toContainEqual(expect.objectContaining({ field: 'attachTo' }));
  });

  it('lists each form’s version in force with its fields, and takes its own answer back as a body', async () => {
    const listed = await caseApi.as(personas.supervisor).get(`/programs/${program}/forms`);
    const [v1] = listed.body.forms as Record<string, unknown>[];
    expect(listed.body.forms).toHaveLength(1);
    expect(v1).toMatchObject({ formId: 'visit_checklist', version: 1 });
    // A field as listed (allowedValues: null, personal) is a field to publish again.
    const v2 = await admin().post(
      versions,
      checklist({ expectedVersion: 1, fields: [...(v1!.fields as object[]), housing] }),
    );
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2 });
    const exit = await admin().post(`/programs/${program}/forms/exit_survey/versions`, {
      expectedVersion: 0,
      attachTo: 'closing',
      title: 'Exit survey',
      required: true,
      fields: [{ fieldId: 'stable_housing', label: 'Housed at exit', type: 'boolean' }],
    });
    expect(exit.status).toBe(201);
    const now = await caseApi.as(personas.auditor).get(`/programs/${program}/forms`);
    expect(now.body.forms).toEqual([v2.body, exit.body]);
    expect((await caseApi.as(personas.auditor).get('/programs/another-program/forms')).body).toEqual({
      programId: 'another-program',
      forms: [],
    });
  });

  it('validates a contact’s answers against the version just published', async () => {
    // Version 2 (the previous test) added housing_status, a choice.
    const answered = await given(caseApi)
      .case()
      .when(personas.caseManager)
      .post(
        '/cases/:caseId/contacts',
        contact({
          formId: 'visit_checklist',
          answers: [
            { fieldId: 'safe_home', boolean: true },
            { fieldId: 'housing_status', text: 'doubled_up' },
          ],
        }),
      )
      .then(201);
    const { body } = await caseApi.as(personas.caseManager).get(`/cases/${answered.body.caseId}/events`);
    expect(body.events.at(-1)).toMatchObject({
      type: 'FormAnswered',
      data: {
        formId: 'visit_checklist',
        formVersion: 2,
        answers: { safe_home: true, housing_status: 'doubled_up' },
      },
    });
    await given(caseApi)
      .case()
      .when(personas.caseManager)
      .post(
        '/cases/:caseId/contacts',
        contact({
          formId: 'visit_checklist',
          answers: [
            { fieldId: 'safe_home', boolean: true },
            { fieldId: 'housing_status', text: 'castle' },
          ],
        }),
      )
      .then(422, { code: 'FORM_ANSWER_NOT_ALLOWED', details: { field: 'form.answers.housing_status' } });
  });
});
