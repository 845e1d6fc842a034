import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, invalid, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/referrals: making a referral', () => {
  const api = embeddedApi();
  const referral = (overrides: Record<string, unknown> = {}) => ({
    referralId: 'ref-1',
    providerId: 'county-housing',
    serviceType: 'housing_voucher',
    goalIds: ['goal-1'],
    ...overrides,
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/referrals',
    given: () => [steps.assessed(), steps.planned()],
    body: referral,
    event: 'ReferralMade',
    refused: personas.auditor,
  });

  it('shows the referral on the case, pending, for the goals it serves', async () => {
    const opened = await given(api).case(steps.assessed(), steps.planned()).ready;
    await opened.when(personas.caseManager).post('/cases/:caseId/referrals', referral()).then(201);
    await opened
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, {
        version: 4,
        state: { referrals: { 'ref-1': expect.objectContaining({ providerId: 'county-housing' }) } },
      });
  });

  it('is 400 naming serviceType when it is not a service type', async () => {
    await given(api)
      .case(steps.assessed(), steps.planned())
      .when(personas.caseManager)
      .post('/cases/:caseId/referrals', referral({ serviceType: 'teleportation' }))
      .then(400, invalid('serviceType', 'isIn'));
  });

  it('is 422 UNKNOWN_GOAL for a goal the plan does not have', async () => {
    await given(api)
      .case(steps.assessed(), steps.planned())
      .when(personas.caseManager)
      .post('/cases/:caseId/referrals', referral({ goalIds: ['goal-9'] }))
      .then(422, { code: 'UNKNOWN_GOAL' });
  });

  it('is 422 REFERRAL_ALREADY_EXISTS for a referral id the case has', async () => {
    await given(api)
      .case(steps.assessed(), steps.planned(), steps.referred())
      .when(personas.caseManager)
      .post('/cases/:caseId/referrals', referral())
      .then(422, { code: 'REFERRAL_ALREADY_EXISTS' });
  });
});
