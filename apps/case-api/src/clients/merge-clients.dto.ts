import { Id, Text } from '../http/fields';

export class MergeClientsDto {
  /** The mistaken second record of the same person: its cases move to the client in the path. */
  @Id() duplicateClientId!: string;
  /** Why the two are one person, e.g. "Same person: name spelled two ways at intake". Sealed with the client data. */
  @Text(1000) reason!: string;
}
