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
import type { RevokeConsent } from './revoke-consent.command';

const granted = [...engaged, consentGranted] as const;

const revoke = (data: Partial<RevokeConsent['data']> = {}): RevokeConsent => ({
  type: 'RevokeConsent',
  caseId: CASE_ID,
  data: { consentId: 'consent-1', reason: 'Changed clinics.', ...data },
  metadata: metadata(),
});

describe('RevokeConsent', () => {
  it('withdraws a consent from its time on', () => {
    spec(granted)
      .when(revoke())
      .then([
        {
          type: 'ConsentRevoked',
          occurredAt: NOW,
          data: { consentId: 'consent-1' },
          pii: { reason: 'Changed clinics.' },
        },
      ]);
  });

  it('needs no reason, and may be done on a closed case', () => {
    spec([...granted, caseTerminated])
      .when(revoke({ reason: undefined }))
      .then([
        { type: 'ConsentRevoked', occurredAt: NOW, data: { consentId: 'consent-1' }, pii: { reason: '' } },
      ]);
  });

  it('names a consent of this case', () => {
    spec(engaged).when(revoke()).thenFails('UNKNOWN_CONSENT');
  });

  it('revokes once', () => {
    spec([...granted, consentRevoked])
      .when(revoke())
      .thenFails('CONSENT_REVOKED');
  });

  it('cannot revoke a consent that has ended', () => {
    spec([...engaged, caseEvent('ConsentGranted', { data: { until: '2025-03-09T00:00:00.000Z' } })])
      .when(revoke())
      .thenFails('CONSENT_EXPIRED');
  });

  it('happens after its grant', () => {
    spec(granted)
      .when(revoke({ occurredAt: '2025-03-02T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('happens after the latest narrowing', () => {
    spec([...granted, consentNarrowed])
      .when(revoke({ occurredAt: '2025-03-05T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('cannot happen in the future', () => {
    spec(granted)
      .when(revoke({ occurredAt: '2025-03-11T09:00:00.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });
});
