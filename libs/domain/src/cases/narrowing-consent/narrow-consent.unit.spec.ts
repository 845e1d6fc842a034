import {
  CASE_ID,
  caseEvent,
  caseTerminated,
  consentGranted,
  consentNarrowed,
  consentRevoked,
  engaged,
  metadata,
  NOW,
  spec,
} from '../../testing/fixtures';
import type { NarrowConsent } from './narrow-consent.command';

const granted = [...engaged, consentGranted] as const;

const narrow = (data: Partial<NarrowConsent['data']> = {}): NarrowConsent => ({
  type: 'NarrowConsent',
  caseId: CASE_ID,
  data: { consentId: 'consent-1', categories: ['mental_health', 'case_record'], ...data },
  metadata: metadata(),
});

describe('NarrowConsent', () => {
  it('drops categories from its time on', () => {
    spec(granted)
      .when(narrow())
      .then([
        {
          type: 'ConsentNarrowed',
          occurredAt: NOW,
          data: { consentId: 'consent-1', categories: ['mental_health', 'case_record'], until: null },
          pii: {},
        },
      ]);
  });

  it('moves the end earlier, keeping the categories', () => {
    spec(granted)
      .when(narrow({ categories: consentGranted.data.categories, until: '2025-06-01T00:00:00.000Z' }))
      .then([
        {
          type: 'ConsentNarrowed',
          occurredAt: NOW,
          data: {
            consentId: 'consent-1',
            categories: consentGranted.data.categories,
            until: '2025-06-01T00:00:00.000Z',
          },
          pii: {},
        },
      ]);
  });

  it('may be narrowed again, and on a closed case', () => {
    spec([...granted, consentNarrowed, caseTerminated])
      .when(narrow({ categories: ['case_record'] }))
      .then([
        {
          type: 'ConsentNarrowed',
          occurredAt: NOW,
          data: { consentId: 'consent-1', categories: ['case_record'], until: null },
          pii: {},
        },
      ]);
  });

  it('cannot add a category: that is a new grant', () => {
    spec(granted)
      .when(narrow({ categories: ['mental_health', 'housing'] }))
      .thenFails('NOT_A_NARROWING');
  });

  it('cannot add back a category an earlier narrowing dropped', () => {
    spec([...granted, consentNarrowed])
      .when(narrow({ categories: ['substance_use'] }))
      .thenFails('NOT_A_NARROWING');
  });

  it('must cover less: the same categories with no earlier end is no narrowing', () => {
    spec(granted)
      .when(narrow({ categories: ['case_record', 'mental_health', 'substance_use'] }))
      .thenFails('NOT_A_NARROWING');
  });

  it('moves the end only earlier', () => {
    spec(granted)
      .when(narrow({ until: '2027-01-01T00:00:00.000Z' }))
      .thenFails('NOT_A_NARROWING');
  });

  it('cannot end it in the past: what it allowed then stays allowed', () => {
    spec(granted)
      .when(narrow({ until: '2025-03-09T00:00:00.000Z' }))
      .thenFails('NOT_A_NARROWING');
  });

  it('cannot end it before it starts', () => {
    spec([
      ...engaged,
      caseEvent('ConsentGranted', { data: { from: '2025-04-01T00:00:00.000Z', until: null } }),
    ])
      .when(narrow({ until: '2025-04-01T00:00:00.000Z' }))
      .thenFails('UNTIL_BEFORE_FROM');
  });

  it('names at least one category (narrowing to nothing is a revocation)', () => {
    spec(granted)
      .when(narrow({ categories: [] }))
      .thenFails('CONSENT_CATEGORIES_REQUIRED');
  });

  it('names a consent of this case', () => {
    spec(engaged).when(narrow()).thenFails('UNKNOWN_CONSENT');
  });

  it('cannot narrow a revoked consent', () => {
    spec([...granted, consentRevoked])
      .when(narrow())
      .thenFails('CONSENT_REVOKED');
  });

  it('cannot narrow a consent that has ended', () => {
    spec([...engaged, caseEvent('ConsentGranted', { data: { until: '2025-03-09T00:00:00.000Z' } })])
      .when(narrow())
      .thenFails('CONSENT_EXPIRED');
  });

  it('happens after its grant', () => {
    spec(granted)
      .when(narrow({ occurredAt: '2025-03-01T12:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('happens after the latest narrowing of the same consent', () => {
    spec([...granted, consentNarrowed])
      .when(narrow({ categories: ['case_record'], occurredAt: '2025-03-04T12:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });
});
