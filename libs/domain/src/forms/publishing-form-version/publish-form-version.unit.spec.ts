import { metadata, NOW } from '../../testing/fixtures';
import type { FormDefinition } from '../form-definition';
import { formsInForce } from '../form-decider';
import { formSpec, intakeForm, intakePublished } from '../testing';
import type { FormVersionPublished } from './form-version-published.event';
import type { PublishFormVersion } from './publish-form-version.command';

const publish = (data: Partial<PublishFormVersion['data']> = {}): PublishFormVersion => ({
  type: 'PublishFormVersion',
  data: {
    programId: intakeForm.programId,
    formId: intakeForm.formId,
    version: 1,
    attachTo: intakeForm.attachTo,
    title: intakeForm.title,
    fields: intakeForm.fields,
    ...data,
  },
  metadata: metadata(),
});

const published = (definition: Partial<FormDefinition> = {}): FormVersionPublished => ({
  type: 'FormVersionPublished',
  occurredAt: NOW,
  data: { ...intakeForm, ...definition },
});

const [householdSize, housingStatus] = intakeForm.fields as [
  FormDefinition['fields'][number],
  FormDefinition['fields'][number],
];

describe('PublishFormVersion', () => {
  it('publishes the first version of a form', () => {
    formSpec([]).when(publish()).then([published()]);
  });

  it('publishes the next version, fields retired and added', () => {
    const fields = [householdSize, { ...householdSize, fieldId: 'children', label: 'Children under 18' }];
    formSpec([intakePublished])
      .when(publish({ version: 2, fields }))
      .then([published({ version: 2, fields })]);
  });

  it('defaults required and personal to false and allowed values to null', () => {
    const fields = [{ fieldId: 'notes_ok', label: 'Notes reviewed', type: 'boolean' }];
    formSpec([])
      .when(publish({ fields }))
      .then([
        published({
          fields: [
            {
              fieldId: 'notes_ok',
              label: 'Notes reviewed',
              type: 'boolean',
              required: false,
              allowedValues: null,
              personal: false,
            },
          ],
        }),
      ]);
  });

  it('can be required at its attachment point', () => {
    formSpec([])
      .when(publish({ required: true }))
      .then([published({ required: true })]);
  });

  it('starts at version 1', () => {
    formSpec([])
      .when(publish({ version: 2 }))
      .thenFails('FORM_VERSION_OUT_OF_SEQUENCE');
  });

  it('is the version after the latest, never a skipped or repeated one', () => {
    formSpec([intakePublished])
      .when(publish({ version: 1 }))
      .thenFails('FORM_VERSION_OUT_OF_SEQUENCE');
    formSpec([intakePublished])
      .when(publish({ version: 3 }))
      .thenFails('FORM_VERSION_OUT_OF_SEQUENCE');
  });

  it('names its program', () => {
    formSpec([])
      .when(publish({ programId: ' ' }))
      .thenFails('PROGRAM_ID_REQUIRED');
  });

  it('has a form id of lower-case words', () => {
    formSpec([])
      .when(publish({ formId: 'Housing Intake' }))
      .thenFails('INVALID_FORM_ID');
  });

  it('has a title', () => {
    formSpec([])
      .when(publish({ title: '' }))
      .thenFails('FORM_TITLE_REQUIRED');
  });

  it('is attached to engagement, assessment, contact or closing', () => {
    formSpec([])
      .when(publish({ attachTo: 'referral' }))
      .thenFails('INVALID_FORM_ATTACHMENT');
  });

  it('stays where it was attached', () => {
    formSpec([intakePublished])
      .when(publish({ version: 2, attachTo: 'closing' }))
      .thenFails('FORM_ATTACHMENT_CHANGED');
  });

  it('has at least one field', () => {
    formSpec([])
      .when(publish({ fields: [] }))
      .thenFails('FORM_WITHOUT_FIELDS');
  });

  it.each(['Household', '1st', 'household-size', '', 'a'.repeat(41)])(
    'refuses the field id %p',
    (fieldId) => {
      formSpec([])
        .when(publish({ fields: [{ ...householdSize, fieldId }] }))
        .thenFails('INVALID_FIELD_ID');
    },
  );

  it('names each field once', () => {
    formSpec([])
      .when(publish({ fields: [householdSize, { ...householdSize, label: 'Again' }] }))
      .thenFails('DUPLICATE_FIELD_ID');
  });

  it('labels every field', () => {
    formSpec([])
      .when(publish({ fields: [{ ...householdSize, label: '  ' }] }))
      .thenFails('FIELD_LABEL_REQUIRED');
  });

  it('types every field with a known type', () => {
    formSpec([])
      .when(publish({ fields: [{ ...householdSize, type: 'currency' }] }))
      .thenFails('INVALID_FIELD_TYPE');
  });

  it.each([null, [], ['shelter', 'shelter'], [''], ['Rented flat']])(
    'needs allowed values for a choice: %p',
    (allowedValues) => {
      formSpec([])
        .when(publish({ fields: [{ ...housingStatus, allowedValues }] }))
        .thenFails('ALLOWED_VALUES_REQUIRED');
      formSpec([])
        .when(publish({ fields: [{ ...housingStatus, type: 'multi_choice', allowedValues }] }))
        .thenFails('ALLOWED_VALUES_REQUIRED');
    },
  );

  it('gives allowed values to choices only', () => {
    formSpec([])
      .when(publish({ fields: [{ ...householdSize, allowedValues: ['1', '2'] }] }))
      .thenFails('ALLOWED_VALUES_NOT_APPLICABLE');
  });

  it("never changes a field's type between versions", () => {
    formSpec([intakePublished])
      .when(publish({ version: 2, fields: [{ ...householdSize, type: 'date' }] }))
      .thenFails('FIELD_TYPE_CHANGED');
  });

  it('never gives a retired field id a new type either', () => {
    const v2 = published({ version: 2, fields: [housingStatus] });
    formSpec([intakePublished, v2])
      .when(publish({ version: 3, fields: [housingStatus, { ...householdSize, type: 'date' }] }))
      .thenFails('FIELD_TYPE_CHANGED');
  });

  it('brings a retired field back under its own type', () => {
    const v2 = published({ version: 2, fields: [housingStatus] });
    formSpec([intakePublished, v2])
      .when(publish({ version: 3, fields: [housingStatus, householdSize] }))
      .then([published({ version: 3, fields: [housingStatus, householdSize] })]);
  });

  it('never turns a field personal or back', () => {
    formSpec([intakePublished])
      .when(publish({ version: 2, fields: [{ ...householdSize, personal: true }] }))
      .thenFails('FIELD_PERSONAL_CHANGED');
  });

  it('keeps text answers personal', () => {
    const landlord = { fieldId: 'landlord', label: 'Last landlord', type: 'text' };
    formSpec([])
      .when(publish({ fields: [landlord] }))
      .then([
        published({
          fields: [{ ...landlord, type: 'text', required: false, allowedValues: null, personal: true }],
        }),
      ]);
    formSpec([])
      .when(publish({ fields: [{ ...landlord, personal: false }] }))
      .thenFails('TEXT_FIELD_NOT_PERSONAL');
  });
});

describe("A program's forms stream", () => {
  const exitSurvey = (version: number): PublishFormVersion => ({
    type: 'PublishFormVersion',
    data: {
      programId: intakeForm.programId,
      formId: 'exit_survey',
      version,
      attachTo: 'closing',
      title: 'Exit survey',
      fields: [{ fieldId: 'household_size', label: 'People housed with them', type: 'date' }],
    },
    metadata: metadata(),
  });

  it('versions each form on its own, field ids and all', () => {
    formSpec([intakePublished])
      .when(exitSurvey(1))
      .then([
        published({
          formId: 'exit_survey',
          attachTo: 'closing',
          title: 'Exit survey',
          fields: [
            {
              fieldId: 'household_size',
              label: 'People housed with them',
              type: 'date',
              required: false,
              allowedValues: null,
              personal: false,
            },
          ],
        }),
      ]);
    formSpec([intakePublished]).when(exitSurvey(2)).thenFails('FORM_VERSION_OUT_OF_SEQUENCE');
  });

  it('has the latest version of each form in force', () => {
    const v2 = published({ version: 2, title: 'Housing intake (2026)' });
    const exit = published({ formId: 'exit_survey', attachTo: 'closing' });
    expect(formsInForce([intakePublished, exit, v2])).toEqual([v2.data, exit.data]);
    expect(formsInForce([])).toEqual([]);
  });
});
