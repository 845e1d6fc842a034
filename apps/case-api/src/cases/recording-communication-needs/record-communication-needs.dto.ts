import { IsBoolean } from 'class-validator';
import { Instant, Narrative, Optional, Text } from '../../http/fields';

export class RecordCommunicationNeedsDto {
  /** A BCP-47 language tag (`ar`, `pt-BR`, `prs`); kept in its canonical form. */
  @Text(35) preferredLanguage!: string;
  @IsBoolean() interpreterNeeded!: boolean;
  /** BCP-47; defaults to the preferred language when an interpreter is needed; refused when none is. */
  @Optional() @Text(35) interpreterLanguage?: string;
  /** Anything else about communicating with the client; sealed as client data. */
  @Optional() @Narrative(2_000) notes?: string;
  @Optional() @Instant() occurredAt?: string;
}
