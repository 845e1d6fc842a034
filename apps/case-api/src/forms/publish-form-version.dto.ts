import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  ALLOWED_VALUE_PATTERN,
  FORM_ATTACHMENTS,
  FORM_FIELD_TYPES,
  type FormAttachment,
  type FormFieldType,
} from '@casetrail/domain';
import { NestedList, OneOf, Optional, Text } from '../http/fields';

export class FormFieldDto {
  /** Stable id within the form, kept across versions: lower-case letters, digits and `_`, up to 40. */
  @IsString() @MaxLength(40) fieldId!: string;
  /** The question as the agency words it. */
  @Text(200) label!: string;
  /** The kind of answer; fixed for the field id once published. */
  @OneOf(FORM_FIELD_TYPES) type!: FormFieldType;
  /** Whether the form cannot be submitted without an answer to it (default false). */
  @Optional() @IsBoolean() required?: boolean;
  /**
   * For choice and multi_choice only: the codes an answer may take (`doubled_up`: the label says it
   * in words). Null is taken as absent, so a
   * field read from GET /programs/{programId}/forms can be sent back as it is.
   */
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @JSONSchema({ nullable: true })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(ALLOWED_VALUE_PATTERN, { each: true })
  allowedValues?: string[] | null;
  /** Whether the answer is about the client (kept in pii); always true for text; fixed once published. */
  @Optional() @IsBoolean() personal?: boolean;
}

export class PublishFormVersionDto {
  /** The form's version you edited (0: a new form); the new one is this + 1. */
  @IsInt() @Min(0) @Max(1_000_000) expectedVersion!: number;
  /** The command that carries the form's answers; fixed once published. */
  @OneOf(FORM_ATTACHMENTS) attachTo!: FormAttachment;
  /** The form's title as the agency words it. */
  @Text(200) title!: string;
  /** Whether the command at attachTo fails without this form's answers (default false). */
  @Optional() @IsBoolean() required?: boolean;
  /** Every field of the new version, in the order the form shows them; a field left out is retired. */
  @NestedList(() => FormFieldDto, 100) fields!: FormFieldDto[];
}
