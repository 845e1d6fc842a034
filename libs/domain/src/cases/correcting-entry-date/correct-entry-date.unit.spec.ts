import {
  CASE_ID,
  caseNoteCorrected,
  caseReopened,
  caseTerminated,
  clientEngaged,
  contactRecorded,
  goalProgressRecorded,
  metadata,
  NOW,
  assessed,
  planAmended,
  planned,
  referralMade,
} from '../../testing/fixtures';
import type { CaseEvent } from '../case-events';
import { entryId as id, givenStored as given } from '../../testing/history';
import type { CorrectEntryDate } from './correct-entry-date.command';

const correct = (version: number, occurredAt: string, reason = 'Typed the wrong day'): CorrectEntryDate => ({
  type: 'CorrectEntryDate',
  caseId: CASE_ID,
  data: { entryId: id(version), occurredAt, reason },
  metadata: metadata(),
});

const corrected = (
  version: number,
  entryType: CaseEvent['type'],
  occurredAt: string,
  previous: string,
): CaseEvent => ({
  type: 'EntryCorrected',
  occurredAt: NOW,
  data: {
    entryId: id(version),
    entryType: entryType as never,
    entryVersion: version,
    occurredAt,
    previousOccurredAt: previous,
  },
  pii: { reason: 'Typed the wrong day' },
});

const history = [...planned, referralMade(), contactRecorded];

describe('CorrectEntryDate', () => {
  it('corrects when an entry happened, in UTC, naming the date it had', () => {
    given(...history)
      .when(correct(5, '2025-03-06T12:30:00-03:00'))
      .then([corrected(5, 'ContactRecorded', '2025-03-06T15:30:00.000Z', contactRecorded.occurredAt)]);
  });

  it('names the date of the latest correction as the previous one', () => {
    const first = corrected(5, 'ContactRecorded', '2025-03-06T15:30:00.000Z', contactRecorded.occurredAt);
    given(...history, first)
      .when(correct(5, '2025-03-08T15:30:00.000Z'))
      .then([corrected(5, 'ContactRecorded', '2025-03-08T15:30:00.000Z', '2025-03-06T15:30:00.000Z')]);
  });

  it('names the previous date in UTC, also for an entry stored with an offset before the rule', () => {
    const withOffset = { ...contactRecorded, occurredAt: '2025-03-07T16:30:00+01:00' };
    given(...planned, referralMade(), withOffset)
      .when(correct(5, '2025-03-08T10:00:00.000Z'))
      .then([corrected(5, 'ContactRecorded', '2025-03-08T10:00:00.000Z', '2025-03-07T15:30:00.000Z')]);
  });

  it('repairs a reopening dated before its closing by moving it after the closing', () => {
    const reopenedEarly = { ...caseReopened, occurredAt: '2025-03-09T10:00:00.000Z' };
    given(clientEngaged, caseTerminated, reopenedEarly)
      .when(correct(3, '2025-03-09T18:00:00.000Z'))
      .then([corrected(3, 'CaseReopened', '2025-03-09T18:00:00.000Z', '2025-03-09T10:00:00.000Z')]);
  });

  it('keeps the rules of what the entry depends on', () => {
    // The referral (e4) was made on 6 March after its goal was set on 5 March.
    given(...history)
      .when(correct(4, '2025-03-04T10:00:00.000Z'))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
    given(clientEngaged, caseTerminated, caseReopened)
      .when(correct(3, '2025-03-08T10:00:00.000Z'))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('keeps the rules of what depends on the entry', () => {
    // Progress on the mood goal (7 March) depends on the plan: the plan cannot move after it.
    given(...planned, { ...goalProgressRecorded, occurredAt: '2025-03-07T10:00:00.000Z' })
      .when(correct(3, '2025-03-08T10:00:00.000Z'))
      .thenFails('OCCURRED_AFTER_DEPENDENT');
    // A contact cannot move after the correction of its note.
    given(...history, caseNoteCorrected)
      .when(correct(5, '2025-03-08T10:00:00.000Z'))
      .thenFails('OCCURRED_AFTER_DEPENDENT');
    // Nor the engagement after anything.
    given(...history)
      .when(correct(1, '2025-03-04T10:00:00.000Z'))
      .thenFails('OCCURRED_AFTER_DEPENDENT');
  });

  it('keeps the due and review dates the entry sets after the day it happened', () => {
    // The plan (e3) sets its next review for 10 April: it cannot have been agreed on 10 April or later.
    given(...assessed, planAmended)
      .when({
        ...correct(3, '2025-04-10T10:00:00.000Z'),
        metadata: metadata({ recordedAt: '2025-05-01T00:00:00.000Z' }),
      })
      .thenFails('DATE_SET_NOT_AFTER_ENTRY');
    given(...assessed, planAmended)
      .when({
        ...correct(3, '2025-04-09T10:00:00.000Z'),
        metadata: metadata({ recordedAt: '2025-05-01T00:00:00.000Z' }),
      })
      .then([
        {
          ...corrected(3, 'PlanAmended', '2025-04-09T10:00:00.000Z', '2025-03-05T11:00:00.000Z'),
          occurredAt: '2025-05-01T00:00:00.000Z',
        },
      ]);
  });

  it('refuses a date in the future or before the engagement', () => {
    given(...history)
      .when(correct(5, '2025-03-11T10:00:00.000Z'))
      .thenFails('OCCURRED_IN_FUTURE');
    given(...history)
      .when(correct(5, '2025-02-01T10:00:00.000Z'))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  it('refuses an unknown, voided or bookkeeping entry, the same date, and no reason', () => {
    given(...history)
      .when({ ...correct(5, NOW), data: { entryId: 'nope', occurredAt: NOW, reason: 'x' } })
      .thenFails('UNKNOWN_ENTRY');
    const voided: CaseEvent = {
      type: 'EntryVoided',
      occurredAt: NOW,
      data: { entryId: id(5), entryType: 'ContactRecorded', entryVersion: 5 },
      pii: { reason: 'wrong case' },
    };
    given(...history, voided)
      .when(correct(5, '2025-03-08T10:00:00.000Z'))
      .thenFails('ENTRY_ALREADY_VOIDED');
    given(...history, voided)
      .when(correct(6, '2025-03-08T10:00:00.000Z'))
      .thenFails('ENTRY_NOT_VOIDABLE');
    given(...history)
      .when(correct(5, contactRecorded.occurredAt))
      .thenFails('ENTRY_NOT_CORRECTABLE');
    given(...history)
      .when(correct(5, '2025-03-08T10:00:00.000Z', ''))
      .thenFails('REASON_REQUIRED');
  });
});
