import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { EntryType } from '../voiding-entry/entry-voided.event';

/**
 * When an entry happened, set right: every fold (`effectiveHistory`) reads the entry with the
 * corrected `occurredAt` from here on. Content is corrected by voiding and re-entering (a case
 * note's text by CaseNoteCorrected). Who corrected it is the envelope's actor.
 */
export type EntryCorrected = CaseEventShape<
  'EntryCorrected',
  {
    /** The corrected event's `eventId`. */
    readonly entryId: string;
    /** The corrected event's type. */
    readonly entryType: EntryType;
    /**
     * The corrected event's stream version.
     * @asType integer
     * @minimum 1
     */
    readonly entryVersion: number;
    /** When the entry happened, corrected (UTC ISO-8601 instant). */
    readonly occurredAt: string;
    /** When it was said to happen until this correction (its own, or an earlier correction's): an ISO-8601 instant. */
    readonly previousOccurredAt: string;
  },
  {
    /** Why the date was wrong. */
    readonly reason: string;
  }
>;

/** The category of each field of EntryCorrected (rules: `../sensitivity.ts`). */
export const ENTRY_CORRECTED_SENSITIVITY: EventSensitivity = {
  data: {
    entryId: 'case_record',
    entryType: 'case_record',
    entryVersion: 'case_record',
    occurredAt: 'case_record',
    previousOccurredAt: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
