import type { FormSubmission } from '../../forms/answering-form/form-answers';
import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { Descriptions } from '../values';
import { SEVERITIES } from '../vocabularies';
import type { AssessedNeed, AssessedStrength, NeedAssessed, ToolScore } from './need-assessed.event';
import type { ActiveCase, CaseState } from '../case-state';
import {
  occurredAtFor,
  requireDistinct,
  requireOneOf,
  requireOpenCase,
  requirePresentMember,
  requireNeedDomain,
} from '../case-rules';
import type { VocabularyCatalog } from '../../vocabularies/vocabulary-kinds';

export interface AssessNeeds {
  readonly type: 'AssessNeeds';
  readonly caseId: string;
  readonly data: {
    readonly assessmentId: string;
    /** The answers to the program's form filled in here, if any (`forms/answering-form`). */
    readonly form?: FormSubmission;
    /** A need id seen in an earlier assessment re-rates that need, so assessments compare over time. */
    readonly needs: readonly Omit<AssessedNeed, 'category'>[];
    readonly strengths: readonly Omit<AssessedStrength, 'category'>[];
    readonly scores?: readonly ToolScore[];
    readonly summary: string;
    readonly descriptions?: Descriptions;
    /** When the assessment took place; defaults to when it was recorded. */
    readonly assessedAt?: string;
  };
  readonly metadata: CommandMetadata;
}

const checkNeed = (
  active: ActiveCase,
  need: Omit<AssessedNeed, 'category'>,
  index: number,
  occurredAt: string,
  catalog: VocabularyCatalog | undefined,
): AssessedNeed => {
  if (need.memberId !== undefined)
    requirePresentMember(active, need.memberId, occurredAt, `needs[${index}].memberId`);
  const { category } = requireNeedDomain(catalog, need.domain, `needs[${index}].domain`);
  requireOneOf(SEVERITIES, need.severity, `needs[${index}].severity`);
  const known = entry(active.assessments.needs, need.needId);
  // Goals point at need ids; a need that changed domain would silently change what those goals address.
  if (known !== undefined && known.domain !== need.domain) {
    throw caseError('NEED_DOMAIN_CHANGED', `Need ${need.needId} was assessed in another domain`, {
      needId: need.needId,
      domain: known.domain,
    });
  }
  return { ...need, category };
};

const checkScore = (score: ToolScore, index: number): void => {
  const { maxScore } = score;
  const withinScale =
    Number.isFinite(score.score) &&
    (maxScore === undefined || (Number.isFinite(maxScore) && score.score >= 0 && score.score <= maxScore));
  if (!withinScale) {
    throw caseError('SCORE_OUT_OF_RANGE', `scores[${index}] is outside its tool's scale`, {
      tool: score.tool,
      score: score.score,
      maxScore: maxScore ?? null,
    });
  }
};

export const assessNeeds = (command: AssessNeeds, state: CaseState): readonly NeedAssessed[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.assessedAt, 'assessedAt');
  if (data.needs.length === 0 && data.strengths.length === 0) {
    throw caseError('ASSESSMENT_EMPTY', 'An assessment records at least one need or strength', {});
  }
  requireDistinct(
    data.needs.map((need) => need.needId),
    'needs',
  );
  requireDistinct(
    data.strengths.map((strength) => strength.strengthId),
    'strengths',
  );
  const needs = data.needs.map((need, index) =>
    checkNeed(active, need, index, occurredAt, metadata.vocabulary),
  );
  const strengths = data.strengths.map((strength, index): AssessedStrength => ({
    ...strength,
    category: requireNeedDomain(metadata.vocabulary, strength.domain, `strengths[${index}].domain`).category,
  }));
  const scores = data.scores ?? [];
  scores.forEach(checkScore);
  return [
    {
      type: 'NeedAssessed',
      occurredAt,
      data: {
        assessmentId: data.assessmentId,
        kind: active.assessments.count === 0 ? 'initial' : 'reassessment',
        needs,
        strengths,
        scores,
      },
      pii: { summary: data.summary, descriptions: data.descriptions ?? {} },
    },
  ];
};
