import type { CaseEvent, Recorded, Severity } from '@casetrail/domain';
import { SEVERITIES } from '@casetrail/domain';
import { perCaseProjection } from '../projection';

export const CASE_STAGES = [
  'engagement',
  'assessment',
  'service_planning',
  'implementation',
  'monitoring',
  'closed',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** One case as it appears on a caseload: the case id is the document id. */
export interface CaseloadEntry {
  readonly _id: string;
  readonly version: number;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly clientName: string;
  readonly programId: string;
  readonly teamId: string | null;
  /** null: unassigned, waiting for a supervisor. */
  readonly caseManagerId: string | null;
  readonly status: 'open' | 'closed';
  readonly stage: CaseStage;
  readonly engagedAt: string;
  readonly highestSeverity: Severity | null;
  readonly nextReviewDate: string | null;
  readonly lastContactAt: string | null;
  readonly referrals: Readonly<Record<string, 'open' | 'closed'>>;
  readonly openReferrals: number;
  readonly updatedAt: string;
}

export const CASELOADS = 'caseloads';

const OPEN_REFERRAL = new Set(['accepted', 'service_started']);

const highest = (severities: readonly Severity[]): Severity | null =>
  severities.reduce<Severity | null>(
    (top, s) => (top === null || SEVERITIES.indexOf(s) > SEVERITIES.indexOf(top) ? s : top),
    null,
  );

const withReferrals = (
  doc: Omit<CaseloadEntry, 'version'>,
  referrals: Record<string, 'open' | 'closed'>,
) => ({
  ...doc,
  referrals,
  openReferrals: Object.values(referrals).filter((s) => s === 'open').length,
});

const laterStage = (current: CaseStage, candidate: CaseStage): CaseStage => {
  const order: CaseStage[] = ['engagement', 'assessment', 'service_planning', 'implementation', 'monitoring'];
  return order.indexOf(candidate) > order.indexOf(current) ? candidate : current;
};

export const evolveCaseload = (
  doc: Omit<CaseloadEntry, 'version'> | null,
  event: Recorded<CaseEvent>,
): Omit<CaseloadEntry, 'version'> | null => {
  if (event.type === 'ClientEngaged') {
    return {
      _id: event.streamId,
      caseId: event.streamId,
      caseNumber: event.data.caseNumber,
      clientName: `${event.pii.client.givenName} ${event.pii.client.familyName}`,
      programId: event.data.programId,
      teamId: event.data.teamId,
      caseManagerId: event.data.caseManagerId,
      status: 'open',
      stage: 'engagement',
      engagedAt: event.occurredAt,
      highestSeverity: null,
      nextReviewDate: null,
      lastContactAt: null,
      referrals: {},
      openReferrals: 0,
      updatedAt: event.recordedAt,
    };
  }
  if (doc === null) return null;
  const base = { ...doc, updatedAt: event.recordedAt };
  switch (event.type) {
    case 'CaseAssigned':
      return { ...base, caseManagerId: event.data.caseManagerId };
    case 'CaseTransferred':
      return { ...base, caseManagerId: event.data.toCaseManagerId };
    case 'NeedAssessed':
      return {
        ...base,
        stage: laterStage(doc.stage, 'assessment'),
        highestSeverity: highest(event.data.needs.map((n) => n.severity)),
      };
    case 'PlanAmended':
      return {
        ...base,
        stage: laterStage(doc.stage, 'service_planning'),
        nextReviewDate: event.data.nextReviewDate,
      };
    case 'ReferralMade':
      return withReferrals(
        { ...base, stage: laterStage(doc.stage, 'implementation') },
        { ...doc.referrals, [event.data.referralId]: 'open' },
      );
    case 'ReferralStatusChanged':
      return withReferrals(base, {
        ...doc.referrals,
        [event.data.referralId]: OPEN_REFERRAL.has(event.data.to) ? 'open' : 'closed',
      });
    case 'ContactRecorded': {
      const last =
        doc.lastContactAt && doc.lastContactAt > event.occurredAt ? doc.lastContactAt : event.occurredAt;
      return { ...base, stage: laterStage(doc.stage, 'monitoring'), lastContactAt: last };
    }
    case 'CaseReviewed':
      return { ...base, nextReviewDate: event.data.nextReviewDate };
    case 'CaseTerminated':
      return { ...base, status: 'closed', stage: 'closed', nextReviewDate: null };
    case 'CaseReopened':
      return {
        ...base,
        status: 'open',
        stage: 'assessment',
        caseManagerId: event.data.caseManagerId ?? doc.caseManagerId,
      };
    case 'CaseNoteCorrected':
    case 'GoalProgressRecorded':
    case 'GoalAchieved':
    case 'AdvocacyActionRecorded':
      return base;
    default: {
      // Compile-time exhaustiveness; at run time an unknown (newer) type only moves the version on.
      const _unhandled: never = event;
      return base;
    }
  }
};

export const caseloadProjection = perCaseProjection<CaseloadEntry>(CASELOADS, evolveCaseload);
