import { OneOf, Text } from '../http/fields';

/**
 * Who asked for an erasure, as a kind rather than a person: the receipt outlives the client's key,
 * so it must not carry anyone's name.
 */
export const ERASURE_REQUESTERS = [
  'data_subject',
  'legal_representative',
  'court_order',
  'supervisory_authority',
  'agency',
] as const;
export type ErasureRequester = (typeof ERASURE_REQUESTERS)[number];

export class EraseClientDto {
  /** The law or policy the erasure is made under, e.g. "GDPR Art. 17(1)(a)". */
  @Text(500) legalBasis!: string;
  @OneOf(ERASURE_REQUESTERS) requestedBy!: ErasureRequester;
}
