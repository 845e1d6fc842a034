import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape, Descriptions } from '../values';
import type { CodeCategory } from '../../vocabularies/vocabulary-kinds';
import type { AssessmentKind, NeedDomainCode, Severity } from '../vocabularies';

export interface AssessedNeed {
  /** The need's id, unique within the case; goals name it in `needIds`. */
  readonly needId: string;
  /**
   * The assessment domain the need is in, a code of the agency's need domains in force when it was
   * assessed: that it exists is information of that domain's category.
   */
  readonly domain: NeedDomainCode;
  /**
   * The consent category the domain carried when the need was assessed (v2; a v1 assessment's
   * needs take their built-in domains' categories through the upcaster).
   */
  readonly category: CodeCategory;
  /** How severe the need is. */
  readonly severity: Severity;
  /** The household member the need concerns (v2); absent when it is the client's own. */
  readonly memberId?: string;
}

export interface AssessedStrength {
  /** The strength's id, unique within the case. */
  readonly strengthId: string;
  /** The assessment domain the strength is in, a code of the agency's need domains in force then. */
  readonly domain: NeedDomainCode;
  /** The consent category the domain carried when the strength was assessed (v2, as for a need). */
  readonly category: CodeCategory;
}

export interface ToolScore {
  /** The screening tool, as the worker named it, e.g. PHQ-9, AUDIT, DAST-10. */
  readonly tool: string;
  /** The score the tool gave. */
  readonly score: number;
  /** The tool's highest possible score, when given. */
  readonly maxScore?: number;
}

export type NeedAssessed = CaseEventShape<
  'NeedAssessed',
  {
    /** The assessment's id, unique within the case. */
    readonly assessmentId: string;
    /**
     * Set by the case, not chosen: `initial` for the case's first assessment, `reassessment` for
     * every later one (a need it lists under a known `needId` updates that need; others stand).
     */
    readonly kind: AssessmentKind;
    /** The needs found. */
    readonly needs: readonly AssessedNeed[];
    /** The client's strengths found. */
    readonly strengths: readonly AssessedStrength[];
    /** Screening tools' scores; a score names no domain, so each is labelled at the most protected category. */
    readonly scores: readonly ToolScore[];
  },
  {
    /** The assessment's summary, in the worker's words. */
    readonly summary: string;
    /** Free-text descriptions of the needs and strengths, by their ids. */
    readonly descriptions: Descriptions;
  }
>;

/** The category of each field of NeedAssessed (rules: `../sensitivity.ts`). */
export const NEED_ASSESSED_SENSITIVITY: EventSensitivity = {
  data: {
    assessmentId: 'case_record',
    kind: 'case_record',
    'needs[].needId': 'case_record',
    // That a need exists in a domain is itself information of that domain.
    'needs[].domain': { byDomainAt: 'needs[].domain' },
    'needs[].category': { byDomainAt: 'needs[].domain' },
    'needs[].severity': { byDomainAt: 'needs[].domain' },
    'needs[].memberId': 'case_record',
    'strengths[].strengthId': 'case_record',
    'strengths[].domain': { byDomainAt: 'strengths[].domain' },
    'strengths[].category': { byDomainAt: 'strengths[].domain' },
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
