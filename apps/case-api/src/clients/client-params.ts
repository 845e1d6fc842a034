import { Id } from '../http/fields';

/**
 * The client in the path: an id, never a name. Ids of clients engaged before clients had their own
 * are their case's id, so the rule is the one every id follows, not a UUID's.
 */
export class ClientParams {
  @Id() clientId!: string;
}
