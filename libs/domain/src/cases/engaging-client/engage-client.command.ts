import type { FormSubmission } from '../../forms/answering-form/form-answers';
import type { CommandMetadata } from '../../shared/metadata';
import { instant, startOfDay } from '../../shared/time';
import { caseError } from '../case-errors';
import { REFERRAL_SOURCES, type ReferralSource } from '../vocabularies';
import type { ClientEngaged, ClientIdentity, Consent } from './client-engaged.event';
import type { CaseState } from '../case-state';
import { requireCalendarDate, requireOneOf, requireText, whenItHappened } from '../case-rules';

export interface EngageClient {
  readonly type: 'EngageClient';
  readonly caseId: string;
  readonly data: {
    /** Given by the edge: the client the caller names, or a new id for a client not met before. */
    readonly clientId: string;
    readonly caseNumber: string;
    readonly programId: string;
    readonly teamId: string | null;
    readonly caseManagerId: string | null;
    readonly referralSource: ReferralSource;
    readonly consent: Consent;
    readonly client: ClientIdentity;
    readonly presentingConcerns: string;
    /** When the engagement took place; defaults to when it was recorded. */
    readonly engagedAt?: string;
    /** The answers to the program's form filled in here, if any (`forms/answering-form`). */
    readonly form?: FormSubmission;
  };
  readonly metadata: CommandMetadata;
}

export const engageClient = (command: EngageClient, state: CaseState): readonly ClientEngaged[] => {
  if (state.status !== 'initial') {
    throw caseError('CASE_ALREADY_EXISTS', `Case ${command.caseId} already exists`, {
      caseId: command.caseId,
    });
  }
  const { data, metadata } = command;
  const occurredAt = whenItHappened(metadata, data.engagedAt, 'engagedAt', 'ENGAGEMENT_IN_FUTURE');
  // The documentation standards require the client's name, date of birth and a case number on every record.
  requireText(data.clientId, 'CLIENT_ID_REQUIRED', 'clientId');
  requireText(data.caseNumber, 'CASE_NUMBER_REQUIRED', 'caseNumber');
  requireText(data.client.givenName, 'CLIENT_NAME_REQUIRED', 'client.givenName');
  requireText(data.client.familyName, 'CLIENT_NAME_REQUIRED', 'client.familyName');
  requireCalendarDate(data.client.dateOfBirth, 'client.dateOfBirth');
  if (startOfDay(data.client.dateOfBirth) > instant(occurredAt)) {
    throw caseError('DATE_OF_BIRTH_IN_FUTURE', 'The client cannot be born after the engagement', {
      dateOfBirth: data.client.dateOfBirth,
    });
  }
  requireOneOf(REFERRAL_SOURCES, data.referralSource, 'referralSource');
  if (!data.consent.toServices) {
    throw caseError('CONSENT_REQUIRED', 'Services need the client’s consent', {});
  }
  return [
    {
      type: 'ClientEngaged',
      occurredAt,
      data: {
        clientId: data.clientId,
        caseNumber: data.caseNumber,
        programId: data.programId,
        teamId: data.teamId,
        caseManagerId: data.caseManagerId,
        referralSource: data.referralSource,
        consent: data.consent,
      },
      pii: { client: data.client, presentingConcerns: data.presentingConcerns },
    },
  ];
};
