import { Id, Instant, Narrative, Optional } from '../../http/fields';

export class TransferCaseDto {
  @Id() toCaseManagerId!: string;
  /**
   * A transfer out of the program: the program the case moves to. Where that program's current one
   * requires `transfer_out` approval (PROGRAM_APPROVALS), the transfer waits for a supervisor.
   */
  @Optional() @Id() toProgramId?: string;
  /** The team the case moves to (a transfer keeps the team unless it names one). */
  @Optional() @Id() toTeamId?: string;
  /** Why the case moves: kept with the transfer. */
  @Narrative(2_000) reason!: string;
  @Optional() @Instant() occurredAt?: string;
}
