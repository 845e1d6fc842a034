import { caseDecider } from '../case-decider';
import type { CaseEvent } from '../case-events';
import {
  CASE_ID,
  caseReopened,
  caseTerminated,
  metadata,
  planned,
  referralMade,
  referralStatusChanged,
  spec,
} from '../../testing/fixtures';
import type { TerminateCase } from './terminate-case.command';

const terminate = (data: Partial<TerminateCase['data']> = {}): TerminateCase => ({
  type: 'TerminateCase',
  caseId: CASE_ID,
  data: {
    reason: caseTerminated.data.reason,
    goalOutcomes: caseTerminated.data.goalOutcomes,
    summary: caseTerminated.pii.summary,
    occurredAt: caseTerminated.occurredAt,
    ...data,
  },
  metadata: metadata(),
});

const completed = {
  ...referralStatusChanged,
  occurredAt: '2025-03-07T10:00:00.000Z',
  data: { referralId: 'ref-done', from: 'made', to: 'declined' },
} as const;
const referred = [...planned, referralMade('ref-voucher'), referralMade('ref-done'), completed] as const;

const closedWith = (dispositions: TerminateCase['data']['referralDispositions']) => ({
  ...caseTerminated,
  data: { ...caseTerminated.data, referralDispositions: dispositions ?? [] },
});

const stateAfter = (events: readonly CaseEvent[]) =>
  events.reduce(caseDecider.evolve, caseDecider.initialState);

describe('TerminateCase: what becomes of the referrals still open', () => {
  it('closes every open referral with the case by default, and names only open ones', () => {
    spec(referred)
      .when(terminate())
      .then([closedWith([{ referralId: 'ref-voucher', disposition: 'closed_at_termination' }])]);
  });

  it('keeps a referral the closing continues open after the case closes', () => {
    const dispositions = [{ referralId: 'ref-voucher', disposition: 'continued' }] as const;
    spec(referred)
      .when(terminate({ referralDispositions: dispositions }))
      .then([closedWith(dispositions)]);
    const state = stateAfter([...referred, closedWith(dispositions)]);
    expect(state.status).toBe('closed');
    if (state.status === 'initial') return;
    expect(state.referrals['ref-voucher']).toMatchObject({ status: 'made', disposition: 'continued' });
    expect(state.closing?.referralDispositions).toEqual({ 'ref-voucher': 'continued' });
  });

  it('marks a referral closed with the case, and it stays closed after a reopening', () => {
    const closing = closedWith([{ referralId: 'ref-voucher', disposition: 'closed_at_termination' }]);
    const reopened = [...referred, closing, { ...caseReopened, occurredAt: '2025-03-09T18:00:00.000Z' }];
    const state = stateAfter(reopened);
    if (state.status === 'initial') throw new Error('no case');
    expect(state.referrals['ref-voucher']?.disposition).toBe('closed_at_termination');
    // Closing again finds it no longer open: nothing to decide for it, and it cannot be named.
    spec(reopened)
      .when(terminate({ occurredAt: '2025-03-10T09:00:00.000Z' }))
      .then([{ ...closedWith([]), occurredAt: '2025-03-10T09:00:00.000Z' }]);
    spec(reopened)
      .when(
        terminate({
          occurredAt: '2025-03-10T09:00:00.000Z',
          referralDispositions: [{ referralId: 'ref-voucher', disposition: 'continued' }],
        }),
      )
      .thenFails('REFERRAL_NOT_OPEN');
  });

  it('refuses a disposition for a referral that is not open (422)', () => {
    spec(referred)
      .when(terminate({ referralDispositions: [{ referralId: 'ref-done', disposition: 'continued' }] }))
      .thenFails('REFERRAL_NOT_OPEN');
    spec(referred)
      .when(terminate({ referralDispositions: [{ referralId: 'ref-none', disposition: 'continued' }] }))
      .thenFails('REFERRAL_NOT_OPEN');
  });

  it('refuses an unknown disposition and a referral named twice', () => {
    spec(referred)
      .when(
        terminate({ referralDispositions: [{ referralId: 'ref-voucher', disposition: 'paused' as never }] }),
      )
      .thenFails('INVALID_VOCABULARY_VALUE');
    spec(referred)
      .when(
        terminate({
          referralDispositions: [
            { referralId: 'ref-voucher', disposition: 'continued' },
            { referralId: 'ref-voucher', disposition: 'closed_at_termination' },
          ],
        }),
      )
      .thenFails('DUPLICATE_ID');
  });

  it('reads a v1 closing (upcast with no dispositions) as closing every referral then open', () => {
    const state = stateAfter([...referred, closedWith([])]);
    if (state.status === 'initial') throw new Error('no case');
    expect(state.referrals['ref-voucher']?.disposition).toBe('closed_at_termination');
    expect(state.referrals['ref-done']?.disposition).toBeUndefined();
  });
});
