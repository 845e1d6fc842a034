import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe("POST /cases/:caseId/referrals/:referralId/status: a referral's life", () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/referrals/ref-1/status',
    given: () => [steps.assessed(), steps.planned(), steps.referred()],
    body: () => ({ status: 'accepted' }),
    event: 'ReferralStatusChanged',
    refused: personas.auditor,
    shows: { referrals: { 'ref-1': { status: 'accepted' } } },
    invalid: { status: ['isIn', { status: 'maybe' }] },
    rules: {
      UNKNOWN_REFERRAL: { path: '/cases/:caseId/referrals/ref-9/status', body: { status: 'accepted' } },
      // Completed is for a service that started.
      INVALID_REFERRAL_TRANSITION: { body: { status: 'completed' } },
    },
  });
});
