import { Id, Instant, Narrative, Optional } from '../../http/fields';

export class TransferCaseDto {
  @Id() toCaseManagerId!: string;
  /** Why the case moves: kept with the transfer. */
  @Narrative(2_000) reason!: string;
  @Optional() @Instant() occurredAt?: string;
}
