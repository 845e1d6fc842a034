/**
 * The ledger of a case's entries: what voiding and correcting an entry must know (which entries
 * exist, when they happened, what each depends on), and the "anchors" the dependency-date rules
 * compare with (the entry that set a goal, the referral's latest status change, the open episode...).
 *
 * Kept by `evolve` beside the rest of the state. An event that carries its envelope (every stored
 * one) is an entry under its `eventId`; one without (a decision not yet stored) still moves the
 * anchors' dates, with no id.
 */
import type { Recorded } from '../shared/envelope';
import { entry, hasEntry, withEntry, type IdRecord } from '../shared/records';
import { isRecordedLate } from '../shared/time';
import type { CaseEvent, CaseEventType } from './case-events';
import { isApprovalEvent } from './approval-events';
import type { EntryType, NotVoidableEntryType } from './voiding-entry/entry-voided.event';

/** Every entry others may depend on: the voidable ones and those settled by their own commands. */
export type AnchorEntryType = EntryType | NotVoidableEntryType;

/** An entry others depend on: its type, id (null when not stored yet) and when it happened. */
export interface Anchor {
  readonly entry: AnchorEntryType;
  readonly id: string | null;
  readonly occurredAt: string;
}

export interface Anchors {
  readonly engagement: Anchor;
  /** What opened the current episode: the engagement or the latest reopening. */
  readonly opening: Anchor;
  readonly closing: Anchor | null;
  /** The latest plan amendment. */
  readonly plan: Anchor | null;
  /** Per goal, the amendment that set it. */
  readonly goals: IdRecord<Anchor>;
  /** Per need, the assessment that last rated it. */
  readonly needs: IdRecord<Anchor>;
  /** Per referral, its making or its latest status change. */
  readonly referrals: IdRecord<Anchor>;
  readonly contacts: IdRecord<Anchor>;
  /** Per consent, its grant or its latest narrowing. */
  readonly consents: IdRecord<Anchor>;
  // Optional: a ledger folded before appointments and tasks existed has neither.
  /** Per appointment, its scheduling. */
  readonly appointments?: IdRecord<Anchor>;
  /** Per task, its creation. */
  readonly tasks?: IdRecord<Anchor>;
  /** Per household member, their joining. */
  readonly members: IdRecord<Anchor>;
  /** Per safety flag, its setting (optional: ledgers folded before flags existed have none). */
  readonly safetyFlags?: IdRecord<Anchor>;
}

export interface LedgerEntry {
  readonly type: CaseEventType;
  readonly version: number;
  /** As it counts now: the latest correction's date, if any. */
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** The entries whose dates bound this one's from below. */
  readonly dependsOn: readonly string[];
  /**
   * The earliest calendar date (YYYY-MM-DD) the entry sets (a due or next review date), which must
   * stay after the day it happened; null when it sets none.
   */
  readonly earliestDateSet: string | null;
}

export interface VoidedEntry {
  readonly entryType: EntryType;
  readonly entryVersion: number;
  readonly voidedAt: string;
}

export interface EntryLedger {
  /** Every entry that counts, by eventId; voided ones are left out (they are in `voided`). */
  readonly entries: IdRecord<LedgerEntry>;
  readonly voided: IdRecord<VoidedEntry>;
  readonly anchors: Anchors;
}

/**
 * Voids, corrections and erasure receipts are about other entries: nothing depends on them, and
 * they are not voided.
 */
export const BOOKKEEPING_TYPES: readonly CaseEventType[] = [
  'EntryVoided',
  'EntryCorrected',
  'ClientDataErased',
];

const isBookkeeping = (type: CaseEventType): type is 'EntryVoided' | 'EntryCorrected' | 'ClientDataErased' =>
  BOOKKEEPING_TYPES.includes(type);

const envelopeOf = (
  event: CaseEvent,
): Pick<Recorded<CaseEvent>, 'eventId' | 'version' | 'recordedAt'> | null =>
  'eventId' in event &&
  typeof event.eventId === 'string' &&
  'version' in event &&
  typeof event.version === 'number' &&
  'recordedAt' in event &&
  typeof event.recordedAt === 'string'
    ? { eventId: event.eventId, version: event.version, recordedAt: event.recordedAt }
    : null;

const ids = (record: IdRecord<Anchor>, keys: readonly string[]): Anchor[] =>
  keys.flatMap((key) => {
    const found = entry(record, key);
    return found === undefined ? [] : [found];
  });

/**
 * What an entry depends on, by the rules of issue #9: engagement before everything; a referral
 * after its goals were set and before its status changes, which follow one another; a goal set
 * before its progress, achievement, revision, review and outcome; needs assessed before the plan
 * that cites them, and a plan amendment after the one it amends; a closing after the opening of its episode, a reopening after its closing; a
 * contact before its note's correction; a review after the plan amendment it reviews; a consent's narrowing or revocation after its grant
 * and its latest narrowing.
 */
export const dependenciesOf = (anchors: Anchors, event: CaseEvent): readonly Anchor[] => {
  const deps = ((): Anchor[] => {
    switch (event.type) {
      case 'ClientEngaged':
      case 'EntryVoided':
      case 'EntryCorrected':
      case 'ClientDataErased':
        return [];
      case 'CaseAssigned':
      case 'CaseTransferred':
      case 'NeedAssessed':
        return [];
      // A contact comes after the goals it worked on were set and the appointment it kept was scheduled;
      // not after its referrals' latest status (a call about a referral may precede its acceptance).
      case 'ContactRecorded':
        return [
          ...ids(anchors.goals, event.data.goalIds),
          ...ids(
            anchors.appointments ?? {},
            event.data.appointmentId === null ? [] : [event.data.appointmentId],
          ),
        ];
      case 'PlanAmended': {
        const { goalsAdded, goalsRevised, goalsDropped } = event.data;
        return [
          // Each amendment amends the one before it (its number follows on).
          ...(anchors.plan === null ? [] : [anchors.plan]),
          ...ids(
            anchors.needs,
            goalsAdded.flatMap((goal) => goal.needIds),
          ),
          ...ids(anchors.goals, [...goalsRevised.map((revision) => revision.goalId), ...goalsDropped]),
        ];
      }
      case 'ReferralMade': {
        const { goalIds, replacesReferralId } = event.data;
        return [
          ...ids(anchors.goals, goalIds),
          ...ids(anchors.referrals, replacesReferralId === null ? [] : [replacesReferralId]),
        ];
      }
      case 'ReferralStatusChanged':
        return ids(anchors.referrals, [event.data.referralId]);
      case 'CaseNoteCorrected':
        return ids(anchors.contacts, [event.data.correctsContactId]);
      case 'GoalProgressRecorded':
      case 'GoalAchieved':
        return ids(anchors.goals, [event.data.goalId]);
      case 'AdvocacyActionRecorded':
        return ids(anchors.goals, event.data.goalIds);
      case 'CaseReviewed':
        return [
          ...(anchors.plan === null ? [] : [anchors.plan]),
          ...ids(
            anchors.goals,
            event.data.goalReviews.map((review) => review.goalId),
          ),
        ];
      case 'CaseTerminated':
        return [
          anchors.opening,
          ...ids(
            anchors.goals,
            event.data.goalOutcomes.map((outcome) => outcome.goalId),
          ),
        ];
      case 'CaseReopened':
        return anchors.closing === null ? [] : [anchors.closing];
      case 'ConsentGranted':
        return [];
      // A consent is narrowed or revoked after it was granted and after its latest narrowing.
      case 'ConsentNarrowed':
      case 'ConsentRevoked':
        return ids(anchors.consents, [event.data.consentId]);
      // Never voided, so they hold nothing back from being voided (see approval-events.ts).
      case 'PlanApprovalRequested':
      case 'PlanApproved':
      case 'PlanReturned':
      case 'ClosingRequested':
      case 'ClosingApproved':
      case 'ClosingReturned':
        return [];
      case 'AppointmentScheduled':
        return [
          ...ids(anchors.goals, event.data.goalIds),
          ...ids(anchors.referrals, event.data.referralIds),
          ...ids(
            anchors.appointments ?? {},
            event.data.rescheduledFromAppointmentId === null ? [] : [event.data.rescheduledFromAppointmentId],
          ),
        ];
      // An outcome, a closing or a reminder comes after the item was scheduled or created.
      case 'AppointmentOutcomeRecorded':
        return ids(anchors.appointments ?? {}, [event.data.appointmentId]);
      case 'TaskCreated':
        return ids(anchors.goals, event.data.goalIds);
      case 'TaskClosed':
        return ids(anchors.tasks ?? {}, [event.data.taskId]);
      case 'ItemDueSoon':
        return event.data.itemKind === 'appointment'
          ? ids(anchors.appointments ?? {}, [event.data.itemId])
          : ids(anchors.tasks ?? {}, [event.data.itemId]);
      case 'HouseholdMemberJoined':
        return [];
      // A member leaves after they joined.
      case 'HouseholdMemberLeft':
        return ids(anchors.members, [event.data.memberId]);
      // Never voided, so they hold nothing back from being voided (see approval-events.ts).
      case 'TransferRequested':
      case 'TransferApproved':
      case 'TransferReturned':
        return [];
      case 'SafetyFlagSet':
      case 'CommunicationNeedsRecorded':
        return [];
      // A flag is cleared after it was set.
      case 'SafetyFlagCleared':
        return ids(anchors.safetyFlags ?? {}, [event.data.flagId]);
      case 'CaseClientChanged':
        return [];
      // A need found in a member is found after they joined.
      case 'NeedIdentified':
        return event.data.memberId === null ? [] : ids(anchors.members, [event.data.memberId]);
      // A milestone is met after the amendment that set its goal.
      case 'MilestoneMet':
        return ids(anchors.goals, [event.data.goalId]);
      // Recorded in the commit of the command it was given with, as of the same instant.
      case 'FormAnswered':
        return [];
      default: {
        const _unknown: never = event;
        return [];
      }
    }
  })();
  if (event.type === 'ClientEngaged' || isBookkeeping(event.type)) return deps;
  // Each once, the engagement first: it bounds everything.
  const all = [anchors.engagement, ...deps];
  return all.filter(
    (anchor, index) =>
      anchor.id === null ||
      all.findIndex((other) => other.id === anchor.id && other.entry === anchor.entry) === index,
  );
};

const moveAnchors = (anchors: Anchors, event: CaseEvent, anchor: Anchor): Anchors => {
  switch (event.type) {
    case 'ClientEngaged':
      return { ...anchors, engagement: anchor, opening: anchor };
    case 'NeedAssessed':
      return {
        ...anchors,
        needs: event.data.needs.reduce((all, need) => withEntry(all, need.needId, anchor), anchors.needs),
      };
    case 'PlanAmended':
      return {
        ...anchors,
        plan: anchor,
        goals: event.data.goalsAdded.reduce(
          (all, goal) => withEntry(all, goal.goalId, anchor),
          anchors.goals,
        ),
      };
    case 'ReferralMade':
      return { ...anchors, referrals: withEntry(anchors.referrals, event.data.referralId, anchor) };
    case 'ReferralStatusChanged':
      return hasEntry(anchors.referrals, event.data.referralId)
        ? { ...anchors, referrals: withEntry(anchors.referrals, event.data.referralId, anchor) }
        : anchors;
    case 'ContactRecorded':
      return { ...anchors, contacts: withEntry(anchors.contacts, event.data.contactId, anchor) };
    case 'CaseTerminated':
      return { ...anchors, closing: anchor };
    case 'CaseReopened':
      return { ...anchors, opening: anchor, closing: null };
    case 'ConsentGranted':
      return { ...anchors, consents: withEntry(anchors.consents, event.data.consentId, anchor) };
    case 'ConsentNarrowed':
      return hasEntry(anchors.consents, event.data.consentId)
        ? { ...anchors, consents: withEntry(anchors.consents, event.data.consentId, anchor) }
        : anchors;
    case 'AppointmentScheduled':
      return {
        ...anchors,
        appointments: withEntry(anchors.appointments ?? {}, event.data.appointmentId, anchor),
      };
    case 'TaskCreated':
      return { ...anchors, tasks: withEntry(anchors.tasks ?? {}, event.data.taskId, anchor) };
    case 'AppointmentOutcomeRecorded':
    case 'TaskClosed':
    case 'ItemDueSoon':
    case 'TransferRequested':
    case 'TransferApproved':
    case 'TransferReturned':
    case 'CaseAssigned':
    case 'CaseTransferred':
    case 'CaseNoteCorrected':
    case 'GoalProgressRecorded':
    case 'GoalAchieved':
    case 'AdvocacyActionRecorded':
    case 'CaseReviewed':
    case 'EntryVoided':
    case 'EntryCorrected':
    case 'ClientDataErased':
    case 'ConsentRevoked':
    case 'PlanApprovalRequested':
    case 'PlanApproved':
    case 'PlanReturned':
    case 'ClosingRequested':
    case 'ClosingApproved':
    case 'ClosingReturned':
    case 'HouseholdMemberLeft':
    case 'SafetyFlagCleared':
    case 'CommunicationNeedsRecorded':
    case 'CaseClientChanged':
    case 'MilestoneMet':
    case 'FormAnswered':
      return anchors;
    case 'NeedIdentified':
      return { ...anchors, needs: withEntry(anchors.needs, event.data.needId, anchor) };
    case 'HouseholdMemberJoined':
      return { ...anchors, members: withEntry(anchors.members, event.data.memberId, anchor) };
    case 'SafetyFlagSet':
      return { ...anchors, safetyFlags: withEntry(anchors.safetyFlags ?? {}, event.data.flagId, anchor) };
    default: {
      const _unknown: never = event;
      return anchors;
    }
  }
};

const earliestOf = (dates: readonly string[]): string | null =>
  dates.reduce<string | null>((min, date) => (min === null || date < min ? date : min), null);

/** Due and review dates are counted from the day an entry happened: they bound its corrections. */
const earliestDateSet = (event: CaseEvent): string | null => {
  if (event.type === 'CaseReviewed') return event.data.nextReviewDate;
  if (event.type !== 'PlanAmended') return null;
  const { goalsAdded, goalsRevised, nextReviewDate } = event.data;
  return earliestOf([
    nextReviewDate,
    ...goalsAdded.flatMap((goal) => [goal.dueDate, ...goal.milestones.map((m) => m.dueDate)]),
    ...goalsRevised.flatMap((revision) => (revision.dueDate === undefined ? [] : [revision.dueDate])),
    ...goalsRevised.flatMap((revision) => (revision.milestonesAdded ?? []).map((m) => m.dueDate)),
  ]);
};

/** The ledger after an event: `previous` is null for the engagement that starts it. */
export const recordInLedger = (previous: EntryLedger | null, event: CaseEvent): EntryLedger => {
  const envelope = envelopeOf(event);
  const type = event.type;
  // Approvals anchor nothing: nothing depends on them (approval-events.ts).
  const anchor: Anchor | null =
    isBookkeeping(type) || isApprovalEvent(type)
      ? null
      : { entry: type, id: envelope?.eventId ?? null, occurredAt: event.occurredAt };
  const base: EntryLedger =
    previous ??
    ({
      entries: {},
      voided: {},
      anchors: {
        engagement: anchor ?? { entry: 'ClientEngaged', id: null, occurredAt: event.occurredAt },
        opening: anchor ?? { entry: 'ClientEngaged', id: null, occurredAt: event.occurredAt },
        closing: null,
        plan: null,
        goals: {},
        needs: {},
        referrals: {},
        contacts: {},
        consents: {},
        members: {},
      },
    } satisfies EntryLedger);
  const dependsOn = dependenciesOf(base.anchors, event).flatMap((dep) => (dep.id === null ? [] : [dep.id]));
  const entries =
    envelope === null
      ? base.entries
      : withEntry(base.entries, envelope.eventId, {
          type,
          version: envelope.version,
          occurredAt: event.occurredAt,
          recordedAt: envelope.recordedAt,
          dependsOn,
          earliestDateSet: earliestDateSet(event),
        });
  const voided =
    event.type === 'EntryVoided'
      ? withEntry(base.voided, event.data.entryId, {
          entryType: event.data.entryType,
          entryVersion: event.data.entryVersion,
          voidedAt: event.occurredAt,
        })
      : base.voided;
  return {
    entries,
    voided,
    anchors: anchor === null ? base.anchors : moveAnchors(base.anchors, event, anchor),
  };
};

/** The live entries that depend on an entry, oldest first: they must be voided before it can be. */
export const dependentsOf = (
  ledger: EntryLedger,
  entryId: string,
): readonly (LedgerEntry & { id: string })[] =>
  Object.entries(ledger.entries)
    .filter(([, e]) => !isBookkeeping(e.type) && e.dependsOn.includes(entryId))
    .map(([id, e]) => ({ ...e, id }))
    .sort((a, b) => a.version - b.version);

/** A ledger entry as a reader sees it: with whether it was written up on a later agency day. */
export type ReadableLedgerEntry = LedgerEntry & { readonly recordedLate: boolean };

/** What GET /cases/{id} shows of the ledger: the entries and the voided ones; the anchors are for rules. */
export interface ReadableLedger {
  readonly entries: IdRecord<ReadableLedgerEntry>;
  readonly voided: IdRecord<VoidedEntry>;
}

export const readableLedger = (ledger: EntryLedger, timeZone: string): ReadableLedger => ({
  entries: Object.fromEntries(
    Object.entries(ledger.entries).map(([id, e]) => [
      id,
      { ...e, recordedLate: isRecordedLate(e.occurredAt, e.recordedAt, timeZone) },
    ]),
  ),
  voided: ledger.voided,
});
