import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventType } from '../case-events';
import type { CaseEventShape } from '../values';

/**
 * The entries a void or a correction can name: any recorded entry but the bookkeeping ones themselves
 * and erasure receipts (after one the case takes no commands at all).
 */
export type LedgerEntryType = Exclude<CaseEventType, 'EntryVoided' | 'EntryCorrected' | 'ClientDataErased'>;

/**
 * Entry types added after the contract's 1.0.0: EntryVoided and EntryCorrected v1 are released with
 * an `entryType` enum that does not name them, so until a new schemaVersion of both widens it they
 * are neither voided nor date-corrected (ENTRY_NOT_VOIDABLE / ENTRY_NOT_CORRECTABLE).
 */
export const ENTRY_TYPES_NOT_IN_V1 = ['HouseholdMemberJoined', 'HouseholdMemberLeft'] as const;

/** The entries a void or a correction can name (published in EntryVoided/EntryCorrected v1). */
export type EntryType = Exclude<LedgerEntryType, (typeof ENTRY_TYPES_NOT_IN_V1)[number]>;

export const isVoidableEntryType = (type: LedgerEntryType): type is EntryType =>
  !(ENTRY_TYPES_NOT_IN_V1 as readonly string[]).includes(type);

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
