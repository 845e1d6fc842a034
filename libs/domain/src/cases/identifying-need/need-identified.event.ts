import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { CodeCategory } from '../../vocabularies/vocabulary-kinds';
import type { NeedDomainCode, Severity } from '../vocabularies';

/**
 * One need found between assessments (issue #14): it joins the case's needs as if the latest
 * assessment had rated it, so plans can address it without a whole reassessment.
 */
export type NeedIdentified = CaseEventShape<
  'NeedIdentified',
  {
    /** The need's id, new in the case; goals name it in `needIds`. */
    readonly needId: string;
    /**
     * The assessment domain the need is in, a code of the agency's need domains in force when it
     * was found: that it exists is information of that domain's category.
     */
    readonly domain: NeedDomainCode;
    /** The consent category the domain carried when the need was found; masking and consent read it. */
    readonly category: CodeCategory;
    /** How severe the need is. */
    readonly severity: Severity;
    /** The household member (`HouseholdMemberJoined.data.memberId`) the need concerns; null for the client. */
    readonly memberId: string | null;
  },
  {
    /** What was found, in the worker's words. */
    readonly description: string;
  }
>;

/** The category of each field of NeedIdentified (rules: `../sensitivity.ts`). */
export const NEED_IDENTIFIED_SENSITIVITY: EventSensitivity = {
  data: {
    needId: 'case_record',
    domain: { byDomainAt: 'domain' },
    category: { byDomainAt: 'domain' },
    severity: { byDomainAt: 'domain' },
    memberId: 'case_record',
  },
  pii: { description: CLIENT_FREE_TEXT },
};
