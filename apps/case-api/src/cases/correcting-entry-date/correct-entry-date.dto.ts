import { Instant, Narrative } from '../../http/fields';

/** Only the date: content is corrected by voiding the entry and entering it again. */
export class CorrectEntryDateDto {
  /** When it really happened. */
  @Instant() occurredAt!: string;
  @Narrative(2_000) reason!: string;
}
