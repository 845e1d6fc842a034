import {
  CASE_ID,
  CLIENT_ID,
  clientEngaged,
  engaged,
  ENGAGED_AT,
  metadata,
  NOW,
  spec,
} from '../../testing/fixtures';
import type { EngageClient } from './engage-client.command';

const engage = (
  data: Partial<EngageClient['data']> = {},
  client: Partial<EngageClient['data']['client']> = {},
): EngageClient => ({
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
    client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14', ...client },
    presentingConcerns: 'Discharged from hospital without stable housing.',
    engagedAt: ENGAGED_AT,
    ...data,
  },
  metadata: metadata(),
});

describe('EngageClient', () => {
  it('opens a case for a consenting client', () => {
    spec([]).when(engage()).then([clientEngaged]);
  });

  it('dates the engagement when it is recorded unless told otherwise', () => {
    spec([])
      .when(engage({ engagedAt: undefined }))
      .then([{ ...clientEngaged, occurredAt: NOW }]);
  });

  it('engages a case only once', () => {
    spec(engaged).when(engage()).thenFails('CASE_ALREADY_EXISTS');
  });

  it('cannot be dated after it is recorded', () => {
    spec([])
      .when(engage({ engagedAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('ENGAGEMENT_IN_FUTURE');
  });

  it('needs an instant with a zone', () => {
    spec([])
      .when(engage({ engagedAt: '2025-03-01 09:00' }))
      .thenFails('INVALID_TIMESTAMP');
  });

  it('names the client the case is about', () => {
    spec([])
      .when(engage({ clientId: ' ' }))
      .thenFails('CLIENT_ID_REQUIRED');
  });

  it('needs a case number', () => {
    spec([])
      .when(engage({ caseNumber: ' ' }))
      .thenFails('CASE_NUMBER_REQUIRED');
  });

  it('needs the client’s name', () => {
    spec([])
      .when(engage({}, { familyName: '' }))
      .thenFails('CLIENT_NAME_REQUIRED');
  });

  it('needs a real date of birth', () => {
    spec([])
      .when(engage({}, { dateOfBirth: '1988-02-30' }))
      .thenFails('INVALID_DATE');
  });

  it('rejects a client born after the engagement', () => {
    spec([])
      .when(engage({}, { dateOfBirth: '2025-03-02' }))
      .thenFails('DATE_OF_BIRTH_IN_FUTURE');
  });

  it('knows where clients come from', () => {
    spec([])
      .when(engage({ referralSource: 'billboard' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('needs consent to services', () => {
    spec([])
      .when(engage({ consent: { toServices: false, toInformationSharing: false, sharingWith: [] } }))
      .thenFails('CONSENT_REQUIRED');
  });
});
