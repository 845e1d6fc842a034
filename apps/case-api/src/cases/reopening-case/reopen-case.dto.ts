import { Id, Instant, Narrative, Optional } from '../../http/fields';

export class ReopenCaseDto {
  @Narrative(2_000) reason!: string;
  /** Who takes the reopened case; absent keeps the case manager it had when it closed. */
  @Optional() @Id() caseManagerId?: string;
  @Optional() @Instant() occurredAt?: string;
}
