import type { IdRecord } from '../shared/records';
import type { InformationCategory } from '../shared/sensitivity';
import type { CodeCategory } from '../vocabularies/vocabulary-kinds';
import type { EntryLedger } from './entry-ledger';
import type { Participant } from './recording-contact/contact-recorded.event';
import type { GoalTarget, Milestone } from './values';
import type {
  GoalClosingOutcome,
  OngoingSupport,
  ReferralDisposition,
  ReferralDispositionValue,
} from './terminating-case/case-terminated.event';
import type { HouseholdRelationship } from './adding-household-member/household-member-joined.event';
import type { SafetyFlagKind } from './setting-safety-flag/safety-flag-set.event';
import type {
  NeedDomainCode,
  ClosingReasonCode,
  GoalOutcome,
  GoalProgress,
  ReferralStatus,
  ServiceTypeCode,
  Severity,
  ContactTypeCode,
  ConsentPurpose,
  AppointmentChannel,
  AppointmentOutcome,
  TaskResolution,
} from './vocabularies';

/**
 * What decisions need to know about a case, and what `GET /cases/{id}` shows.
 * Plain, readonly, JSON-serialisable data derived only by `evolve`. The case
 * id is not here: it is the stream's id, which the caller already holds.
 */
export type CaseState = InitialCase | ActiveCase;

export interface InitialCase {
  readonly status: 'initial';
}

export interface ActiveCase {
  readonly status: 'open' | 'closed';
  readonly caseNumber: string;
  readonly programId: string;
  readonly teamId: string | null;
  readonly caseManagerId: string | null;
  /** The client the case is about; their name and the rest of their data are only ever in events' `pii`. */
  readonly clientId: string;
  readonly engagedAt: string;
  readonly assessments: AssessmentsState;
  /** null until the first plan is agreed. */
  readonly plan: PlanState | null;
  readonly referrals: IdRecord<ReferralState>;
  readonly contacts: IdRecord<ContactState>;
  /** The latest time a contact happened, not the latest one recorded. */
  readonly lastContactAt: string | null;
  readonly reviewCount: number;
  readonly lastReviewedAt: string | null;
  readonly advocacyActionCount: number;
  /** null while the case is open. */
  readonly closing: ClosingState | null;
  /** Absent unless a closing was requested for approval; the latest request, pending or decided. */
  readonly closingRequest?: ClosingRequestState;
  /** Absent unless a transfer out of the program was requested for approval; the latest request. */
  readonly transferRequest?: TransferRequestState;
  readonly reopenedCount: number;
  /** Every consent the client gave to share with a partner, revoked or not (`consentAt` reads them). */
  readonly consents: IdRecord<ConsentState>;
  /** null unless the client's data was erased: then the case takes no more commands (their key is gone). */
  readonly erasure: ErasureState | null;
  /** Every entry that counts, what it depends on, and what was voided: for voids and corrections. */
  readonly ledger: EntryLedger;
  /** Every appointment scheduled, with its outcome once recorded. */
  readonly appointments: IdRecord<AppointmentState>;
  /** Every task created; overdue is not stored: readers compare `dueAt` with their own "now". */
  readonly tasks: IdRecord<TaskState>;
  /** Everyone who ever joined the client's household, present or gone (names only in events' `pii`). */
  readonly household: IdRecord<HouseholdMemberState>;
  /** Every safety flag set, active or cleared (reasons and names only in events' `pii`). */
  readonly safetyFlags: IdRecord<SafetyFlagState>;
  /** How to communicate with the client, as last recorded; null before any recording. */
  readonly communication: CommunicationState | null;
}

export interface SafetyFlagState {
  readonly kind: SafetyFlagKind;
  readonly setBy: string;
  readonly setAt: string;
  /** null while the flag applies. */
  readonly clearedBy: string | null;
  readonly clearedAt: string | null;
}

export interface CommunicationState {
  readonly preferredLanguage: string;
  readonly interpreterNeeded: boolean;
  readonly interpreterLanguage: string | null;
  readonly recordedAt: string;
}

export interface HouseholdMemberState {
  readonly relationship: HouseholdRelationship;
  readonly joinedAt: string;
  /** null while they are part of the household. */
  readonly leftAt: string | null;
}

export interface AssessmentsState {
  readonly count: number;
  readonly latestAssessmentId: string | null;
  readonly latestAssessedAt: string | null;
  /** Every need ever assessed, with its most recent rating; plans may refer to any of them. */
  readonly needs: IdRecord<NeedState>;
  /** Highest severity in the latest assessment; null when it found strengths only. */
  readonly highestSeverity: Severity | null;
}

export interface NeedState {
  readonly domain: NeedDomainCode;
  /** The category the domain carried when the need was assessed or found: masking reads it. */
  readonly category: CodeCategory;
  readonly severity: Severity;
  /**
   * The assessment that last rated it: a need absent from the latest assessment is no longer current.
   * A need identified between assessments counts with the latest one.
   */
  readonly assessmentId: string;
  /** The household member it concerns; absent when it is the client's own. */
  readonly memberId?: string;
}

export interface PlanState {
  readonly amendmentNumber: number;
  readonly amendedAt: string;
  /** YYYY-MM-DD */
  readonly nextReviewDate: string;
  readonly goals: IdRecord<GoalState>;
  /**
   * Absent when the program did not require this plan version to be approved; otherwise where its
   * approval stands (a new amendment waits afresh).
   */
  readonly approval?: ApprovalState;
}

/** Where an item waiting for a supervisor's approval stands, with who asked and who decided, when. */
export interface ApprovalState {
  readonly status: 'pending' | 'approved' | 'returned';
  /** For a plan: the version it is about; null for a closing. */
  readonly amendmentNumber: number | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** Null while pending. */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** A closing asked for in a program that requires closings to be approved: the case stays open meanwhile. */
export interface ClosingRequestState extends ApprovalState {
  readonly reason: ClosingReasonCode;
  readonly goalOutcomes: readonly GoalClosingOutcome[];
  readonly ongoingSupports: readonly OngoingSupport[];
  readonly referralDispositions: readonly ReferralDisposition[];
}

/** A transfer out of the program waiting for approval: the case stays where it is meanwhile. */
export interface TransferRequestState extends ApprovalState {
  readonly fromCaseManagerId: string;
  readonly toCaseManagerId: string;
  readonly toProgramId: string;
  readonly toTeamId: string | null;
}

/** A milestone as planned, and when it was met (absent until then). */
export interface MilestoneState extends Milestone {
  readonly metAt?: string;
}

export type GoalStatus = 'open' | 'achieved' | 'dropped';

export interface GoalState {
  readonly status: GoalStatus;
  readonly domain: NeedDomainCode;
  /** The category the domain carried when the goal was planned: masking reads it. */
  readonly category: CodeCategory;
  readonly needIds: readonly string[];
  readonly target: GoalTarget;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly milestones: readonly MilestoneState[];
  /** The latest progress recorded or reviewed; null before any. */
  readonly progress: GoalProgress | null;
  readonly measuredValue: number | null;
  readonly achievedAt: string | null;
  /** The household member the goal concerns; absent when it is the client's own. */
  readonly memberId?: string;
}

/** A referral is 'made' before the provider has answered. */
export type ReferralLifecycleStatus = 'made' | ReferralStatus;

export interface ReferralState {
  readonly status: ReferralLifecycleStatus;
  readonly serviceType: ServiceTypeCode;
  /** The category its service type carried when it was made (from the event): what consent and masking decide on. */
  readonly serviceCategory: CodeCategory;
  readonly providerId: string;
  readonly goalIds: readonly string[];
  readonly madeAt: string;
  readonly replacesReferralId: string | null;
  readonly replacedByReferralId: string | null;
  /** The household member it is for; absent when it is for the client. */
  readonly memberId?: string;
  /**
   * Set when a closing found the referral open: `closed_at_termination` closes it with the case,
   * `continued` leaves it open (the service goes on). Absent on a referral no closing found open.
   */
  readonly disposition?: ReferralDispositionValue;
}

export interface ContactState {
  readonly contactType: ContactTypeCode;
  readonly happenedAt: string;
  readonly corrections: number;
}

/** What a consent covers from `since` on (null: from the grant). */
export interface ConsentTerms {
  readonly since: string | null;
  readonly categories: readonly InformationCategory[];
  readonly until: string | null;
}

export interface ConsentState {
  readonly partnerId: string;
  /** As it covers now, after every narrowing. */
  readonly categories: readonly InformationCategory[];
  readonly purpose: ConsentPurpose;
  readonly from: string;
  /** Exclusive; null for no end. */
  readonly until: string | null;
  readonly revokedAt: string | null;
  /** The grant's stream version, so a disclosure can cite it; null for a grant not stored yet. */
  readonly grantedVersion: number | null;
  /** The grant's terms then each narrowing's, oldest first: what it covered at any instant. */
  readonly terms: readonly ConsentTerms[];
}

export interface ErasureState {
  readonly erasureId: string;
  /** When the receipt was recorded: the erasure's moment. */
  readonly erasedAt: string;
  readonly legalBasis: string;
  readonly requestedBy: string;
}

export interface ClosingState {
  readonly reason: ClosingReasonCode;
  readonly closedAt: string;
  readonly goalOutcomes: IdRecord<GoalOutcome>;
  /** What became of each referral open at closing. */
  readonly referralDispositions: IdRecord<ReferralDispositionValue>;
}

export interface AppointmentState {
  /** 'scheduled' until an outcome is recorded. */
  readonly status: 'scheduled' | AppointmentOutcome;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly channel: AppointmentChannel;
  readonly participants: readonly Participant[];
  readonly ownerId: string;
  readonly goalIds: readonly string[];
  readonly referralIds: readonly string[];
  readonly rescheduledFromAppointmentId: string | null;
  readonly rescheduledToAppointmentId: string | null;
  /** The contact recorded when it was kept. */
  readonly contactId: string | null;
  /** When its "due soon" reminder was recorded; null before. */
  readonly remindedAt: string | null;
}

export interface TaskState {
  readonly status: 'open' | TaskResolution;
  readonly ownerId: string;
  readonly dueAt: string;
  readonly goalIds: readonly string[];
  readonly closedAt: string | null;
  readonly remindedAt: string | null;
}

export const initialCaseState: CaseState = { status: 'initial' };

/**
 * The case as a read model folds it (`evolveView`): the decider's state without the ledger, which
 * only decisions read (the slices' evolves never do), so a document that keeps it stays the size of
 * the case's facts rather than growing with its history.
 */
export type CaseView = InitialCase | Omit<ActiveCase, 'ledger'>;
