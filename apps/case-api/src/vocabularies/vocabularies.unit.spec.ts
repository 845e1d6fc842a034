import { BUILT_IN_VOCABULARIES } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { embeddedApi } from '../testing/api-harness';
import { engagement, personas, steps } from '../testing/given';

describe('the agency vocabularies, over HTTP', () => {
  const caseApi = embeddedApi();
  const admin = () => caseApi.as(personas.administrator);
  const contactTypes = BUILT_IN_VOCABULARIES.contact_type.codes;

  it('answers the built-in defaults as version 0 to everyone who reads cases', async () => {
    const answer = await caseApi.as(personas.caseManager).get('/vocabularies');
    expect(answer.status).toBe(200);
    const kinds = (answer.body.vocabularies as { kind: string; version: number }[]).map(
      ({ kind, version }) => ({
        kind,
        version,
      }),
    );
    expect(kinds).toEqual([
      { kind: 'service_type', version: 0 },
      { kind: 'need_domain', version: 0 },
      { kind: 'closing_reason', version: 0 },
      { kind: 'contact_type', version: 0 },
    ]);
    expect(answer.body.vocabularies[0].codes).toContainEqual({
      code: 'shelter',
      label: 'Shelter',
      category: 'safety',
    });
    expect((await caseApi.as(personas.analyst).get('/vocabularies')).status).toBe(403);
  });

  it('publishes versions for administrators only, refuses a stale one with 409, and records it in its own stream', async () => {
    const retired = contactTypes.map((code) => (code.code === 'letter' ? { ...code, retired: true } : code));
    const body = { expectedVersion: 0, codes: retired };
    expect(
      (await caseApi.as(personas.supervisor).post('/vocabularies/contact_type/versions', body)).status,
    ).toBe(403);
    const published = await admin().post('/vocabularies/contact_type/versions', body);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ kind: 'contact_type', version: 1 });
    const stale = await admin().post('/vocabularies/contact_type/versions', body);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VOCABULARY_VERSION_NOT_NEXT');
    const removed = await admin().post('/vocabularies/contact_type/versions', {
      expectedVersion: 1,
      codes: retired.slice(1),
    });
    expect(removed.status).toBe(422);
    expect(removed.body.code).toBe('VOCABULARY_CODE_REMOVED');
    expect((await admin().post('/vocabularies/astrology/versions', body)).status).toBe(400);

    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream('agency-vocabulary-contact_type');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'VocabularyVersionPublished',
        schemaVersion: 1,
        version: 1,
        actor: { id: personas.administrator.id, role: 'administrator' },
      }),
    ]);
    const now = await caseApi.as(personas.auditor).get('/vocabularies');
    expect(now.body.vocabularies[3]).toMatchObject({ kind: 'contact_type', version: 1 });
    expect(now.body.vocabularies[3].codes).toContainEqual({ code: 'letter', label: 'Letter', retired: true });
  });

  it('refuses a case command naming a retired code, naming the field', async () => {
    // The previous test retired `letter` (the app, and its store, are shared by this file's tests).
    const engaged = await caseApi.as(personas.intake).post('/cases', engagement());
    expect(engaged.status).toBe(201);
    const contact = steps.contacted();
    const path = contact.path.replace(':caseId', engaged.body.caseId as string);
    const letter = await caseApi
      .as(personas.caseManager)
      .post(path, { ...contact.body, contactType: 'letter' });
    expect(letter.status).toBe(422);
    expect(letter.body).toMatchObject({
      code: 'INVALID_VOCABULARY_VALUE',
      details: { field: 'contactType', value: 'letter', vocabulary: 'contact_type', version: 1 },
    });
    expect((await caseApi.as(personas.caseManager).post(path, contact.body)).status).toBe(201);
  });

  it('makes a referral to the new default `shelter` through the API, keeping its category (safety)', async () => {
    const engaged = await caseApi.as(personas.intake).post('/cases', engagement());
    const caseId = engaged.body.caseId as string;
    const referral = steps.referred();
    const made = await caseApi.as(personas.caseManager).post(referral.path.replace(':caseId', caseId), {
      ...referral.body,
      serviceType: 'shelter',
      goalIds: [],
    });
    expect(made.status).toBe(201);
    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(caseId);
    expect(events.find((event) => event.type === 'ReferralMade')).toMatchObject({
      schemaVersion: 2,
      data: { serviceType: 'shelter', serviceCategory: 'safety' },
    });
  });

  it('takes a service type an administrator published, with the category it carries, and refuses it once retired', async () => {
    const ownCode = { code: 'harm_reduction', label: 'Harm reduction', category: 'substance_use' };
    const serviceTypes = BUILT_IN_VOCABULARIES.service_type.codes;
    expect(
      (
        await admin().post('/vocabularies/service_type/versions', {
          expectedVersion: 0,
          codes: [...serviceTypes, ownCode],
        })
      ).status,
    ).toBe(201);
    const engaged = await caseApi.as(personas.intake).post('/cases', engagement());
    const caseId = engaged.body.caseId as string;
    const referral = steps.referred();
    const path = referral.path.replace(':caseId', caseId);
    const made = await caseApi
      .as(personas.caseManager)
      .post(path, { ...referral.body, serviceType: 'harm_reduction', goalIds: [] });
    expect(made.status).toBe(201);
    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    expect((await store.readStream(caseId)).find((event) => event.type === 'ReferralMade')).toMatchObject({
      data: { serviceType: 'harm_reduction', serviceCategory: 'substance_use' },
    });

    expect(
      (
        await admin().post('/vocabularies/service_type/versions', {
          expectedVersion: 1,
          codes: [...serviceTypes, { ...ownCode, retired: true }],
        })
      ).status,
    ).toBe(201);
    const again = await caseApi
      .as(personas.caseManager)
      .post(path, { ...referral.body, referralId: 'ref-2', serviceType: 'harm_reduction', goalIds: [] });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'INVALID_VOCABULARY_VALUE', details: { field: 'serviceType' } });
  });

  it('closes a case with a closing reason an administrator published and an own service type continuing, with its category', async () => {
    const reasons = BUILT_IN_VOCABULARIES.closing_reason.codes;
    expect(
      (
        await admin().post('/vocabularies/closing_reason/versions', {
          expectedVersion: 0,
          codes: [...reasons, { code: 'refuge_placement', label: 'Placed in a refuge' }],
        })
      ).status,
    ).toBe(201);
    // Earlier tests here published service types already (harm_reduction retired): the next
    // version follows theirs, and puts harm_reduction back in force.
    const current = (await admin().get('/vocabularies')).body.vocabularies as {
      kind: string;
      version: number;
    }[];
    expect(
      (
        await admin().post('/vocabularies/service_type/versions', {
          expectedVersion: current.find((vocabulary) => vocabulary.kind === 'service_type')!.version,
          codes: [
            ...BUILT_IN_VOCABULARIES.service_type.codes,
            { code: 'harm_reduction', label: 'Harm reduction', category: 'substance_use' },
          ],
        })
      ).status,
    ).toBe(201);
    const engaged = await caseApi.as(personas.intake).post('/cases', engagement());
    const caseId = engaged.body.caseId as string;
    const closing = steps.terminated();
    const path = closing.path.replace(':caseId', caseId);
    const refused = await caseApi.as(personas.caseManager).post(path, {
      ...closing.body,
      reason: 'refuge_placement',
      ongoingSupports: [{ serviceType: 'astrology' }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'INVALID_VOCABULARY_VALUE',
      details: { field: 'ongoingSupports[0].serviceType' },
    });
    const closed = await caseApi.as(personas.caseManager).post(path, {
      ...closing.body,
      reason: 'refuge_placement',
      ongoingSupports: [{ serviceType: 'harm_reduction', providerId: 'prov-hr' }],
    });
    expect(closed.status).toBeLessThan(300);
    const store = caseApi.app.get<EventStore>(EVENT_STORE);
    expect((await store.readStream(caseId)).find((event) => event.type === 'CaseTerminated')).toMatchObject({
      schemaVersion: 3,
      data: {
        reason: 'refuge_placement',
        ongoingSupports: [
          { serviceType: 'harm_reduction', serviceCategory: 'substance_use', providerId: 'prov-hr' },
        ],
      },
    });
  });
});
