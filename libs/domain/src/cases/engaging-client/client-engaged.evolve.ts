import { recordInLedger } from '../entry-ledger';
import type { ClientEngaged } from './client-engaged.event';
import type { ActiveCase } from '../case-state';

/**
 * Engagement starts the record: every collection begins empty. Nothing of `pii` is read: the state
 * is stored as it is (caseloads keep it), and `pii` arrives sealed.
 */
export const evolveClientEngaged = (event: ClientEngaged): ActiveCase => ({
  status: 'open',
  caseNumber: event.data.caseNumber,
  programId: event.data.programId,
  teamId: event.data.teamId,
  caseManagerId: event.data.caseManagerId,
  clientId: event.data.clientId,
  engagedAt: event.occurredAt,
  assessments: {
    count: 0,
    latestAssessmentId: null,
    latestAssessedAt: null,
    needs: {},
    highestSeverity: null,
  },
  plan: null,
  referrals: {},
  contacts: {},
  lastContactAt: null,
  reviewCount: 0,
  lastReviewedAt: null,
  advocacyActionCount: 0,
  closing: null,
  reopenedCount: 0,
  consents: {},
  erasure: null,
  ledger: recordInLedger(null, event),
  appointments: {},
  tasks: {},
  household: {},
  safetyFlags: {},
  communication: null,
});
