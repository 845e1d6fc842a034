import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventType } from '../case-events';
import type { ApprovalEventType } from '../approval-events';
import type { CaseEventShape } from '../values';

/**
 * The entries a void or a correction can name: any recorded entry but the bookkeeping ones themselves
 * and erasure receipts (after one the case takes no commands at all), nor approvals (`../approval-events.ts`).
 */
export type EntryType = Exclude<
  CaseEventType,
  'EntryVoided' | 'EntryCorrected' | 'ClientDataErased' | ApprovalEventType | NotVoidableEntryType
>;

/**
 * Entry types that came after the released 1.0.0 contract, whose EntryVoided and EntryCorrected
 * v1 schemas list the entry types of then: a void naming one would break them. Each is settled by
 * its own command instead (an appointment's outcome, a task's closing; a reminder stands).
 */
export const NOT_VOIDABLE_ENTRY_TYPES = [
  'AppointmentScheduled',
  'AppointmentOutcomeRecorded',
  'TaskCreated',
  'TaskClosed',
  'ItemDueSoon',
  // Households: a member's joining and leaving are settled by a departure, not voided.
  'HouseholdMemberJoined',
  'HouseholdMemberLeft',
  // Safety flags are settled by their clearance; communication needs by the next recording.
  'SafetyFlagSet',
  'SafetyFlagCleared',
  'CommunicationNeedsRecorded',
  // A merge of two client records: undone by no void (the survivor's record would lose an episode).
  'CaseClientChanged',
  // Issue #14's smaller gaps: voidable once a next EntryVoided version lists them.
  'NeedIdentified',
  'MilestoneMet',
  // Form answers stand with the entry they were given with; a correction is a new answer.
  'FormAnswered',
] as const satisfies readonly CaseEventType[];
export type NotVoidableEntryType = (typeof NOT_VOIDABLE_ENTRY_TYPES)[number];

/**
 * An entry struck out of the record: the original stays in the history, and every fold
 * (`effectiveHistory`) leaves it out from here on. Who voided it is the envelope's actor.
 */
export type EntryVoided = CaseEventShape<
  'EntryVoided',
  {
    /** The voided event's `eventId`. */
    readonly entryId: string;
    /** The voided event's type. */
    readonly entryType: EntryType;
    /**
     * The voided event's stream version, so that a reader can find it without an index.
     * @asType integer
     * @minimum 1
     */
    readonly entryVersion: number;
  },
  {
    /** Why it was struck out. */
    readonly reason: string;
  }
>;

/** The category of each field of EntryVoided (rules: `../sensitivity.ts`). */
export const ENTRY_VOIDED_SENSITIVITY: EventSensitivity = {
  data: {
    entryId: 'case_record',
    entryType: 'case_record',
    entryVersion: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
