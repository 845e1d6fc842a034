import { Id } from '../http/fields';

export class ProgramParams {
  @Id() programId!: string;
}

/** Path ids like any other; whether formId is a form id (lower-case words) is the decider's 422. */
export class FormParams extends ProgramParams {
  @Id() formId!: string;
}
