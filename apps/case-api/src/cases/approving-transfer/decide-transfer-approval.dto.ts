import { APPROVAL_DECISIONS, type ApprovalDecision } from '@casetrail/domain';
import { Instant, Narrative, OneOf, Optional } from '../../http/fields';

export class DecideTransferApprovalDto {
  @OneOf(APPROVAL_DECISIONS) decision!: ApprovalDecision;
  /** Required when returning: why the case stays where it is. */
  @Optional() @Narrative() comments?: string;
  @Optional() @Instant() occurredAt?: string;
}
