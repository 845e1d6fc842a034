import { caseDecider } from '@casetrail/domain';
import { clientEngaged } from '@casetrail/domain/testing';
import type { CaseloadEntry } from './caseload.projection';
import { plaintextOpener } from '@casetrail/protection';
import { FakeKeys } from '../testing/fake-sealing';
import { caseloadSummary, isReviewOverdue, queryCaseload } from './caseload.queries';

const entry = (caseId: string, over: Partial<CaseloadEntry> = {}): CaseloadEntry => ({
  _id: caseId,
  version: 1,
  caseId,
  caseNumber: `CT-${caseId}`,
  clientId: `client-${caseId}`,
  clientPii: {
    eventId: `${caseId}-e1`,
    pii: {
      ...clientEngaged.pii,
      client: { ...clientEngaged.pii.client, givenName: `Client`, familyName: caseId },
    },
  },
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

  it('shows open cases by default, filters, and pages', async () => {
    const page = await queryCaseload(entries, { limit: 2 }, today, plaintextOpener);
    expect(page.total).toBe(4);
    expect(page.cases.map((c) => c.caseId)).toEqual(['e', 'b']);
    expect(page.cases[0]).not.toHaveProperty('_id');
    // The decider state and the holders are the read model's own business.
    expect(page.cases[0]).not.toHaveProperty('caseState');
    expect(page.cases[0]).not.toHaveProperty('caseManagerIds');
    expect(page.cases[0]).not.toHaveProperty('clientPii');
    expect(page.cases[0]).toMatchObject({
      clientId: 'client-e',
      clientName: 'Client e',
      clientData: 'present',
    });
    expect(
      (await queryCaseload(entries, { offset: 2, limit: 2 }, today, plaintextOpener)).cases.map(
        (c) => c.caseId,
      ),
    ).toEqual(['a', 'd']);
    expect(
      (await queryCaseload(entries, { status: 'all', programId: 'housing' }, today, plaintextOpener)).total,
    ).toBe(4);
    expect(
      (await queryCaseload(entries, { overdue: true }, today, plaintextOpener)).cases.map((c) => c.caseId),
    ).toEqual(['e', 'a']);
    expect(
      (await queryCaseload(entries, { status: 'closed' }, today, plaintextOpener)).cases.map((c) => c.caseId),
    ).toEqual(['c']);
  });

  it('sorts by severity or review date with missing values last in both directions', async () => {
    const bySeverity = await queryCaseload(
      entries,
      { sort: 'highestSeverity', order: 'desc' },
      today,
      plaintextOpener,
    );
    expect(bySeverity.cases.map((c) => c.caseId)).toEqual(['b', 'a', 'd', 'e']);
    const byReview = await queryCaseload(entries, { sort: 'nextReviewDate' }, today, plaintextOpener);
    expect(byReview.cases.map((c) => c.caseId)).toEqual(['e', 'a', 'b', 'd']);
    // Instants of mixed precision compare as times, not strings.
    expect(
      (await queryCaseload(entries, { sort: 'engagedAt', order: 'desc' }, today, plaintextOpener)).cases[0]!
        .caseId,
    ).toBe('d');
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

  it('summarises under the same filters as the list: a program within a team counts only its cases', async () => {
    const filter = { programId: 'family' };
    expect((await queryCaseload(entries, filter, today, plaintextOpener)).total).toBe(1);
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

  it('answers an entry an older release wrote, with the name it kept, until it refolds', async () => {
    const { clientPii: _pii, ...rest } = entry('old');
    const old = { ...rest, clientName: 'Old Name' } as unknown as CaseloadEntry;
    const page = await queryCaseload([old], {}, today, plaintextOpener);
    expect(page.cases[0]).toMatchObject({ clientName: 'Old Name', clientData: 'present' });
  });

  it('sorts by the client’s name, opened first, erased names last in both directions', async () => {
    const keys = new FakeKeys();
    const sealed = entries.map((e) => {
      const [copy] = keys.seal([e.clientPii], `client/${e.clientId}`);
      return { ...e, clientPii: copy! };
    });
    keys.destroy('client/client-b');
    const names = async (order: 'asc' | 'desc') =>
      (
        await queryCaseload(sealed, { sort: 'clientName', order, status: 'all' }, today, keys.opener)
      ).cases.map((c) => [c.caseId, c.clientName, c.clientData]);
    expect(await names('desc')).toEqual([
      ['e', 'Client e', 'present'],
      ['d', 'Client d', 'present'],
      ['c', 'Client c', 'present'],
      ['a', 'Client a', 'present'],
      ['b', null, 'erased'],
    ]);
    expect((await names('asc')).map(([id]) => id)).toEqual(['a', 'c', 'd', 'e', 'b']);
  });
});
