import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/assessments: assessing needs', () => {
  const api = embeddedApi();
  const needs = (severity: string) => [{ needId: 'need-1', domain: 'housing', severity }];

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/assessments',
    given: () => [],
    body: () => steps.assessed().body,
    event: 'NeedAssessed',
    refused: personas.auditor,
    shows: { assessments: { count: 1, highestSeverity: 'high', needs: { 'need-1': { domain: 'housing' } } } },
    invalid: { 'needs.0.severity': ['isIn', { summary: 'Sleeping rough', needs: needs('dire') }] },
    rules: {
      ASSESSMENT_EMPTY: { body: { summary: 'Nothing found', needs: [] } },
      NEED_DOMAIN_CHANGED: {
        given: () => [steps.assessed()],
        body: { summary: 'Reassessed', needs: [{ needId: 'need-1', domain: 'legal', severity: 'low' }] },
      },
    },
  });
});
