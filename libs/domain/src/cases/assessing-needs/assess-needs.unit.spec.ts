import {
  ASSESSED_AT,
  assessed,
  CASE_ID,
  engaged,
  metadata,
  needAssessed,
  NOW,
  spec,
} from '../../testing/fixtures';
import type { AssessNeeds } from './assess-needs.command';

const assess = (data: Partial<AssessNeeds['data']> = {}): AssessNeeds => ({
  type: 'AssessNeeds',
  caseId: CASE_ID,
  data: {
    assessmentId: 'asmt-1',
    needs: needAssessed.data.needs,
    strengths: needAssessed.data.strengths,
    scores: needAssessed.data.scores,
    summary: needAssessed.pii.summary,
    assessedAt: ASSESSED_AT,
    ...data,
  },
  metadata: metadata(),
});

describe('AssessNeeds', () => {
  it('records the first assessment as the initial one', () => {
    spec(engaged).when(assess()).then([needAssessed]);
  });

  it('records later assessments as reassessments, re-rating known needs', () => {
    const needs = [{ needId: 'need-housing', domain: 'housing', severity: 'moderate' }] as const;
    spec(assessed)
      .when(
        assess({ assessmentId: 'asmt-2', needs, strengths: [], scores: undefined, assessedAt: undefined }),
      )
      .then([
        {
          type: 'NeedAssessed',
          occurredAt: NOW,
          data: { assessmentId: 'asmt-2', kind: 'reassessment', needs, strengths: [], scores: [] },
          pii: { summary: needAssessed.pii.summary, descriptions: {} },
        },
      ]);
  });

  it('records at least one need or strength', () => {
    spec(engaged)
      .when(assess({ needs: [], strengths: [] }))
      .thenFails('ASSESSMENT_EMPTY');
  });

  it('gives every need a known domain and severity', () => {
    spec(engaged)
      .when(assess({ needs: [{ needId: 'need-x', domain: 'housing', severity: 'urgent' as never }] }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('lists each need once', () => {
    const need = { needId: 'need-x', domain: 'housing', severity: 'low' } as const;
    spec(engaged)
      .when(assess({ needs: [need, need] }))
      .thenFails('DUPLICATE_ID');
  });

  it('keeps a known need in its domain', () => {
    spec(assessed)
      .when(assess({ needs: [{ needId: 'need-housing', domain: 'finances_employment', severity: 'low' }] }))
      .thenFails('NEED_DOMAIN_CHANGED');
  });

  it('keeps tool scores within the tool’s scale', () => {
    spec(engaged)
      .when(assess({ scores: [{ tool: 'PHQ-9', score: 28, maxScore: 27 }] }))
      .thenFails('SCORE_OUT_OF_RANGE');
    spec(engaged)
      .when(assess({ scores: [{ tool: 'PHQ-9', score: -1, maxScore: 27 }] }))
      .thenFails('SCORE_OUT_OF_RANGE');
  });

  it('cannot be dated after it is recorded', () => {
    spec(engaged)
      .when(assess({ assessedAt: '2025-03-10T10:05:00.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });
});
