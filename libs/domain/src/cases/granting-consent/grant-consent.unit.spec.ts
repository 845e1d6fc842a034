import { CASE_ID, closed, consentGranted, engaged, metadata, NOW, spec } from '../../testing/fixtures';
import type { GrantConsent } from './grant-consent.command';

const grant = (data: Partial<GrantConsent['data']> = {}): GrantConsent => ({
  type: 'GrantConsent',
  caseId: CASE_ID,
  data: {
    consentId: 'consent-2',
    partnerId: 'partner-housing',
    categories: ['housing', 'case_record'],
    purpose: 'housing_placement',
    note: 'Agreed on the phone, form to follow.',
    ...data,
  },
  metadata: metadata(),
});

describe('GrantConsent', () => {
  it('lets a partner receive some categories for a purpose, from when it was given', () => {
    spec(engaged)
      .when(grant())
      .then([
        {
          type: 'ConsentGranted',
          occurredAt: NOW,
          data: {
            consentId: 'consent-2',
            partnerId: 'partner-housing',
            categories: ['housing', 'case_record'],
            purpose: 'housing_placement',
            from: NOW,
            until: null,
          },
          pii: { note: 'Agreed on the phone, form to follow.' },
        },
      ]);
  });

  it('keeps a period given in any offset, in UTC', () => {
    spec(engaged)
      .when(
        grant({
          from: '2025-03-10T12:00:00+02:00',
          until: '2025-09-10T12:00:00+02:00',
          occurredAt: '2025-03-09T09:00:00.000Z',
          note: undefined,
        }),
      )
      .then([
        {
          type: 'ConsentGranted',
          occurredAt: '2025-03-09T09:00:00.000Z',
          data: {
            consentId: 'consent-2',
            partnerId: 'partner-housing',
            categories: ['housing', 'case_record'],
            purpose: 'housing_placement',
            from: NOW,
            until: '2025-09-10T10:00:00.000Z',
          },
          pii: { note: '' },
        },
      ]);
  });

  it('names a partner', () => {
    spec(engaged)
      .when(grant({ partnerId: ' ' }))
      .thenFails('PARTNER_REQUIRED');
  });

  it('names at least one category', () => {
    spec(engaged)
      .when(grant({ categories: [] }))
      .thenFails('CONSENT_CATEGORIES_REQUIRED');
  });

  it('names each category once', () => {
    spec(engaged)
      .when(grant({ categories: ['housing', 'housing'] }))
      .thenFails('DUPLICATE_ID');
  });

  it('names only known categories', () => {
    spec(engaged)
      .when(grant({ categories: ['everything' as never] }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('names a known purpose', () => {
    spec(engaged)
      .when(grant({ purpose: 'marketing' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('ends after it starts', () => {
    spec(engaged)
      .when(grant({ from: NOW, until: NOW }))
      .thenFails('UNTIL_BEFORE_FROM');
  });

  it('takes instants for its period', () => {
    spec(engaged)
      .when(grant({ until: '2025-09-10' }))
      .thenFails('INVALID_TIMESTAMP');
  });

  it('uses a new consent id', () => {
    spec([...engaged, consentGranted])
      .when(grant({ consentId: 'consent-1' }))
      .thenFails('CONSENT_ALREADY_EXISTS');
  });

  it('is given on an open case', () => {
    spec(closed).when(grant()).thenFails('CASE_CLOSED');
  });

  it('is given within the case, not before its engagement', () => {
    spec(engaged)
      .when(grant({ occurredAt: '2025-02-28T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });
});
