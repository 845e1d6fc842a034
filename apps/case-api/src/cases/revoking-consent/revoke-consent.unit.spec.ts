import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps, type Step } from '../../testing/given';

describe('POST /cases/:caseId/consents/:consentId/revocation: revoking consent', () => {
  const api = embeddedApi();
  const revocation = (overrides: Record<string, unknown> = {}) => ({
    reason: 'Changed clinics',
    ...overrides,
  });
  const revoked = (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/consents/consent-1/revocation',
    body: {},
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/consents/consent-1/revocation',
    given: () => [steps.consented()],
    body: revocation,
    event: 'ConsentRevoked',
    refused: personas.auditor,
    shows: { consents: { 'consent-1': { revokedAt: expect.any(String) } } },
    invalid: { reason: ['isNotEmpty', revocation({ reason: '' })] },
    rules: {
      CONSENT_REVOKED: { given: () => [steps.consented(), revoked()], body: revocation() },
      UNKNOWN_CONSENT: { path: '/cases/:caseId/consents/consent-9/revocation', body: revocation() },
    },
  });

  it('is not the intake worker’s, even on a case in the intake queue', async () => {
    await given(api)
      .case(steps.unassigned(), { ...steps.consented(), as: personas.intake })
      .when(personas.intake)
      .post('/cases/:caseId/consents/consent-1/revocation', revocation())
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
  });
});
