/**
 * What the timeline read model stores: per entry, the facts its event stated and the facts about
 * earlier entries it refers to, never a sentence. The wording is made when the timeline is read
 * (`timeline-wording.ts`), so rewording an entry changes no stored document and needs no rebuild.
 *
 * Client data is never in the facts: an entry whose wording shows some keeps its event's `pii`
 * exactly as the event carried it (sealed in production, under the client's key), and the facts
 * drawn from it are null until a read opens it (`openTimelineEntries`). After an erasure the value
 * no longer opens, those facts stay null, and the same stored document reads as erased: no rewrite,
 * and a rebuild copies the same sealed values. Contact details, and descriptions of anything an
 * entry does not list, are never shown.
 */
import type {
  Actor,
  AdvocacyActionType,
  AdvocacyOutcome,
  NeedDomainCode,
  AssessmentKind,
  CaseEventType,
  ClientDataErased,
  ClosingReasonCode,
  ConsentPurpose,
  ContactTypeCode,
  AppointmentCanceller,
  AppointmentChannel,
  AppointmentOutcome,
  DueItemKind,
  TaskResolution,
  GoalOutcome,
  GoalProgress,
  GoalTarget,
  HouseholdRelationship,
  SafetyFlagKind,
  IdRecord,
  InformationCategory,
  ParticipantKind,
  ReferralSource,
  ReferralStatus,
  ServiceTypeCode,
  Severity,
  ReferralDispositionValue,
  FormAnswerValue,
  FormAttachment,
} from '@casetrail/domain';
import type { ReadModelDocument } from '../store/read-model-store.port';

export const TIMELINES = 'timelines';

/**
 * The stored shape. Documents of another shape (unmarked ones held sentences) are not read: the
 * read model is rebuilt from the event log (`casetrail rebuild timelines`). Raise it whenever a
 * stored field changes meaning; rewording alone never does. 3: an entry's `occurredAt` is the
 * corrected date once a correction names it (2 held the date as first recorded, and no void marks).
 * 4: client data left the facts for the entry's sealed `pii`; the document names the client by id.
 */
export const TIMELINE_SHAPE = 4;

export const TIMELINE_CATEGORIES = [
  'engagement',
  'assessment',
  'planning',
  'referral',
  'contact',
  'review',
  'advocacy',
  'assignment',
  'closure',
  /** Voids and date corrections of other entries. */
  'correction',
  /** The receipt of an erasure of the client's data. */
  'erasure',
  /** Consent to share with a partner: given, narrowed, withdrawn. */
  'consent',
  /** Appointments, tasks and their reminders. */
  'scheduling',
  /** Who lives with the client: members joining and leaving. */
  'household',
  /** Warnings on the client (safety flags) and how to communicate with them. */
  'safety',
  'communication',
  /** Answers to the program's own forms (documentation templates). */
  'form',
] as const;
export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number];

/** Entry versions, so that a reader can jump from an entry to the earlier one it is about. */
export interface TimelineLinks {
  /** CaseNoteCorrected: the contact whose note it corrects (the note itself is never edited). */
  readonly correctsVersion?: number;
  /** ContactRecorded: its corrections, oldest first. */
  readonly correctedByVersions?: readonly number[];
  /** ReferralStatusChanged: where the referral was made. */
  readonly referralVersion?: number;
  /** ReferralMade: the declined, withdrawn or no-show referral this one replaces. */
  readonly replacesReferralVersion?: number;
  /** GoalProgressRecorded, GoalAchieved, MilestoneMet: the plan amendment that set the goal. */
  readonly goalSetVersion?: number;
  /** CaseReopened: the closing it undoes. */
  readonly reopensClosureVersion?: number;
  /** EntryVoided: the entry it strikes out. */
  readonly voidsVersion?: number;
  /** A voided entry: the void. */
  readonly voidedByVersion?: number;
  /** EntryCorrected: the entry whose date it corrects. */
  readonly correctsDateOfVersion?: number;
  /** An entry whose date was corrected: the corrections, oldest first. */
  readonly dateCorrectedByVersions?: readonly number[];
}

/** Who struck an entry out, and when: no reason here (free text), it is on the void's own entry. */
export interface TimelineVoid {
  /** The void's entry. */
  readonly version: number;
  readonly at: string;
  readonly by: Actor;
}

/** A referral as the timeline knew it when a later entry mentioned it. */
export interface TimelineReferral {
  readonly serviceType: ServiceTypeCode;
  readonly providerId: string;
}

/**
 * Text drawn from the entry's client data: null in the stored document, the text as written
 * (untrimmed) once a read opened it, null again when it no longer opens (erased).
 */
export type ClientText = string | null;

/**
 * The facts of each entry type. Absent values are null, never left out, so that a document reads
 * back from the database as it was written. Every `ClientText` (and `client`, and each
 * `description`) comes from the entry's `pii` when read, never from the stored document.
 */
export interface TimelineFacts {
  readonly ClientEngaged: {
    readonly clientId: string;
    readonly caseNumber: string;
    readonly programId: string;
    readonly teamId: string | null;
    readonly caseManagerId: string | null;
    readonly referralSource: ReferralSource;
    readonly consent: {
      readonly toServices: boolean;
      readonly toInformationSharing: boolean;
      readonly sharingWith: readonly string[];
    };
    readonly client: {
      readonly givenName: string;
      readonly familyName: string;
      readonly dateOfBirth: string;
    } | null;
    readonly presentingConcerns: ClientText;
  };
  readonly CaseAssigned: { readonly caseManagerId: string };
  readonly CaseTransferred: {
    readonly fromCaseManagerId: string;
    readonly toCaseManagerId: string;
    /** Null: the case stayed in its program (and team). */
    readonly toProgramId: string | null;
    readonly toTeamId: string | null;
    readonly reason: ClientText;
  };
  readonly NeedAssessed: {
    readonly assessmentId: string;
    readonly kind: AssessmentKind;
    readonly needs: readonly {
      readonly needId: string;
      readonly domain: NeedDomainCode;
      readonly severity: Severity;
      readonly description: string | null;
    }[];
    readonly strengths: readonly {
      readonly strengthId: string;
      readonly domain: NeedDomainCode;
      readonly description: string | null;
    }[];
    readonly scores: readonly {
      readonly tool: string;
      readonly score: number;
      readonly maxScore: number | null;
    }[];
    readonly summary: ClientText;
  };
  readonly PlanAmended: {
    readonly amendmentNumber: number;
    readonly goalsAdded: readonly {
      readonly goalId: string;
      readonly domain: NeedDomainCode;
      readonly target: GoalTarget;
      readonly dueDate: string;
      readonly description: string | null;
    }[];
    readonly goalsRevised: readonly {
      readonly goalId: string;
      readonly target: GoalTarget | null;
      readonly dueDate: string | null;
    }[];
    readonly goalsDropped: readonly string[];
    readonly services: readonly {
      readonly serviceType: ServiceTypeCode;
      readonly providerId: string | null;
      readonly goalIds: readonly string[];
    }[];
    readonly nextReviewDate: string;
    readonly reason: ClientText;
  };
  readonly ReferralMade: {
    readonly referralId: string;
    readonly providerId: string;
    readonly serviceType: ServiceTypeCode;
    readonly goalIds: readonly string[];
    readonly replacesReferralId: string | null;
    /** The replaced referral's status when this one was made; null when the timeline never saw it. */
    readonly replacedStatus: ReferralStatus | 'made' | null;
    readonly note: ClientText;
  };
  readonly ReferralStatusChanged: {
    readonly referralId: string;
    readonly from: ReferralStatus | 'made';
    readonly to: ReferralStatus;
    /** null when the timeline never saw the referral made. */
    readonly referral: TimelineReferral | null;
    readonly note: ClientText;
  };
  readonly ContactRecorded: {
    readonly contactId: string;
    readonly contactType: ContactTypeCode;
    readonly participants: readonly {
      readonly kind: ParticipantKind;
      readonly id: string | null;
      readonly role: string | null;
    }[];
    readonly durationMinutes: number | null;
    /** What the contact was linked to (ContactRecorded v2); absent on entries written before. */
    readonly goalIds?: readonly string[];
    readonly referralIds?: readonly string[];
    readonly appointmentId?: string | null;
    readonly summary: ClientText;
  };
  readonly CaseNoteCorrected: {
    readonly correctionId: string;
    readonly correctsContactId: string;
    /** The corrected contact, null when the timeline never saw it. */
    readonly contact: { readonly contactType: ContactTypeCode; readonly occurredAt: string } | null;
    readonly correctedSummary: ClientText;
    readonly reason: ClientText;
  };
  readonly GoalProgressRecorded: {
    readonly goalId: string;
    readonly progress: GoalProgress;
    readonly measuredValue: number | null;
    /** The goal's target when it was set, null when the timeline never saw it set. */
    readonly target: GoalTarget | null;
    readonly note: ClientText;
  };
  readonly GoalAchieved: {
    readonly goalId: string;
    readonly measuredValue: number | null;
    readonly target: GoalTarget | null;
    readonly note: ClientText;
  };
  readonly AdvocacyActionRecorded: {
    readonly actionId: string;
    readonly actionType: AdvocacyActionType;
    readonly targetOrganisation: string;
    readonly outcome: AdvocacyOutcome;
    readonly goalIds: readonly string[];
    readonly summary: ClientText;
  };
  readonly CaseReviewed: {
    readonly reviewId: string;
    readonly goalReviews: readonly { readonly goalId: string; readonly progress: GoalProgress }[];
    /** Absent on entries written before reviews carried measures. */
    readonly goalMeasures?: readonly {
      readonly goalId: string;
      readonly value: number;
      readonly unit: string | null;
      readonly measuredAt: string | null;
    }[];
    readonly nextReviewDate: string;
    readonly summary: ClientText;
  };
  readonly CaseTerminated: {
    readonly reason: ClosingReasonCode;
    readonly goalOutcomes: readonly { readonly goalId: string; readonly outcome: GoalOutcome }[];
    readonly ongoingSupports: readonly {
      readonly serviceType: ServiceTypeCode;
      readonly providerId: string | null;
    }[];
    /** What became of each referral open at closing (none listed for a closing recorded before v2). */
    readonly referralDispositions: readonly {
      readonly referralId: string;
      readonly disposition: ReferralDispositionValue;
    }[];
    readonly summary: ClientText;
  };
  readonly CaseReopened: { readonly caseManagerId: string | null; readonly reason: ClientText };
  readonly EntryVoided: {
    readonly entryId: string;
    readonly entryType: CaseEventType;
    readonly entryVersion: number;
    /** When the struck entry happened (as it counted then); null when the timeline never saw it. */
    readonly entryOccurredAt: string | null;
    readonly reason: ClientText;
  };
  readonly EntryCorrected: {
    readonly entryId: string;
    readonly entryType: CaseEventType;
    readonly entryVersion: number;
    readonly occurredAt: string;
    readonly previousOccurredAt: string;
    readonly reason: ClientText;
  };
  readonly ClientDataErased: {
    readonly erasureId: string;
    readonly legalBasis: string;
    readonly requestedBy: string;
    readonly erased: ClientDataErased['data']['erased'];
    /** How many of the case's events held data under the destroyed key. */
    readonly eventsAffected: number;
  };
  readonly ConsentGranted: {
    readonly consentId: string;
    readonly partnerId: string;
    readonly categories: readonly InformationCategory[];
    readonly purpose: ConsentPurpose;
    readonly from: string;
    readonly until: string | null;
    readonly note: ClientText;
  };
  readonly ConsentNarrowed: {
    readonly consentId: string;
    readonly categories: readonly InformationCategory[];
    /** The new end; null when it did not change. */
    readonly until: string | null;
  };
  readonly ConsentRevoked: { readonly consentId: string; readonly reason: ClientText };
  readonly PlanApprovalRequested: { readonly amendmentNumber: number; readonly requestedBy: string };
  readonly PlanApproved: {
    readonly amendmentNumber: number;
    readonly approvedBy: string;
    readonly comments: ClientText;
  };
  readonly PlanReturned: {
    readonly amendmentNumber: number;
    readonly returnedBy: string;
    readonly comments: ClientText;
  };
  readonly ClosingRequested: {
    readonly reason: ClosingReasonCode;
    readonly goalOutcomes: readonly { readonly goalId: string; readonly outcome: GoalOutcome }[];
    readonly ongoingSupports: readonly {
      readonly serviceType: ServiceTypeCode;
      readonly providerId: string | null;
    }[];
    readonly referralDispositions: readonly {
      readonly referralId: string;
      readonly disposition: ReferralDispositionValue;
    }[];
    readonly requestedBy: string;
    readonly summary: ClientText;
  };
  readonly ClosingApproved: { readonly approvedBy: string; readonly comments: ClientText };
  readonly ClosingReturned: { readonly returnedBy: string; readonly comments: ClientText };
  readonly TransferRequested: {
    readonly fromCaseManagerId: string;
    readonly toCaseManagerId: string;
    readonly toProgramId: string;
    readonly toTeamId: string | null;
    readonly requestedBy: string;
    readonly reason: ClientText;
  };
  readonly TransferApproved: { readonly approvedBy: string; readonly comments: ClientText };
  readonly TransferReturned: { readonly returnedBy: string; readonly comments: ClientText };
  // The location is contact data (an address): like every contact detail, never shown.
  readonly AppointmentScheduled: {
    readonly appointmentId: string;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly channel: AppointmentChannel;
    readonly ownerId: string;
    readonly goalIds: readonly string[];
    readonly referralIds: readonly string[];
    readonly rescheduledFromAppointmentId: string | null;
    readonly note: ClientText;
  };
  readonly AppointmentOutcomeRecorded: {
    readonly appointmentId: string;
    readonly outcome: AppointmentOutcome;
    readonly cancelledBy: AppointmentCanceller | null;
    readonly rescheduledToAppointmentId: string | null;
    readonly contactId: string | null;
    readonly reason: ClientText;
  };
  readonly TaskCreated: {
    readonly taskId: string;
    readonly ownerId: string;
    readonly dueAt: string;
    readonly goalIds: readonly string[];
    readonly title: ClientText;
  };
  readonly TaskClosed: {
    readonly taskId: string;
    readonly resolution: TaskResolution;
    readonly note: ClientText;
  };
  readonly ItemDueSoon: {
    readonly itemKind: DueItemKind;
    readonly itemId: string;
    readonly dueAt: string;
    readonly ownerId: string;
  };
  readonly HouseholdMemberJoined: {
    readonly memberId: string;
    readonly relationship: HouseholdRelationship;
    readonly givenName: ClientText;
    readonly familyName: ClientText;
    readonly dateOfBirth: ClientText;
  };
  readonly HouseholdMemberLeft: { readonly memberId: string; readonly note: ClientText };
  readonly SafetyFlagSet: {
    readonly flagId: string;
    readonly kind: SafetyFlagKind;
    readonly setBy: string;
    readonly reason: ClientText;
    /** Whom not to contact, joined; null until opened. */
    readonly doNotContact: ClientText;
  };
  readonly SafetyFlagCleared: {
    readonly flagId: string;
    readonly clearedBy: string;
    readonly reason: ClientText;
  };
  readonly CommunicationNeedsRecorded: {
    readonly preferredLanguage: string;
    readonly interpreterNeeded: boolean;
    readonly interpreterLanguage: string | null;
    readonly notes: ClientText;
  };
  readonly CaseClientChanged: {
    readonly fromClientId: string;
    readonly toClientId: string;
    readonly mergeId: string;
    readonly reason: ClientText;
  };
  readonly NeedIdentified: {
    readonly needId: string;
    readonly domain: NeedDomainCode;
    readonly severity: Severity;
    readonly memberId: string | null;
    readonly description: ClientText;
  };
  readonly MilestoneMet: {
    readonly goalId: string;
    readonly milestoneId: string;
    readonly note: ClientText;
  };
  readonly FormAnswered: {
    readonly formId: string;
    readonly formVersion: number;
    readonly attachedTo: { readonly type: FormAttachment; readonly entryId: string | null };
    /** The non-personal answers, by field id. */
    readonly answers: Readonly<Record<string, FormAnswerValue>>;
    /** The personal answers by field id, from the pii when read; null in the stored document. */
    readonly personalAnswers: Readonly<Record<string, FormAnswerValue>> | null;
  };
}

/** An entry's type with its facts: one member per event type, so a switch on `type` narrows `facts`. */
export type TimelineContent = {
  readonly [T in TimelineEventType]: { readonly type: T; readonly facts: TimelineFacts[T] };
}[TimelineEventType];

/** Every event type has an entry of its own: voids and date corrections too. */
export type TimelineEventType = CaseEventType;

interface TimelineEnvelope {
  readonly version: number;
  readonly position: number;
  readonly eventId: string;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly category: TimelineCategory;
  readonly links: TimelineLinks;
  /** Struck out by a later void; the entry stays, as recorded. Absent while it counts. */
  readonly voided?: TimelineVoid;
  /**
   * The date first recorded, once a correction moved it: `occurredAt` is then the corrected one
   * (what the entry is ordered and filtered by). Absent while uncorrected.
   */
  readonly originalOccurredAt?: string;
}

/** A stored entry: facts without client data, and the event's `pii` as carried where the wording shows it. */
export type TimelineEntry = TimelineContent &
  TimelineEnvelope & {
    /** Absent on entries that show no client data (an assignment, an erasure receipt). */
    readonly pii?: unknown;
  };

/** Whether the entry's client data opened: `erased` once its key was destroyed. */
export type ClientDataStatus = 'present' | 'erased';

/** An entry as a read sees it: its client data opened into the facts, or marked erased. */
export type OpenedTimelineEntry = TimelineContent &
  TimelineEnvelope & {
    readonly clientData: ClientDataStatus;
  };

/**
 * What later entries need to know about earlier ones, found by the ids their events carry.
 * Kept beside the entries so that evolve stays a single step, not a search of the whole history.
 */
export interface TimelineRefs {
  readonly contacts: IdRecord<{
    readonly version: number;
    readonly contactType: ContactTypeCode;
    readonly occurredAt: string;
  }>;
  readonly referrals: IdRecord<
    TimelineReferral & { readonly version: number; readonly status: ReferralStatus | 'made' }
  >;
  readonly goals: IdRecord<{ readonly version: number; readonly target: GoalTarget }>;
  readonly lastClosureVersion: number | null;
}

/** One case's whole record, in the order it was recorded: the case id is the document id. */
export interface Timeline extends ReadModelDocument {
  /** Absent on documents written before entries held facts. */
  readonly shape: typeof TIMELINE_SHAPE;
  readonly caseId: string;
  readonly caseNumber: string;
  /** The client's name is on the engagement's entry, sealed: a read opens it there. */
  readonly clientId: string;
  readonly entries: readonly TimelineEntry[];
  readonly refs: TimelineRefs;
}
