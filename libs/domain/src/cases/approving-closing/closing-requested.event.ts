import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ClosingReasonCode } from '../vocabularies';
import type {
  GoalClosingOutcome,
  OngoingSupport,
  ReferralDisposition,
} from '../terminating-case/case-terminated.event';

/**
 * A closing asked for in a program that requires closings to be approved: what TerminateCase
 * decides there instead of CaseTerminated. The case stays open until a supervisor approves it
 * (ClosingApproved, then CaseTerminated with this data) or returns it (ClosingReturned).
 */
export type ClosingRequested = CaseEventShape<
  'ClosingRequested',
  {
    /** Why the case is to close: a code of the agency's closing reasons in force then (v2). */
    readonly reason: ClosingReasonCode;
    /** One outcome for every goal open when the closing was asked for. */
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    /** Services that would go on after the case closes. */
    readonly ongoingSupports: readonly OngoingSupport[];
    /** What would become of each referral open when the closing was asked for. */
    readonly referralDispositions: readonly ReferralDisposition[];
    /** Who asked for the closing (a staff member's id): they may not approve it themselves. */
    readonly requestedBy: string;
  },
  {
    /** The closing summary, in the worker's words. */
    readonly summary: string;
  }
>;

/** The category of each field of ClosingRequested (rules: `../sensitivity.ts`). */
export const CLOSING_REQUESTED_SENSITIVITY: EventSensitivity = {
  data: {
    reason: 'case_record',
    'goalOutcomes[].goalId': 'case_record',
    'goalOutcomes[].outcome': GOAL_FACT_WITHOUT_DOMAIN,
    'ongoingSupports[].serviceType': 'services_referrals',
    'ongoingSupports[].serviceCategory': 'services_referrals',
    'ongoingSupports[].providerId': 'services_referrals',
    'referralDispositions[].referralId': 'services_referrals',
    'referralDispositions[].disposition': 'services_referrals',
    requestedBy: 'case_record',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
