import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';

/**
 * A family through the API, over real Kafka into the caseload in the real database: household
 * members join and leave, a confidential address and a do-not-contact flag, the address withheld
 * from an intake worker who does not need it, and the client's language (issue #14).
 */
describe('household, safety flags and communication needs, end to end', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  const supervisor = () => api(caseApi.url, { id: 'sup-e2', role: 'supervisor', teams: ['team-e2'] });
  const intake = () => api(caseApi.url, { id: 'iw-e2', role: 'intake_worker', programs: ['housing'] });
  const manager = () => api(caseApi.url, { id: 'cm-e2', role: 'case_manager' });
  let caseId = '';

  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    expect([r.status, r.body]).toEqual([201, expect.anything()]);
    return r.body;
  };

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    caseId = (
      await ok(
        intake().post('/cases', {
          programId: 'housing',
          teamId: 'team-e2',
          referralSource: 'outreach',
          consent: { toServices: true, toInformationSharing: true, sharingWith: [] },
          client: {
            givenName: 'Amina',
            familyName: 'Haddad',
            dateOfBirth: '1988-03-14',
            address: '12 Refuge Lane',
          },
          presentingConcerns: 'Fled with her children; needs housing',
        }),
      )
    ).caseId;
    const path = `/cases/${caseId}`;
    for (const [memberId, givenName] of [
      ['m-omar', 'Omar'],
      ['m-lina', 'Lina'],
      ['m-karim', 'Karim'],
    ] as const)
      await ok(
        supervisor().post(`${path}/household/members`, {
          memberId,
          relationship: memberId === 'm-karim' ? 'spouse_partner' : 'child',
          givenName,
          familyName: 'Haddad',
        }),
      );
    await ok(supervisor().post(`${path}/household/members/m-karim/departure`, { note: 'Left the home' }));
    const flag = await ok(
      intake().post(`${path}/safety-flags`, {
        kind: 'address_confidentiality',
        reason: 'At a refuge; her former partner is looking for her',
      }),
    );
    expect(flag.created.flagId).toEqual(expect.any(String));
    await ok(
      supervisor().post(`${path}/safety-flags`, {
        flagId: 'flag-dnc',
        kind: 'do_not_contact',
        reason: 'Threats',
        doNotContact: [{ who: 'Karim Haddad' }],
      }),
    );
    await ok(
      intake().post(`${path}/communication-needs`, {
        preferredLanguage: 'AR',
        interpreterNeeded: true,
        notes: 'A female interpreter',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
  });

  it('withholds the confidential address from the intake worker, not from the team’s supervisor', async () => {
    const engagedAs = async (reader: ReturnType<typeof api>) => {
      const { status, body } = await reader.get(`/cases/${caseId}/events`);
      expect(status).toBe(200);
      return body.events.find((e: { type: string }) => e.type === 'ClientEngaged').pii.client;
    };
    expect(await engagedAs(intake())).toMatchObject({ givenName: 'Amina', address: 'withheld' });
    expect(await engagedAs(supervisor())).toMatchObject({ address: '12 Refuge Lane' });
  });

  it('shows the flags, the language and the household in the case’s state', async () => {
    const { body } = await supervisor().get(`/cases/${caseId}`);
    expect(Object.values(body.state.safetyFlags).map((f: any) => [f.kind, f.setBy, f.clearedAt])).toEqual([
      ['address_confidentiality', 'iw-e2', null],
      ['do_not_contact', 'sup-e2', null],
    ]);
    expect(body.state.communication).toMatchObject({
      preferredLanguage: 'ar',
      interpreterNeeded: true,
      interpreterLanguage: 'ar',
    });
    expect(body.state.household['m-karim']).toMatchObject({ leftAt: expect.any(String) });
  });

  it('refuses a flag naming nobody not to contact, and clears a flag once', async () => {
    const bad = await supervisor().post(`/cases/${caseId}/safety-flags`, {
      kind: 'do_not_contact',
      reason: 'x',
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'DO_NOT_CONTACT_WHO_REQUIRED']);
    await ok(
      supervisor().post(`/cases/${caseId}/safety-flags/flag-dnc/clearance`, { reason: 'Order granted' }),
    );
    const again = await supervisor().post(`/cases/${caseId}/safety-flags/flag-dnc/clearance`, {
      reason: 'x',
    });
    expect([again.status, again.body.code]).toEqual([422, 'SAFETY_FLAG_ALREADY_CLEARED']);
  });

  it('shows the flag kinds in force, the language and the household size on the caseload', async () => {
    await ok(supervisor().post(`/cases/${caseId}/assignment`, { caseManagerId: 'cm-e2' }));
    await eventually(async () => {
      const { body } = await manager().get('/caseloads/cm-e2');
      expect(body.cases).toHaveLength(1);
      expect(body.cases[0]).toMatchObject({
        caseId,
        safetyFlags: ['address_confidentiality'],
        communication: { preferredLanguage: 'ar', interpreterNeeded: true },
        householdSize: 2,
      });
      expect(JSON.stringify(body.cases[0])).not.toMatch(/refuge|Threats|Karim/i);
    });
    // Now held by cm-e2, who keeps the address.
    const { body } = await manager().get(`/cases/${caseId}/events`);
    expect(body.events[0].pii.client.address).toBe('12 Refuge Lane');
  });
});
