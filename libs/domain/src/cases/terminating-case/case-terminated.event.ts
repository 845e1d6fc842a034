import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { CodeCategory } from '../../vocabularies/vocabulary-kinds';
import type { ClosingReasonCode, GoalOutcome, ServiceTypeCode } from '../vocabularies';

export interface GoalClosingOutcome {
  /** A goal open when the case closed. */
  readonly goalId: string;
  /** How far it was met. */
  readonly outcome: GoalOutcome;
}

export interface OngoingSupport {
  /** The kind of service that continues: a code of the agency's service types in force at closing. */
  readonly serviceType: ServiceTypeCode;
  /**
   * The consent category the service type carried at closing (CaseTerminated v3, ClosingRequested
   * v2; older events' supports take their built-in types' categories through the upcasters).
   */
  readonly serviceCategory: CodeCategory;
  /** Its provider (an organisation id) when known. */
  readonly providerId?: string;
}

/** What becomes of a referral still open when the case closes. */
export const REFERRAL_DISPOSITIONS = ['closed_at_termination', 'continued'] as const;
export type ReferralDispositionValue = (typeof REFERRAL_DISPOSITIONS)[number];

export interface ReferralDisposition {
  /** A referral open (made, accepted or service started) when the case closed. */
  readonly referralId: string;
  /** `continued`: the service goes on and the referral stays open after the case closes. */
  readonly disposition: ReferralDispositionValue;
}

export type CaseTerminated = CaseEventShape<
  'CaseTerminated',
  {
    /** Why the case closed: a code of the agency's closing reasons in force then (v3). */
    readonly reason: ClosingReasonCode;
    /**
     * One outcome for every goal still open at closing (neither achieved nor dropped), and only
     * those: the decider refuses a closing that leaves an open goal out or names another one.
     * Goals achieved earlier are in their GoalAchieved events.
     */
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    /** Services that go on after the case closes. */
    readonly ongoingSupports: readonly OngoingSupport[];
    /**
     * v2: one disposition for every referral open at closing, and only those. An event of v1
     * (upcast with an empty list) left every referral then open `closed_at_termination`: evolve
     * reads a referral open but not listed so.
     */
    readonly referralDispositions: readonly ReferralDisposition[];
  },
  {
    /** The closing summary, in the worker's words. */
    readonly summary: string;
  }
>;

/** The category of each field of CaseTerminated (rules: `../sensitivity.ts`). */
export const CASE_TERMINATED_SENSITIVITY: EventSensitivity = {
  data: {
    reason: 'case_record',
    'goalOutcomes[].goalId': 'case_record',
    'goalOutcomes[].outcome': GOAL_FACT_WITHOUT_DOMAIN,
    'ongoingSupports[].serviceType': 'services_referrals',
    'ongoingSupports[].serviceCategory': 'services_referrals',
    'ongoingSupports[].providerId': 'services_referrals',
    'referralDispositions[].referralId': 'services_referrals',
    'referralDispositions[].disposition': 'services_referrals',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
