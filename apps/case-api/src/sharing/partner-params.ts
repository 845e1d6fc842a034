import { Id } from '../http/fields';

/** The partner in the path: its service account's id (the token's subject). */
export class PartnerParams {
  @Id() partnerId!: string;
}
