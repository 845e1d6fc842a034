import type { CommandMetadata } from '../../shared/metadata';

/** A field as the caller describes it; `allowedValues` only for choice and multi_choice. */
export interface FormFieldInput {
  readonly fieldId: string;
  readonly label: string;
  /** Checked against FORM_FIELD_TYPES by the decider. */
  readonly type: string;
  readonly required?: boolean;
  readonly allowedValues?: readonly string[] | null;
  readonly personal?: boolean;
}

/** Publish the next version of a program's form: from now on, answers are validated against it. */
export interface PublishFormVersion {
  readonly type: 'PublishFormVersion';
  readonly data: {
    readonly programId: string;
    readonly formId: string;
    /** The version the caller means to publish: one more than the latest, so two editors never race silently. */
    readonly version: number;
    /** Checked against FORM_ATTACHMENTS by the decider. */
    readonly attachTo: string;
    readonly title: string;
    readonly required?: boolean;
    readonly fields: readonly FormFieldInput[];
  };
  readonly metadata: CommandMetadata;
}

export type FormCommand = PublishFormVersion;
