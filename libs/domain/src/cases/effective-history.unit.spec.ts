import {
  CASE_ID,
  caseReopened,
  caseTerminated,
  clientEngaged,
  contactRecorded,
  metadata,
  NOW,
} from '../testing/fixtures';
import { recorded } from '../testing/recorded';
import { commandAction } from '../access/case-actions';
import type { CaseEvent } from './case-events';
import { effectiveHistory, foldCase, historyAsOf } from './effective-history';

const at = (event: CaseEvent, version: number, recordedAt: string) =>
  recorded(event, { version, recordedAt });
const id = (version: number) => `${CASE_ID}-e${version}`;

const voidOf = (version: number, type: 'ContactRecorded' | 'CaseReopened'): CaseEvent => ({
  type: 'EntryVoided',
  occurredAt: '2025-03-20T10:00:00.000Z',
  data: { entryId: id(version), entryType: type, entryVersion: version },
  pii: { reason: 'Wrong case' },
});

const correctionOf = (version: number, occurredAt: string, previousOccurredAt: string): CaseEvent => ({
  type: 'EntryCorrected',
  occurredAt: '2025-03-21T10:00:00.000Z',
  data: {
    entryId: id(version),
    entryType: 'ContactRecorded',
    entryVersion: version,
    occurredAt,
    previousOccurredAt,
  },
  pii: { reason: 'Wrong day' },
});

const engaged = at(clientEngaged, 1, clientEngaged.occurredAt);
const contact = at(contactRecorded, 2, '2025-03-08T09:00:00.000Z');

describe('effectiveHistory', () => {
  it('leaves voided entries out and keeps the void', () => {
    const voided = at(voidOf(2, 'ContactRecorded'), 3, '2025-03-20T10:00:00.000Z');
    expect(effectiveHistory([engaged, contact, voided])).toEqual([engaged, voided]);
  });

  it('gives corrected entries their latest corrected date, in stream order', () => {
    const first = at(correctionOf(2, '2025-03-06T10:00:00.000Z', contactRecorded.occurredAt), 3, NOW);
    const second = at(correctionOf(2, '2025-03-05T10:00:00.000Z', '2025-03-06T10:00:00.000Z'), 4, NOW);
    expect(effectiveHistory([engaged, contact, first, second])).toEqual([
      engaged,
      { ...contact, occurredAt: '2025-03-05T10:00:00.000Z' },
      first,
      second,
    ]);
  });

  it('is the history itself when nothing was voided or corrected', () => {
    const history = [engaged, contact];
    expect(effectiveHistory(history)).toBe(history);
  });
});

describe('historyAsOf', () => {
  const voided = at(voidOf(2, 'ContactRecorded'), 3, '2025-03-20T10:00:00.000Z');
  const history = [engaged, contact, voided];

  it('by recorded: a void recorded after the instant does not count (what the agency knew then)', () => {
    expect(historyAsOf(history, '2025-03-15T00:00:00.000Z', 'recorded')).toEqual([engaged, contact]);
    expect(historyAsOf(history, '2025-03-21T00:00:00.000Z', 'recorded')).toEqual([engaged, voided]);
  });

  it('by occurred: voids and corrections known now count, then what had happened by the instant', () => {
    expect(historyAsOf(history, '2025-03-15T00:00:00.000Z', 'occurred')).toEqual([engaged]);
    const corrected = at(correctionOf(2, '2025-03-02T10:00:00.000Z', contactRecorded.occurredAt), 3, NOW);
    expect(historyAsOf([engaged, contact, corrected], '2025-03-03T00:00:00.000Z', 'occurred')).toEqual([
      engaged,
      { ...contact, occurredAt: '2025-03-02T10:00:00.000Z' },
    ]);
  });

  it('without an instant: the effective history now', () => {
    expect(historyAsOf(history, undefined)).toEqual([engaged, voided]);
  });
});

describe('foldCase', () => {
  it('folds the effective history: a voided reopening leaves the case closed', () => {
    const closedAt = at(caseTerminated, 2, caseTerminated.occurredAt);
    const reopened = at({ ...caseReopened, occurredAt: '2025-03-09T10:00:00.000Z' }, 3, NOW);
    const state = foldCase([engaged, closedAt, reopened, at(voidOf(3, 'CaseReopened'), 4, NOW)]);
    expect(state).toMatchObject({ status: 'closed', reopenedCount: 0 });
    expect(state.status !== 'initial' && state.ledger.voided).toEqual({
      [id(3)]: { entryType: 'CaseReopened', entryVersion: 3, voidedAt: '2025-03-20T10:00:00.000Z' },
    });
  });

  it('keeps a ledger of the entries: type, version, dates and what each depends on', () => {
    const state = foldCase([engaged, contact]);
    expect(state.status !== 'initial' && state.ledger.entries).toEqual({
      [id(1)]: {
        type: 'ClientEngaged',
        version: 1,
        occurredAt: clientEngaged.occurredAt,
        recordedAt: clientEngaged.occurredAt,
        dependsOn: [],
        earliestDateSet: null,
      },
      [id(2)]: {
        type: 'ContactRecorded',
        version: 2,
        occurredAt: contactRecorded.occurredAt,
        recordedAt: '2025-03-08T09:00:00.000Z',
        dependsOn: [id(1)],
        earliestDateSet: null,
      },
    });
  });
});

describe('commandAction', () => {
  const closedCase = foldCase([engaged, at(caseTerminated, 2, NOW), at(caseReopened, 3, NOW)]);
  const command = (entryId: string) =>
    ({ type: 'VoidEntry', caseId: CASE_ID, data: { entryId, reason: 'x' }, metadata: metadata() }) as const;

  it('voiding or correcting a closing or a reopening is case.void-closure; any other as the route says', () => {
    expect(commandAction(command(id(2)), closedCase)).toBe('case.void-closure');
    expect(commandAction(command(id(3)), closedCase)).toBe('case.void-closure');
    expect(
      commandAction(
        {
          type: 'CorrectEntryDate',
          caseId: CASE_ID,
          data: { entryId: id(3), occurredAt: NOW, reason: 'x' },
          metadata: metadata(),
        },
        closedCase,
      ),
    ).toBe('case.void-closure');
    expect(commandAction(command(id(1)), closedCase)).toBe('case.void-entry');
  });
});
