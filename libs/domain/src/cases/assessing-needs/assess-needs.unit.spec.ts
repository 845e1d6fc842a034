import {
  ASSESSED_AT,
  assessed,
  CASE_ID,
  engaged,
  householdMemberJoined,
  householdMemberLeft,
  metadata,
  needAssessed,
  NOW,
  spec,
} from '../../testing/fixtures';
import { decide, evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
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
          data: {
            assessmentId: 'asmt-2',
            kind: 'reassessment',
            needs: needs.map((need) => ({ ...need, category: 'housing' as const })),
            strengths: [],
            scores: [],
          },
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

describe('AssessNeeds with household members (NeedAssessed v2)', () => {
  const withMember = (memberId: string): AssessNeeds => ({
    type: 'AssessNeeds',
    caseId: 'case-1',
    data: {
      assessmentId: 'asmt-2',
      needs: [{ needId: 'need-school', domain: 'education', severity: 'moderate', memberId }],
      strengths: [],
      summary: 'The daughter is out of school.',
    },
    metadata: metadata(),
  });

  it('rates a need of a member present at the assessment, and the state says whose it is', () => {
    const given = [...engaged, householdMemberJoined];
    spec(given)
      .when(withMember('member-1'))
      .then([
        {
          type: 'NeedAssessed',
          occurredAt: NOW,
          data: {
            assessmentId: 'asmt-2',
            kind: 'initial',
            needs: [
              {
                needId: 'need-school',
                domain: 'education',
                category: 'services_referrals',
                severity: 'moderate',
                memberId: 'member-1',
              },
            ],
            strengths: [],
            scores: [],
          },
          pii: { summary: 'The daughter is out of school.', descriptions: {} },
        },
      ]);
    const state = [
      ...given,
      ...decide(withMember('member-1'), given.reduce(evolve, initialCaseState)),
    ].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.assessments.needs['need-school']?.memberId).toBe('member-1');
  });

  it('refuses a member unknown or gone, naming the need’s field', () => {
    spec(engaged).when(withMember('member-9')).thenFails('UNKNOWN_HOUSEHOLD_MEMBER');
    spec([...engaged, householdMemberJoined, householdMemberLeft])
      .when(withMember('member-1'))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
    const state = engaged.reduce(evolve, initialCaseState);
    expect(() => decide(withMember('member-9'), state)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'needs[0].memberId' }) }),
    );
  });
});
