import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/closing/approval: the approved closing', () => {
  const api = embeddedApi({ PROGRAM_APPROVALS: JSON.stringify({ 'housing-first': ['closing'] }) });

  it("closes the case with the summary and referral dispositions of the request, and logs the approver's read", async () => {
    const at = given(api).case(steps.assessed(), steps.planned(), steps.referred(), {
      ...steps.terminated([{ goalId: 'goal-1', outcome: 'partially_achieved' }]),
      body: {
        ...steps.terminated([{ goalId: 'goal-1', outcome: 'partially_achieved' }]).body,
        referralDispositions: [{ referralId: 'ref-1', disposition: 'continued' }],
      },
    });
    await at
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, { state: { status: 'open' } });
    await at
      .when(personas.supervisor)
      .post('/cases/:caseId/closing/approval', { decision: 'approved' })
      .then(201);
    const { body } = await at.when(personas.caseManager).get('/cases/:caseId/events').then(200);
    const terminated = (body.events as { type: string }[]).find((event) => event.type === 'CaseTerminated');
    expect(terminated).toMatchObject({
      schemaVersion: 3,
      data: { referralDispositions: [{ referralId: 'ref-1', disposition: 'continued' }] },
      pii: { summary: 'Client moved away' },
    });
    await at
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, {
        state: {
          status: 'closed',
          referrals: { 'ref-1': { status: 'made', disposition: 'continued' } },
          closing: { referralDispositions: { 'ref-1': 'continued' } },
        },
      });
    const log = await at.when(personas.auditor).get('/cases/:caseId/access-log').then(200);
    expect(JSON.stringify(log.body)).toContain('closing/approval');
  });

  it('refuses a disposition for a referral that is not open (422)', async () => {
    await given(api)
      .case(steps.assessed(), steps.planned())
      .when(personas.caseManager)
      .post('/cases/:caseId/termination', {
        ...steps.terminated([{ goalId: 'goal-1', outcome: 'achieved' }]).body,
        referralDispositions: [{ referralId: 'ref-9', disposition: 'continued' }],
      })
      .then(422, { code: 'REFERRAL_NOT_OPEN' });
  });
});
