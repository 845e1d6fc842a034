import type { Decider } from '../shared/decider';
import type { FormDefinition, FormFieldType } from './form-definition';
import type { FormEvent } from './publishing-form-version/form-version-published.event';
import type { FormCommand } from './publishing-form-version/publish-form-version.command';
import { decidePublishFormVersion } from './publishing-form-version/decide-publish-form-version';

/**
 * A form's stream as its decider needs it: the version in force, and what every field ever
 * published was, retired ones included, so a later version cannot reuse a field id with another
 * meaning (reports group one field's answers across all versions).
 */
export interface FormState {
  readonly current: FormDefinition | null;
  readonly fieldsEverPublished: Readonly<Record<string, { type: FormFieldType; personal: boolean }>>;
}

export const initialFormState: FormState = { current: null, fieldsEverPublished: {} };

export const evolveForm = (state: FormState, event: FormEvent): FormState => {
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

export const decideForm = (command: FormCommand, state: FormState): readonly FormEvent[] => {
  switch (command.type) {
    case 'PublishFormVersion':
      return decidePublishFormVersion(command, state);
    default: {
      const unexpected: never = command.type;
      throw new RangeError(`Unknown form command ${String(unexpected)}`);
    }
  }
};

export const formDecider: Decider<FormCommand, FormEvent, FormState> = {
  initialState: initialFormState,
  decide: decideForm,
  evolve: evolveForm,
};

/** The version in force after these events; null before the first. */
export const formInForce = (events: Iterable<FormEvent>): FormDefinition | null => {
  let state = initialFormState;
  for (const event of events) state = evolveForm(state, event);
  return state.current;
};
