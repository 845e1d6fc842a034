import { DomainError } from '../../shared/errors';
import type { CaseCommand } from '../../cases/case-decider';
import type { CaseEvent } from '../../cases/case-events';
import type { FormAnswered } from '../../cases/answering-form/form-answered.event';
import type { AssessNeeds } from '../../cases/assessing-needs/assess-needs.command';
import type { EngageClient } from '../../cases/engaging-client/engage-client.command';
import type { RecordContact } from '../../cases/recording-contact/record-contact.command';
import type { TerminateCase } from '../../cases/terminating-case/terminate-case.command';
import {
  ASSESSED_AT,
  CASE_ID,
  CLIENT_ID,
  caseTerminated,
  clientEngaged,
  closingRequested,
  contactRecorded,
  engaged,
  ENGAGED_AT,
  metadata,
  needAssessed,
  planned,
  spec,
} from '../../testing/fixtures';
import type { FormDefinition } from '../form-definition';
import { intakeForm } from '../testing';
import { splitAnswers, type FormAnswerValue, type FormSubmission } from './form-answers';

const contactForm: FormDefinition = {
  ...intakeForm,
  formId: 'visit_checklist',
  version: 3,
  attachTo: 'contact',
  title: 'Home visit checklist',
  fields: [
    {
      fieldId: 'safe_home',
      label: 'Home felt safe',
      type: 'boolean',
      required: true,
      allowedValues: null,
      personal: false,
    },
  ],
};
const assessmentForm: FormDefinition = { ...contactForm, formId: 'risk_screen', attachTo: 'assessment' };
const closingForm: FormDefinition = { ...contactForm, formId: 'exit_survey', attachTo: 'closing' };
const forms = [intakeForm, contactForm, assessmentForm, closingForm];

const intakeAnswers = {
  household_size: 5,
  housing_status: 'shelter',
  barriers: ['no_id', 'debt', 'no_id'],
  has_income: false,
  eviction_date: '2024-11-02',
  landlord: '  Mr. Haddad, Elm Street ',
};

const engage = (form?: FormSubmission, formsInForce: readonly FormDefinition[] = forms): EngageClient => ({
  type: 'EngageClient',
  caseId: CASE_ID,
  data: {
    clientId: CLIENT_ID,
    caseNumber: 'CT-2025-0001',
    programId: 'prog-housing-first',
    teamId: 'team-north',
    caseManagerId: 'cm-ana',
    referralSource: 'hospital',
    consent: { toServices: true, toInformationSharing: true, sharingWith: ['org-housing-authority'] },
    client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
    presentingConcerns: 'Discharged from hospital without stable housing.',
    engagedAt: ENGAGED_AT,
    ...(form === undefined ? {} : { form }),
  },
  metadata: metadata({ formsInForce }),
});

const intake = (answers: Record<string, unknown> = intakeAnswers, version?: number): EngageClient =>
  engage({ formId: intakeForm.formId, ...(version === undefined ? {} : { version }), answers });

const answered = (
  data: Partial<Omit<FormAnswered['data'], 'answers' | 'selections'>> & {
    readonly answers?: Readonly<Record<string, FormAnswerValue>>;
  } = {},
  personal: Readonly<Record<string, FormAnswerValue>> = {},
  occurredAt = ENGAGED_AT,
): FormAnswered => ({
  type: 'FormAnswered',
  occurredAt,
  data: {
    formId: data.formId ?? intakeForm.formId,
    formVersion: data.formVersion ?? 1,
    attachedTo: data.attachedTo ?? { type: 'engagement', entryId: null },
    ...splitAnswers(data.answers ?? {}),
  },
  pii: splitAnswers(personal),
});

const failure = (command: CaseCommand, given: readonly CaseEvent[] = []): DomainError => {
  try {
    spec(given).when(command).then([]);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('Expected a refusal');
};

describe('A form answered with the command at its attachment point', () => {
  it('records the answers beside the engagement, personal ones in pii', () => {
    spec([])
      .when(intake())
      .then([
        clientEngaged,
        answered(
          {
            answers: {
              household_size: 5,
              housing_status: 'shelter',
              barriers: ['no_id', 'debt'],
              has_income: false,
            },
          },
          { eviction_date: '2024-11-02', landlord: 'Mr. Haddad, Elm Street' },
        ),
      ]);
  });

  it('records a contact’s answers against the contact', () => {
    const record: RecordContact = {
      type: 'RecordContact',
      caseId: CASE_ID,
      data: {
        contactId: 'contact-1',
        contactType: 'home_visit',
        participants: [{ kind: 'client' }],
        durationMinutes: 45,
        summary: contactRecorded.pii.summary,
        happenedAt: contactRecorded.occurredAt,
        form: { formId: 'visit_checklist', version: 3, answers: { safe_home: true } },
      },
      metadata: metadata({ formsInForce: forms }),
    };
    spec(engaged)
      .when(record)
      .then([
        contactRecorded,
        answered(
          {
            formId: 'visit_checklist',
            formVersion: 3,
            attachedTo: { type: 'contact', entryId: 'contact-1' },
            answers: { safe_home: true },
          },
          {},
          contactRecorded.occurredAt,
        ),
      ]);
  });

  it('records an assessment’s answers against the assessment', () => {
    const assess: AssessNeeds = {
      type: 'AssessNeeds',
      caseId: CASE_ID,
      data: {
        assessmentId: 'asmt-1',
        needs: needAssessed.data.needs,
        strengths: needAssessed.data.strengths,
        scores: needAssessed.data.scores,
        summary: needAssessed.pii.summary,
        assessedAt: ASSESSED_AT,
        form: { formId: 'risk_screen', answers: { safe_home: false } },
      },
      metadata: metadata({ formsInForce: forms }),
    };
    spec(engaged)
      .when(assess)
      .then([
        needAssessed,
        answered(
          {
            formId: 'risk_screen',
            formVersion: 3,
            attachedTo: { type: 'assessment', entryId: 'asmt-1' },
            answers: { safe_home: false },
          },
          {},
          ASSESSED_AT,
        ),
      ]);
  });

  const terminate = (approvalsRequired: readonly 'closing'[], form?: FormSubmission): TerminateCase => ({
    type: 'TerminateCase',
    caseId: CASE_ID,
    data: {
      reason: caseTerminated.data.reason,
      goalOutcomes: caseTerminated.data.goalOutcomes,
      summary: caseTerminated.pii.summary,
      occurredAt: caseTerminated.occurredAt,
      ...(form === undefined ? {} : { form }),
    },
    metadata: metadata({ approvalsRequired, formsInForce: forms }),
  });
  const exitAnswered = (occurredAt: string): FormAnswered =>
    answered(
      {
        formId: 'exit_survey',
        formVersion: 3,
        attachedTo: { type: 'closing', entryId: null },
        answers: { safe_home: true },
      },
      {},
      occurredAt,
    );

  it('records a closing’s answers beside the closing', () => {
    spec(planned)
      .when(terminate([], { formId: 'exit_survey', answers: { safe_home: true } }))
      .then([caseTerminated, exitAnswered(caseTerminated.occurredAt)]);
  });

  it('records them with the request where the closing needs approval', () => {
    spec(planned)
      .when(terminate(['closing'], { formId: 'exit_survey', answers: { safe_home: true } }))
      .then([closingRequested, exitAnswered(closingRequested.occurredAt)]);
  });

  it('records nothing more without a form, where none is required', () => {
    spec([]).when(engage()).then([clientEngaged]);
    spec([]).when(engage(undefined, [])).then([clientEngaged]);
  });

  it('takes the version in force when none is named', () => {
    spec([])
      .when(intake({ household_size: 2, housing_status: 'street' }))
      .then([clientEngaged, answered({ answers: { household_size: 2, housing_status: 'street' } })]);
  });

  it('leaves out optional fields left blank', () => {
    spec([])
      .when(
        intake({
          household_size: 2,
          housing_status: 'street',
          barriers: [],
          landlord: ' ',
          has_income: null,
        }),
      )
      .then([clientEngaged, answered({ answers: { household_size: 2, housing_status: 'street' } })]);
  });

  it('lets the command’s own rules answer first', () => {
    spec(engaged).when(intake({})).thenFails('CASE_ALREADY_EXISTS');
  });

  describe('a form required at its attachment point', () => {
    const required = [{ ...intakeForm, required: true }, closingForm];

    it('fails the command without its answers', () => {
      spec([]).when(engage(undefined, required)).thenFails('FORM_REQUIRED');
      expect(failure(engage(undefined, required)).details).toMatchObject({
        field: 'form',
        formId: 'housing_intake',
      });
    });

    it('is not required anywhere else', () => {
      spec(planned).when(terminate([], undefined)).then([caseTerminated]);
    });

    it('is still missing when another form is filled in at the same point', () => {
      const other: FormDefinition = { ...contactForm, formId: 'intake_extra', attachTo: 'engagement' };
      spec([])
        .when(engage({ formId: 'intake_extra', answers: { safe_home: true } }, [...required, other]))
        .thenFails('FORM_REQUIRED');
    });
  });

  it('names a form of the program', () => {
    spec([])
      .when(engage({ formId: 'unknown_form', answers: {} }))
      .thenFails('UNKNOWN_FORM');
  });

  it('names a form attached to this command', () => {
    spec([])
      .when(engage({ formId: 'exit_survey', answers: { safe_home: true } }))
      .thenFails('FORM_NOT_FOR_ATTACHMENT');
  });

  it('is filled in at the version in force', () => {
    spec([]).when(intake(intakeAnswers, 2)).thenFails('FORM_VERSION_NOT_IN_FORCE');
    expect(failure(intake(intakeAnswers, 2)).details).toMatchObject({ field: 'form.version', inForce: 1 });
  });

  it('answers only the form’s fields', () => {
    spec([])
      .when(intake({ ...intakeAnswers, shoe_size: 40 }))
      .thenFails('FORM_ANSWER_UNKNOWN_FIELD');
    expect(failure(intake({ ...intakeAnswers, shoe_size: 40 })).details).toMatchObject({
      field: 'form.answers.shoe_size',
    });
  });

  it('answers every required field', () => {
    const { household_size: _left, ...rest } = intakeAnswers;
    spec([]).when(intake(rest)).thenFails('FORM_ANSWER_REQUIRED');
    expect(failure(intake(rest)).details).toEqual({ field: 'form.answers.household_size' });
  });

  it.each([
    ['household_size', '5'],
    ['household_size', Number.NaN],
    ['has_income', 'no'],
    ['eviction_date', '2024-02-30'],
    ['eviction_date', 20241102],
    ['landlord', 12],
    ['housing_status', ['shelter']],
    ['barriers', 'debt'],
    ['barriers', [1]],
  ])('answers %s with its type, not %p', (fieldId, value) => {
    const command = intake({ ...intakeAnswers, [fieldId]: value });
    spec([]).when(command).thenFails('FORM_ANSWER_INVALID_TYPE');
    expect(failure(command).details).toMatchObject({ field: `form.answers.${fieldId}` });
  });

  it.each([
    ['housing_status', 'castle'],
    ['barriers', ['debt', 'castle']],
  ])('answers %s from its allowed values, not %p', (fieldId, value) => {
    const command = intake({ ...intakeAnswers, [fieldId]: value });
    spec([]).when(command).thenFails('FORM_ANSWER_NOT_ALLOWED');
    expect(failure(command).details).toMatchObject({
      field: `form.answers.${fieldId}`,
      value: 'castle',
    });
  });

  it('never echoes a personal answer in a refusal', () => {
    const personalChoice: FormDefinition = {
      ...intakeForm,
      fields: [{ ...intakeForm.fields[1]!, personal: true }],
    };
    const command = engage({ formId: intakeForm.formId, answers: { housing_status: 'Maria’s sister' } }, [
      personalChoice,
    ]);
    spec([]).when(command).thenFails('FORM_ANSWER_NOT_ALLOWED');
    expect(failure(command).details).not.toHaveProperty('value');
  });
});
