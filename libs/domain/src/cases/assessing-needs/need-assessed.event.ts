import type { CaseEventShape, Descriptions } from '../values';
import type { AssessmentDomain, AssessmentKind, Severity } from '../vocabularies';

export interface AssessedNeed {
  readonly needId: string;
  readonly domain: AssessmentDomain;
  readonly severity: Severity;
}

export interface AssessedStrength {
  readonly strengthId: string;
  readonly domain: AssessmentDomain;
}

export interface ToolScore {
  /** e.g. PHQ-9, AUDIT, DAST-10. */
  readonly tool: string;
  readonly score: number;
  readonly maxScore?: number;
}

export type NeedAssessed = CaseEventShape<
  'NeedAssessed',
  {
    readonly assessmentId: string;
    readonly kind: AssessmentKind;
    readonly needs: readonly AssessedNeed[];
    readonly strengths: readonly AssessedStrength[];
    readonly scores: readonly ToolScore[];
  },
  { readonly summary: string; readonly descriptions: Descriptions }
>;
