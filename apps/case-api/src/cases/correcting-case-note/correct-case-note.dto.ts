import { Id, Narrative, Optional } from '../../http/fields';

/** A note is never edited in place: the correction is a new entry linked to the contact. */
export class CorrectCaseNoteDto {
  /** Minted when absent. */
  @Optional() @Id() correctionId?: string;
  @Narrative() correctedSummary!: string;
  @Narrative(2_000) reason!: string;
}
