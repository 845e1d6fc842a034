import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/consents/:consentId/narrowing: narrowing consent', () => {
  const api = embeddedApi();
  const narrowing = (overrides: Record<string, unknown> = {}) => ({
    categories: ['mental_health', 'case_record'],
    ...overrides,
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/consents/consent-1/narrowing',
    given: () => [steps.consented()],
    body: narrowing,
    event: 'ConsentNarrowed',
    refused: personas.auditor,
    shows: { consents: { 'consent-1': { categories: ['mental_health', 'case_record'], revokedAt: null } } },
    invalid: { categories: ['arrayNotEmpty', narrowing({ categories: [] })] },
    rules: {
      NOT_A_NARROWING: { body: narrowing({ categories: ['housing'] }) },
      UNKNOWN_CONSENT: { path: '/cases/:caseId/consents/consent-9/narrowing', body: narrowing() },
    },
  });

  it('is not the intake worker’s, even on a case in the intake queue', async () => {
    await given(api)
      .case(steps.unassigned(), { ...steps.consented(), as: personas.intake })
      .when(personas.intake)
      .post('/cases/:caseId/consents/consent-1/narrowing', narrowing())
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
  });
});
