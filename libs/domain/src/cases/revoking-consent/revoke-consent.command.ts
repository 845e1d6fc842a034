import type { CommandMetadata } from '../../shared/metadata';
import { occurredAtFor, requireCase } from '../case-rules';
import type { CaseState } from '../case-state';
import { requireLiveConsent, requireNotExpired } from '../consent-rules';
import type { ConsentRevoked } from './consent-revoked.event';

export interface RevokeConsent {
  readonly type: 'RevokeConsent';
  readonly caseId: string;
  readonly data: {
    readonly consentId: string;
    /** The client need give none. */
    readonly reason?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * From the revocation's time on the consent covers nothing; what it allowed before stays allowed
 * (what was shared then was shared lawfully). A closed case may still be revoked.
 */
export const revokeConsent = (command: RevokeConsent, state: CaseState): readonly ConsentRevoked[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const consent = requireLiveConsent(active, data.consentId);
  requireNotExpired(consent, data.consentId, occurredAt);
  return [
    {
      type: 'ConsentRevoked',
      occurredAt,
      data: { consentId: data.consentId },
      pii: { reason: data.reason ?? '' },
    },
  ];
};
