import { ASSESSMENT_DOMAINS, SEVERITIES, type AssessmentDomain, type Severity } from '@casetrail/domain';
import { Id, Instant, Narrative, OneOf, Optional } from '../../http/fields';

export class IdentifyNeedDto {
  /** Minted when absent; the answer's `created.needId` names it. A need already in the case is re-rated by a reassessment. */
  @Optional() @Id() needId?: string;
  @OneOf(ASSESSMENT_DOMAINS) domain!: AssessmentDomain;
  @OneOf(SEVERITIES) severity!: Severity;
  /** What was found, in the worker's words (sealed). */
  @Narrative(2_000) description!: string;
  /** The household member it concerns, in the household when it was found; leave out for the client. */
  @Optional() @Id() memberId?: string;
  /** When it was found; defaults to now. */
  @Optional() @Instant() occurredAt?: string;
}
