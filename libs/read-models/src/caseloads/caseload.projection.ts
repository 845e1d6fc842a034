import { latest, SEVERITIES, type CaseEvent, type Recorded, type Severity } from '@casetrail/domain';
import { caseHeaderOf, evolveCaseHeader, type CaseHeader } from '../case-header';
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
export interface CaseloadEntry extends CaseHeader {
  readonly version: number;
  readonly clientName: string;
  readonly stage: CaseStage;
  readonly highestSeverity: Severity | null;
  readonly nextReviewDate: string | null;
  readonly lastContactAt: string | null;
  readonly referrals: Readonly<Record<string, 'open' | 'closed'>>;
  readonly openReferrals: number;
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
      ...caseHeaderOf(event),
      clientName: `${event.pii.client.givenName} ${event.pii.client.familyName}`,
      stage: 'engagement',
      highestSeverity: null,
      nextReviewDate: null,
      lastContactAt: null,
      referrals: {},
      openReferrals: 0,
    };
  }
  if (doc === null) return null;
  const base = evolveCaseHeader(doc, event);
  switch (event.type) {
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
    case 'ContactRecorded':
      return {
        ...base,
        stage: laterStage(doc.stage, 'monitoring'),
        lastContactAt: latest(doc.lastContactAt, event.occurredAt),
      };
    case 'CaseReviewed':
      return { ...base, nextReviewDate: event.data.nextReviewDate };
    case 'CaseTerminated':
      return { ...base, stage: 'closed', nextReviewDate: null };
    case 'CaseReopened':
      return { ...base, stage: 'assessment' };
    // Voids and corrections: the read models are to honour them (issue #9); until then only the version moves on.
    case 'EntryVoided':
    case 'EntryCorrected':
    case 'CaseAssigned':
    case 'CaseTransferred':
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
