import { specFor } from '../shared/testing';
import { programFormsDecider } from './form-decider';
import type { FormDefinition } from './form-definition';
import type { FormVersionPublished } from './publishing-form-version/form-version-published.event';

/** given/when/then over a form's stream. */
export const formSpec = specFor(programFormsDecider);

export const PROGRAM_ID = 'program-housing';

/** The intake questions of a housing program: one of each kind of field. */
export const intakeForm: FormDefinition = {
  programId: PROGRAM_ID,
  formId: 'housing_intake',
  version: 1,
  attachTo: 'engagement',
  title: 'Housing intake',
  required: false,
  fields: [
    {
      fieldId: 'household_size',
      label: 'People in the household',
      type: 'number',
      required: true,
      allowedValues: null,
      personal: false,
    },
    {
      fieldId: 'housing_status',
      label: 'Where they sleep now',
      type: 'choice',
      required: true,
      allowedValues: ['shelter', 'street', 'doubled_up', 'rented'],
      personal: false,
    },
    {
      fieldId: 'barriers',
      label: 'Barriers to housing',
      type: 'multi_choice',
      required: false,
      allowedValues: ['debt', 'eviction_record', 'no_id'],
      personal: false,
    },
    {
      fieldId: 'has_income',
      label: 'Any regular income',
      type: 'boolean',
      required: false,
      allowedValues: null,
      personal: false,
    },
    {
      fieldId: 'eviction_date',
      label: 'Date of the last eviction',
      type: 'date',
      required: false,
      allowedValues: null,
      personal: true,
    },
    {
      fieldId: 'landlord',
      label: 'Last landlord',
      type: 'text',
      required: false,
      allowedValues: null,
      personal: true,
    },
  ],
};

export const intakePublished: FormVersionPublished = {
  type: 'FormVersionPublished',
  occurredAt: '2025-03-10T10:00:00.000Z',
  data: intakeForm,
};
