import type { EventSensitivity } from '../../shared/sensitivity';
import type { FormAttachment } from '../../forms/form-definition';
import type { FormSingleAnswer } from '../../forms/answering-form/form-answers';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/**
 * The answers to a program's form, recorded in the same commit as the command they were given
 * with (engagement, assessment, contact or closing), against the version then in force.
 */
export type FormAnswered = CaseEventShape<
  'FormAnswered',
  {
    /** The program's form answered. */
    readonly formId: string;
    /**
     * The version of the form the answers were validated against.
     * @asType integer
     */
    readonly formVersion: number;
    /** Where in the case the answers were given. */
    readonly attachedTo: {
      /** The attachment point: engagement, assessment, contact or closing. */
      readonly type: FormAttachment;
      /** The entry the command created (a contact's id); null where it has none of its own. */
      readonly entryId: string | null;
    };
    /** Answers of the form's non-personal fields by field id: a number, a calendar date (year-month-day), true or false, or one of the field's allowed values. */
    readonly answers: Readonly<Record<string, FormSingleAnswer>>;
    /** Answers of the form's non-personal multiple-choice fields by field id: the allowed values ticked. */
    readonly selections: Readonly<Record<string, readonly string[]>>;
  },
  {
    /** Answers of the form's personal fields by field id (every text field's among them). */
    readonly answers: Readonly<Record<string, FormSingleAnswer>>;
    /** Answers of the form's personal multiple-choice fields by field id. */
    readonly selections: Readonly<Record<string, readonly string[]>>;
  }
>;

/**
 * An agency's form can ask anything (housing, health, immigration status), and the domain cannot
 * tell from a field id what an answer reveals: every answer takes the most protected category,
 * like free text, so masking and partner feeds never let one through by a guess.
 */
export const FORM_ANSWERED_SENSITIVITY: EventSensitivity = {
  data: {
    formId: 'case_record',
    formVersion: 'case_record',
    'attachedTo.type': 'case_record',
    'attachedTo.entryId': 'case_record',
    'answers.*': CLIENT_FREE_TEXT,
    'selections.*[]': CLIENT_FREE_TEXT,
  },
  pii: { 'answers.*': CLIENT_FREE_TEXT, 'selections.*[]': CLIENT_FREE_TEXT },
};
