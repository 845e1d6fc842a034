import { Id, Instant, Optional } from '../../http/fields';

export class AssignCaseDto {
  /** The case manager who takes the unassigned case. */
  @Id() caseManagerId!: string;
  @Optional() @Instant() occurredAt?: string;
}
