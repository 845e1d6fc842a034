import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { CODE_CATEGORIES, type CodeCategory } from '@casetrail/domain';
import { Code, NestedList, OneOf, Optional, Text } from '../http/fields';

export class VocabularyCodeDto {
  /** Stored in events forever: lower snake case, 2-49 characters. */
  @Code() code!: string;
  /** How the agency calls it. */
  @Text(200) label!: string;
  /** Service types and need domains: the consent category; fixed once published. */
  @Optional() @OneOf(CODE_CATEGORIES) category?: CodeCategory;
  /** No new command may name it; history that does still reads. */
  @Optional() @IsBoolean() retired?: boolean;
}

export class PublishVocabularyVersionDto {
  /** The version you edited (0: the built-in defaults); the new one is this + 1. */
  @IsInt() @Min(0) @Max(1_000_000) expectedVersion!: number;
  /** Every code of the new version: none removed, retired ones included. */
  @NestedList(() => VocabularyCodeDto, 500) codes!: VocabularyCodeDto[];
}
