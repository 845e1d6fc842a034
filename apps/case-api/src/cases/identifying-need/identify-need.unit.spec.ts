import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

const need = (overrides: Record<string, unknown> = {}) => ({
  needId: 'need-school',
  domain: 'education',
  severity: 'moderate',
  description: 'Not enrolled in school since the move',
  ...overrides,
});

describe('POST /cases/:caseId/needs: identifying one need between assessments', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/needs',
    given: () => [steps.assessed()],
    body: () => need(),
    event: 'NeedIdentified',
    refused: personas.auditor,
    shows: {
      assessments: {
        count: 1,
        needs: {
          'need-school': { domain: 'education', severity: 'moderate', assessmentId: expect.any(String) },
        },
      },
    },
    invalid: {
      // Any code in force is taken: the request refuses only what is not shaped like a code.
      domain: ['matches', need({ domain: 'Astrology!' })],
      description: ['isString', need({ description: 3 })],
    },
    rules: {
      ASSESSMENT_REQUIRED: { given: () => [], body: need() },
      NEED_ALREADY_EXISTS: { body: need({ needId: 'need-1', domain: 'housing' }) },
      INVALID_VOCABULARY_VALUE: { body: need({ domain: 'astrology' }) },
      UNKNOWN_HOUSEHOLD_MEMBER: { body: need({ memberId: 'member-9' }) },
    },
  });
});
