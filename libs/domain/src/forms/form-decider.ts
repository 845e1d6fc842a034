import type { Decider } from '../shared/decider';
import type { FormDefinition, FormFieldType } from './form-definition';
import type { FormEvent } from './publishing-form-version/form-version-published.event';
import type { FormCommand } from './publishing-form-version/publish-form-version.command';
import { decidePublishFormVersion } from './publishing-form-version/decide-publish-form-version';

/**
 * One form as its decider needs it: the version in force, and what every field ever published
 * was, retired ones included, so a later version cannot reuse a field id with another meaning
 * (reports group one field's answers across all versions).
 */
export interface FormState {
  readonly current: FormDefinition | null;
  readonly fieldsEverPublished: Readonly<Record<string, { type: FormFieldType; personal: boolean }>>;
}

export const initialFormState: FormState = { current: null, fieldsEverPublished: {} };

/** A program's forms stream (`program-forms-<programId>`): each of its forms by form id. */
export type ProgramFormsState = Readonly<Record<string, FormState>>;

export const initialProgramFormsState: ProgramFormsState = {};

const evolveOne = (state: FormState, event: FormEvent): FormState => {
  switch (event.type) {
    case 'FormVersionPublished': {
      const fields = { ...state.fieldsEverPublished };
      for (const field of event.data.fields)
        fields[field.fieldId] = { type: field.type, personal: field.personal };
      return { current: event.data, fieldsEverPublished: fields };
    }
    default: {
      const unexpected: never = event.type;
      throw new RangeError(`Unknown form event ${String(unexpected)}`);
    }
  }
};

export const evolveProgramForms = (state: ProgramFormsState, event: FormEvent): ProgramFormsState => {
  const { formId } = event.data;
  return {
    ...state,
    [formId]: evolveOne(Object.hasOwn(state, formId) ? state[formId]! : initialFormState, event),
  };
};

export const formStateOf = (state: ProgramFormsState, formId: string): FormState =>
  Object.hasOwn(state, formId) ? state[formId]! : initialFormState;

export const decideProgramForms = (command: FormCommand, state: ProgramFormsState): readonly FormEvent[] => {
  switch (command.type) {
    case 'PublishFormVersion':
      return decidePublishFormVersion(command, formStateOf(state, command.data.formId));
    default: {
      const unexpected: never = command.type;
      throw new RangeError(`Unknown form command ${String(unexpected)}`);
    }
  }
};

export const programFormsDecider: Decider<FormCommand, FormEvent, ProgramFormsState> = {
  initialState: initialProgramFormsState,
  decide: decideProgramForms,
  evolve: evolveProgramForms,
};

/** The version in force of each of a program's forms after these events, in the order first published. */
export const formsInForce = (events: Iterable<FormEvent>): readonly FormDefinition[] => {
  let state = initialProgramFormsState;
  for (const event of events) state = evolveProgramForms(state, event);
  return Object.values(state).flatMap((form) => (form.current === null ? [] : [form.current]));
};
