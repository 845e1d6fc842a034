import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, invalid, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/consents: granting consent', () => {
  const api = embeddedApi();
  const consent = (overrides: Record<string, unknown> = {}) => ({ ...steps.consented().body, ...overrides });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/consents',
    given: () => [],
    body: consent,
    event: 'ConsentGranted',
    refused: personas.auditor,
    shows: {
      consents: {
        'consent-1': {
          partnerId: 'clinic-1',
          categories: ['substance_use', 'mental_health', 'case_record'],
          purpose: 'treatment',
          until: null,
          revokedAt: null,
        },
      },
    },
    invalid: {
      categories: ['arrayNotEmpty', consent({ categories: [] })],
      purpose: ['isIn', consent({ purpose: 'marketing' })],
      until: ['matches', consent({ until: '2027-01-01' })],
    },
    rules: {
      CONSENT_ALREADY_EXISTS: { given: () => [steps.consented()], body: consent() },
      UNTIL_BEFORE_FROM: { body: consent({ from: '2026-06-01T00:00:00Z', until: '2026-05-01T00:00:00Z' }) },
    },
  });

  it('is 400 naming categories for a category that does not exist, 422 for one named twice', async () => {
    await given(api)
      .case()
      .when(personas.caseManager)
      .post('/cases/:caseId/consents', consent({ categories: ['everything'] }))
      .then(400, invalid('categories', 'isIn'));
    await given(api)
      .case()
      .when(personas.caseManager)
      .post('/cases/:caseId/consents', consent({ categories: ['housing', 'housing'] }))
      .then(422, { code: 'DUPLICATE_ID', message: expect.stringContaining('categories') });
  });

  // A case another worker holds is not found for them: the policy does not say it exists.
  it('is the intake worker’s on a case still in the intake queue, not once a case manager holds it', async () => {
    await given(api)
      .case(steps.unassigned())
      .when(personas.intake)
      .post('/cases/:caseId/consents', consent())
      .then(201, { events: [{ type: 'ConsentGranted' }] });
    await given(api).case().when(personas.intake).post('/cases/:caseId/consents', consent()).then(404);
  });

  it('is the supervisor’s on their team’s cases, and not another case manager’s', async () => {
    await given(api)
      .case()
      .when(personas.supervisor)
      .post('/cases/:caseId/consents', consent())
      .then(201, { events: [{ type: 'ConsentGranted' }] });
    await given(api)
      .case()
      .when(personas.otherCaseManager)
      .post('/cases/:caseId/consents', consent())
      .then(404);
  });
});
