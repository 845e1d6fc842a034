import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/referrals: making a referral', () => {
  const api = embeddedApi();
  const referral = (overrides: Record<string, unknown> = {}) => ({ ...steps.referred().body, ...overrides });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/referrals',
    given: () => [steps.assessed(), steps.planned()],
    body: referral,
    event: 'ReferralMade',
    refused: personas.auditor,
    shows: { referrals: { 'ref-1': { status: 'made', providerId: 'county-housing', goalIds: ['goal-1'] } } },
    invalid: { serviceType: ['matches', referral({ serviceType: 'Teleportation!' })] },
    rules: {
      UNKNOWN_GOAL: { body: referral({ goalIds: ['goal-9'] }) },
      // Well formed, but in no version of the agency's service types.
      INVALID_VOCABULARY_VALUE: { body: referral({ serviceType: 'teleportation' }) },
      REFERRAL_ALREADY_EXISTS: {
        given: () => [steps.assessed(), steps.planned(), steps.referred()],
        body: referral(),
      },
    },
  });
});

describe('POST /cases/:caseId/referrals for a household member (ReferralMade v2)', () => {
  const api = embeddedApi();
  const referral = (overrides: Record<string, unknown> = {}) => ({ ...steps.referred().body, ...overrides });
  const joined = () => ({
    as: personas.caseManager,
    path: '/cases/:caseId/household/members',
    body: { memberId: 'member-1', relationship: 'child', givenName: 'Ola', familyName: 'Pyke' },
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/referrals',
    given: () => [steps.assessed(), steps.planned(), joined()],
    body: () => referral({ memberId: 'member-1' }),
    event: 'ReferralMade',
    refused: personas.auditor,
    shows: { referrals: { 'ref-1': { status: 'made', memberId: 'member-1' } } },
    invalid: { memberId: ['matches', referral({ memberId: 'no spaces allowed' })] },
    rules: {
      UNKNOWN_HOUSEHOLD_MEMBER: { body: referral({ memberId: 'member-9' }) },
    },
  });
});
