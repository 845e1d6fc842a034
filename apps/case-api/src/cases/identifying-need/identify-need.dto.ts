import { SEVERITIES, type NeedDomainCode, type Severity } from '@casetrail/domain';
import { Code, Id, Instant, Narrative, OneOf, Optional } from '../../http/fields';

export class IdentifyNeedDto {
  /** Minted when absent; the answer's `created.needId` names it. A need already in the case is re-rated by a reassessment. */
  @Optional() @Id() needId?: string;
  /** Any code of the agency's need domains in force (`GET /vocabularies/need_domain`). */
  @Code() domain!: NeedDomainCode;
  @OneOf(SEVERITIES) severity!: Severity;
  /** What was found, in the worker's words (sealed). */
  @Narrative(2_000) description!: string;
  /** The household member it concerns, in the household when it was found; leave out for the client. */
  @Optional() @Id() memberId?: string;
  /** When it was found; defaults to now. */
  @Optional() @Instant() occurredAt?: string;
}
