import { caseDecider } from '@casetrail/domain';
import { clientEngaged } from '@casetrail/domain/testing';
import type { CaseloadEntry } from './caseload.projection';
import { caseloadSummary, isReviewOverdue, queryCaseload } from './caseload.queries';

const entry = (caseId: string, over: Partial<CaseloadEntry> = {}): CaseloadEntry => ({
  _id: caseId,
  version: 1,
  caseId,
  caseNumber: `CT-${caseId}`,
  clientName: `Client ${caseId}`,
  programId: 'housing',
  teamId: 'north',
  caseManagerId: 'cm-1',
  status: 'open',
  stage: 'engagement',
  engagedAt: '2026-01-01T00:00:00.000Z',
  highestSeverity: null,
  nextReviewDate: null,
  lastContactAt: null,
  referrals: {},
  openReferrals: 0,
  updatedAt: '2026-01-01T00:00:00.000Z',
  caseManagerIds: [over.caseManagerId === undefined ? 'cm-1' : over.caseManagerId],
  caseState: JSON.stringify(caseDecider.evolve(caseDecider.initialState, clientEngaged)),
  ...over,
});

const today = '2026-06-15';

describe('caseload queries', () => {
  const entries = [
    entry('a', { nextReviewDate: '2026-06-14', highestSeverity: 'high', engagedAt: '2026-03-01T00:00:00Z' }),
    entry('b', {
      nextReviewDate: '2026-06-15',
      highestSeverity: 'critical',
      engagedAt: '2026-02-01T00:00:00.000Z',
    }),
    entry('c', { status: 'closed', stage: 'closed', nextReviewDate: '2026-01-01' }),
    entry('d', { programId: 'family', caseManagerId: null, engagedAt: '2026-04-01T00:00:00.000Z' }),
    entry('e', {
      caseManagerId: 'cm-2',
      nextReviewDate: '2026-05-01',
      engagedAt: '2026-01-15T00:00:00.000Z',
    }),
  ];

  it('counts a review as overdue only after its date, and only on open cases', () => {
    expect(isReviewOverdue(entries[0]!, today)).toBe(true);
    expect(isReviewOverdue(entries[1]!, today)).toBe(false);
    expect(isReviewOverdue(entries[2]!, today)).toBe(false);
  });

  it('shows open cases by default, filters, and pages', () => {
    const page = queryCaseload(entries, { limit: 2 }, today);
    expect(page.total).toBe(4);
    expect(page.cases.map((c) => c.caseId)).toEqual(['e', 'b']);
    expect(page.cases[0]).not.toHaveProperty('_id');
    // The decider state and the holders are the read model's own business.
    expect(page.cases[0]).not.toHaveProperty('caseState');
    expect(page.cases[0]).not.toHaveProperty('caseManagerIds');
    expect(queryCaseload(entries, { offset: 2, limit: 2 }, today).cases.map((c) => c.caseId)).toEqual([
      'a',
      'd',
    ]);
    expect(queryCaseload(entries, { status: 'all', programId: 'housing' }, today).total).toBe(4);
    expect(queryCaseload(entries, { overdue: true }, today).cases.map((c) => c.caseId)).toEqual(['e', 'a']);
    expect(queryCaseload(entries, { status: 'closed' }, today).cases.map((c) => c.caseId)).toEqual(['c']);
  });

  it('sorts by severity or review date with missing values last in both directions', () => {
    const bySeverity = queryCaseload(entries, { sort: 'highestSeverity', order: 'desc' }, today);
    expect(bySeverity.cases.map((c) => c.caseId)).toEqual(['b', 'a', 'd', 'e']);
    const byReview = queryCaseload(entries, { sort: 'nextReviewDate' }, today);
    expect(byReview.cases.map((c) => c.caseId)).toEqual(['e', 'a', 'b', 'd']);
    // Instants of mixed precision compare as times, not strings.
    expect(queryCaseload(entries, { sort: 'engagedAt', order: 'desc' }, today).cases[0]!.caseId).toBe('d');
  });

  it('summarises a team for a supervisor', () => {
    expect(caseloadSummary(entries, today)).toEqual({
      openCases: 4,
      unassigned: 1,
      overdueReviews: 2,
      byCaseManager: [
        { caseManagerId: 'cm-1', openCases: 2, overdueReviews: 1 },
        { caseManagerId: 'cm-2', openCases: 1, overdueReviews: 1 },
      ],
    });
  });

  it('summarises under the same filters as the list: a program within a team counts only its cases', () => {
    const filter = { programId: 'family' };
    expect(queryCaseload(entries, filter, today).total).toBe(1);
    expect(caseloadSummary(entries, today, filter)).toEqual({
      openCases: 1,
      unassigned: 1,
      overdueReviews: 0,
      byCaseManager: [],
    });
    expect(caseloadSummary(entries, today, { overdue: true })).toMatchObject({
      openCases: 2,
      overdueReviews: 2,
    });
  });
});
