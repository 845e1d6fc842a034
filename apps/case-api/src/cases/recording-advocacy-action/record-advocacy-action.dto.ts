import {
  ADVOCACY_ACTION_TYPES,
  ADVOCACY_OUTCOMES,
  type AdvocacyActionType,
  type AdvocacyOutcome,
} from '@casetrail/domain';
import { Id, IdList, Instant, Narrative, OneOf, Optional, Text } from '../../http/fields';

export class RecordAdvocacyActionDto {
  /** Minted when absent. */
  @Optional() @Id() actionId?: string;
  @OneOf(ADVOCACY_ACTION_TYPES) actionType!: AdvocacyActionType;
  /** The organisation acted towards: a benefits office, a court, a landlord... */
  @Text(200) targetOrganisation!: string;
  @OneOf(ADVOCACY_OUTCOMES) outcome!: AdvocacyOutcome;
  @Optional() @IdList(20) goalIds?: string[];
  @Narrative() summary!: string;
  @Optional() @Instant() occurredAt?: string;
}
