import { Id, IdList, Instant, Narrative, Optional } from '../../http/fields';

export class CreateTaskDto {
  /** Minted when absent. */
  @Optional() @Id() taskId?: string;
  /** What is to be done; it can describe the client, so it is sealed with their data. */
  @Narrative(500) title!: string;
  /** Who is to do it; defaults to the case manager holding the case. */
  @Optional() @Id() ownerId?: string;
  /** When it is due; overdue is computed at read time against the reader's "now". */
  @Instant() dueAt!: string;
  @Optional() @IdList(20) goalIds?: string[];
  @Optional() @Instant() occurredAt?: string;
}
