import {
  CASE_ID,
  caseNoteCorrected,
  caseReopened,
  caseTerminated,
  clientEngaged,
  consentGranted,
  consentNarrowed,
  consentRevoked,
  contactRecorded,
  goalProgressRecorded,
  metadata,
  NOW,
  planned,
  referralMade,
  spec,
  taskCreated,
} from '../../testing/fixtures';
import { entryId as id, givenStored as given } from '../../testing/history';
import type { CaseEvent } from '../case-events';
import type { VoidEntry } from './void-entry.command';

const voidEntry = (version: number, reason = 'Entered on the wrong case'): VoidEntry => ({
  type: 'VoidEntry',
  caseId: CASE_ID,
  data: { entryId: id(version), reason },
  metadata: metadata(),
});

const voided = (version: number, entryType: CaseEvent['type']): CaseEvent => ({
  type: 'EntryVoided',
  occurredAt: NOW,
  data: { entryId: id(version), entryType: entryType as never, entryVersion: version },
  pii: { reason: 'Entered on the wrong case' },
});

// planned = engaged (1), assessed (2), plan (3)
const history = [...planned, referralMade(), contactRecorded];

describe('VoidEntry', () => {
  it('voids an entry of each kind nothing depends on, naming its type and version', () => {
    const cases: [number, CaseEvent['type']][] = [
      [4, 'ReferralMade'],
      [5, 'ContactRecorded'],
    ];
    for (const [version, type] of cases) {
      given(...history)
        .when(voidEntry(version))
        .then([voided(version, type)]);
    }
    given(...planned, goalProgressRecorded)
      .when(voidEntry(4))
      .then([voided(4, 'GoalProgressRecorded')]);
    given(...planned, caseTerminated)
      .when(voidEntry(4))
      .then([voided(4, 'CaseTerminated')]);
    given(...planned, caseTerminated, caseReopened)
      .when(voidEntry(5))
      .then([voided(5, 'CaseReopened')]);
  });

  it('refuses an entry later live entries depend on, until they are voided', () => {
    // The contact's note correction depends on it.
    given(...history, caseNoteCorrected)
      .when(voidEntry(5))
      .thenFails('ENTRY_HAS_DEPENDENTS');
    given(...history, caseNoteCorrected, voided(6, 'CaseNoteCorrected'))
      .when(voidEntry(5))
      .then([voided(5, 'ContactRecorded')]);
  });

  it('voids a consent entry recorded by mistake, a grant only once its narrowings and revocation are voided', () => {
    // engaged (1), consent granted (2), narrowed (3), revoked (4)
    const consent = [clientEngaged, consentGranted, consentNarrowed, consentRevoked];
    given(...consent)
      .when(voidEntry(4))
      .then([voided(4, 'ConsentRevoked')]);
    given(...consent)
      .when(voidEntry(2))
      .thenFails('ENTRY_HAS_DEPENDENTS');
    given(...consent)
      .when(voidEntry(3))
      .thenFails('ENTRY_HAS_DEPENDENTS');
    given(...consent, voided(4, 'ConsentRevoked'), voided(3, 'ConsentNarrowed'))
      .when(voidEntry(2))
      .then([voided(2, 'ConsentGranted')]);
  });

  it('refuses the plan amendment whose goals have progress, and the closing a reopening undoes', () => {
    given(...planned, goalProgressRecorded)
      .when(voidEntry(3))
      .thenFails('ENTRY_HAS_DEPENDENTS');
    given(...planned, caseTerminated, caseReopened)
      .when(voidEntry(4))
      .thenFails('ENTRY_HAS_DEPENDENTS');
  });

  it('refuses a plan amendment that a later amendment amends', () => {
    const second: CaseEvent = {
      type: 'PlanAmended',
      occurredAt: '2025-03-08T10:00:00.000Z',
      data: {
        amendmentNumber: 2,
        goalsAdded: [],
        goalsRevised: [],
        goalsDropped: [],
        services: [],
        nextReviewDate: '2025-04-20',
      },
      pii: { reason: 'Review moved', descriptions: {} },
    };
    given(...planned, second)
      .when(voidEntry(3))
      .thenFails('ENTRY_HAS_DEPENDENTS');
    given(...planned, second)
      .when(voidEntry(4))
      .then([voided(4, 'PlanAmended')]);
  });

  it('refuses a referral whose status changed', () => {
    const accepted: CaseEvent = {
      type: 'ReferralStatusChanged',
      occurredAt: '2025-03-08T10:00:00.000Z',
      data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
      pii: { note: '' },
    };
    given(...planned, referralMade(), accepted)
      .when(voidEntry(4))
      .thenFails('ENTRY_HAS_DEPENDENTS');
  });

  it('refuses an entry already voided', () => {
    given(...history, voided(5, 'ContactRecorded'))
      .when(voidEntry(5))
      .thenFails('ENTRY_ALREADY_VOIDED');
  });

  it('refuses an entry that is not on this case', () => {
    given(...history)
      .when({ ...voidEntry(5), data: { entryId: 'other-case-e5', reason: 'x' } })
      .thenFails('UNKNOWN_ENTRY');
  });

  it('refuses a task, appointment or reminder: the released EntryVoided v1 cannot name their types', () => {
    // history is 5 entries: the task is the 6th.
    given(...history, taskCreated)
      .when(voidEntry(6))
      .thenFails('ENTRY_NOT_VOIDABLE');
  });

  it('refuses the engagement, and voids and corrections themselves', () => {
    given(...history)
      .when(voidEntry(1))
      .thenFails('ENTRY_NOT_VOIDABLE');
    given(...history, caseNoteCorrected, voided(6, 'CaseNoteCorrected'))
      .when(voidEntry(7))
      .thenFails('ENTRY_NOT_VOIDABLE');
  });

  it('gives a reason', () => {
    given(...history)
      .when(voidEntry(5, ' '))
      .thenFails('REASON_REQUIRED');
  });

  it('needs a case', () => {
    spec([]).when(voidEntry(1)).thenFails('CASE_NOT_FOUND');
  });

  it('a voided reopening leaves the case closed, so it can be reopened again', () => {
    const reopenedEarly = { ...caseReopened, occurredAt: '2025-03-09T10:00:00.000Z' };
    given(clientEngaged, caseTerminated, reopenedEarly, voided(3, 'CaseReopened'))
      .when({
        type: 'ReopenCase',
        caseId: CASE_ID,
        data: { reason: 'Came back', occurredAt: '2025-03-09T18:00:00.000Z' },
        metadata: metadata(),
      })
      .then([
        {
          type: 'CaseReopened',
          occurredAt: '2025-03-09T18:00:00.000Z',
          data: { caseManagerId: null },
          pii: { reason: 'Came back' },
        },
      ]);
  });
});
