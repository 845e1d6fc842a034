import type { CommandMetadata } from '../../shared/metadata';
import {
  answersAt,
  splitAnswers,
  type FormAttachedTo,
  type FormSubmission,
} from '../../forms/answering-form/form-answers';
import type { FormAnswered } from './form-answered.event';

/**
 * The `FormAnswered` a command at an attachment point records beside its own events, as of when
 * they happened; none when nothing was submitted and nothing is required there.
 */
export const formAnswered = (
  attachedTo: FormAttachedTo,
  submission: FormSubmission | undefined,
  metadata: CommandMetadata,
  occurredAt: string,
): readonly FormAnswered[] => {
  const validated = answersAt(attachedTo, submission, metadata.formsInForce ?? []);
  if (validated === null) return [];
  return [
    {
      type: 'FormAnswered',
      occurredAt,
      data: {
        formId: validated.definition.formId,
        formVersion: validated.definition.version,
        attachedTo,
        ...splitAnswers(validated.answers),
      },
      pii: splitAnswers(validated.personal),
    },
  ];
};
