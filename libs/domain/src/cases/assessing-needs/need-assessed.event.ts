import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
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

/** The category of each field of NeedAssessed (rules: `../sensitivity.ts`). */
export const NEED_ASSESSED_SENSITIVITY: EventSensitivity = {
  data: {
    assessmentId: 'case_record',
    kind: 'case_record',
    'needs[].needId': 'case_record',
    // That a need exists in a domain is itself information of that domain.
    'needs[].domain': { byDomainAt: 'needs[].domain' },
    'needs[].severity': { byDomainAt: 'needs[].domain' },
    'strengths[].strengthId': 'case_record',
    'strengths[].domain': { byDomainAt: 'strengths[].domain' },
    // A score names no domain, and its tool (AUDIT, DAST-10, PHQ-9) tells what was screened: most protected.
    'scores[].tool': CLIENT_FREE_TEXT,
    'scores[].score': CLIENT_FREE_TEXT,
    'scores[].maxScore': CLIENT_FREE_TEXT,
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
    'descriptions.*': CLIENT_FREE_TEXT,
  },
};
