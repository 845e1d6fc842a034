import { applyDecorators } from '@nestjs/common';
import { buildMessage, IsIn, IsOptional, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  AS_OF_BASES,
  FORM_FIELD_GROUPING,
  isOutcomeGrouping,
  OUTCOME_GROUPINGS,
  type AsOfBasis,
  type OutcomeGrouping,
} from '@casetrail/read-models';
import { Id, Moment } from '../../http/fields';

/** One of the fixed groupings or a form's field, under the rule name clients know (`isIn`). */
const IsOutcomeGrouping = () =>
  applyDecorators(
    ValidateBy({
      name: 'isIn',
      constraints: [OUTCOME_GROUPINGS],
      validator: {
        validate: (value: unknown) => isOutcomeGrouping(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be one of ${OUTCOME_GROUPINGS.join(', ')} or form:<formId>.<fieldId>`,
        ),
      },
    }),
    // Replaces the converter's `enum` (of the fixed groupings only) with both alternatives.
    JSONSchema({
      type: 'string',
      enum: undefined,
      anyOf: [{ enum: [...OUTCOME_GROUPINGS] }, { pattern: FORM_FIELD_GROUPING.source }],
    }),
  );

export class OutcomeReportQuery {
  /** Start of the period (inclusive). */
  @Moment() from!: string;
  /** End of the period (exclusive). */
  @Moment() to!: string;
  /** program (default), team, caseManager, none, or `form:<formId>.<fieldId>`: the case's latest answer to a form's field. */
  @IsOptional() @IsOutcomeGrouping() groupBy?: OutcomeGrouping;
  /** Restricts the report to one program. */
  @IsOptional() @Id() programId?: string;
  /** Restricts the report to one team. */
  @IsOptional() @Id() teamId?: string;
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  /**
   * The report as it would have been produced at this instant: cohort follow-up and overdue reviews
   * as of then. With `basis=recorded` (default) only what was recorded by then counts, so a published
   * report can be produced again, equal, whatever is recorded later; `occurred` counts what had
   * happened by then, corrections and late entries included.
   */
  @IsOptional() @Moment() asOf?: string;
  @IsOptional() @IsIn(AS_OF_BASES) basis?: AsOfBasis;
  /** Only cases of which a plan version was approved by a supervisor (programs requiring plan approval). */
  @IsOptional() @IsIn(['true', 'false']) approvedPlansOnly?: 'true' | 'false';
}
