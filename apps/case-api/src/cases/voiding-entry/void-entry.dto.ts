import { Narrative } from '../../http/fields';

/** Who voided it is the caller; the entry stays in the history, struck out. */
export class VoidEntryDto {
  @Narrative(2_000) reason!: string;
}
