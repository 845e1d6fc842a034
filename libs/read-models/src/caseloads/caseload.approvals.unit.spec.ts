import type { CaseEvent, Recorded } from '@casetrail/domain';
import { CaseStory, SUPERVISOR } from '../timelines/testing';
import { evolveCaseFacts } from '../outcomes/case-facts.projection';
import { evolveCaseload, type CaseloadEntry } from './caseload.projection';
import type { PiiOpener } from '@casetrail/protection';
import { matchCaseload, overdueTasksOf, queryCaseload } from './caseload.queries';

const OPENER: PiiOpener = { open: () => Promise.resolve({ status: 'erased' }) };

const foldCaseload = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseloadEntry, 'version'> | null>((doc, event) => evolveCaseload(doc, event), null);

const planned = () =>
  new CaseStory('case-1')
    .engaged('2025-03-01T09:00:00.000Z')
    .assessed('2025-03-03T14:00:00.000Z')
    .planned('2025-03-05T11:00:00.000Z');

const pendingPlan = () =>
  planned().record(
    'PlanApprovalRequested',
    '2025-03-05T11:00:00.000Z',
    { amendmentNumber: 1, requestedBy: 'cm-ana' },
    {},
  );

const entry = (events: readonly Recorded<CaseEvent>[]) => ({
  ...foldCaseload(events)!,
  version: events.length,
});

describe('approvals on the caseload', () => {
  it('shows a plan version waiting, until a supervisor decides it', () => {
    expect(foldCaseload(pendingPlan().events)?.pendingApprovals).toEqual(['plan']);
    const approved = pendingPlan().record(
      'PlanApproved',
      '2025-03-06T09:00:00.000Z',
      { amendmentNumber: 1, approvedBy: 'sup-lee' },
      { comments: '' },
      { actor: SUPERVISOR },
    );
    expect(foldCaseload(approved.events)?.pendingApprovals).toBeUndefined();
  });

  it('shows a closing waiting, the case still open', () => {
    const requested = planned().record(
      'ClosingRequested',
      '2025-04-01T09:00:00.000Z',
      {
        reason: 'goals_met',
        goalOutcomes: [],
        ongoingSupports: [],
        referralDispositions: [],
        requestedBy: 'cm-ana',
      },
      { summary: 'Settled.' },
    );
    const doc = foldCaseload(requested.events);
    expect(doc?.pendingApprovals).toEqual(['closing']);
    expect(doc?.status).toBe('open');
  });

  it('filters the supervisor view to cases waiting for approval', () => {
    const waiting = entry(pendingPlan().events);
    const other = { ...entry(planned().events), _id: 'case-2', caseId: 'case-2' };
    const today = '2025-03-10';
    expect(matchCaseload([waiting, other], { pendingApproval: true }, today).map((e) => e.caseId)).toEqual([
      'case-1',
    ]);
    expect(matchCaseload([waiting, other], { pendingApproval: false }, today).map((e) => e.caseId)).toEqual([
      'case-2',
    ]);
    expect(matchCaseload([waiting, other], {}, today)).toHaveLength(2);
  });
});

describe('approvals in the case facts', () => {
  it('records where the plan approval stands and when a plan was first approved', () => {
    const story = pendingPlan();
    const fold = (events: readonly Recorded<CaseEvent>[]) =>
      events.reduce<ReturnType<typeof evolveCaseFacts>>((doc, event) => evolveCaseFacts(doc, event), null);
    expect(fold(story.events)?.planApproval).toBe('pending');
    story.record(
      'PlanApproved',
      '2025-03-06T09:00:00.000Z',
      { amendmentNumber: 1, approvedBy: 'sup-lee' },
      { comments: '' },
      { actor: SUPERVISOR },
    );
    expect(fold(story.events)).toMatchObject({
      planApproval: 'approved',
      firstPlanApprovedAt: '2025-03-06T09:00:00.000Z',
    });
    expect(fold(planned().events)?.planApproval).toBeUndefined();
  });
});

describe('overdue tasks on the caseload (issue #14)', () => {
  const tasked = () =>
    planned()
      .task('2025-03-06T09:00:00.000Z', 'task-1', { dueAt: '2025-03-10T17:00:00.000Z' })
      .task('2025-03-06T09:05:00.000Z', 'task-2', { dueAt: '2025-03-08T17:00:00.000Z' })
      .task('2025-03-06T09:10:00.000Z', 'task-3', { dueAt: '2025-03-20T17:00:00.000Z' });

  it('keeps the open tasks’ due times, not whether they are overdue', () => {
    const doc = foldCaseload(tasked().taskClosed('2025-03-07T10:00:00.000Z', 'task-3').events);
    expect(doc?.openTaskDueAts).toEqual(['2025-03-08T17:00:00.000Z', '2025-03-10T17:00:00.000Z']);
  });

  it('counts the open tasks past due at the read’s instant, and the earliest of them', () => {
    const doc = entry(tasked().events);
    expect(overdueTasksOf(doc, '2025-03-07T00:00:00.000Z')).toEqual({
      overdueTasks: 0,
      earliestOverdueTaskDueAt: null,
    });
    expect(overdueTasksOf(doc, '2025-03-11T00:00:00.000Z')).toEqual({
      overdueTasks: 2,
      earliestOverdueTaskDueAt: '2025-03-08T17:00:00.000Z',
    });
  });

  it('answers them on each caseload row', async () => {
    const { cases } = await queryCaseload(
      [entry(tasked().events)],
      {},
      '2025-03-09',
      OPENER,
      '2025-03-09T12:00:00.000Z',
    );
    expect(cases[0]).toMatchObject({ overdueTasks: 1, earliestOverdueTaskDueAt: '2025-03-08T17:00:00.000Z' });
    expect(cases[0]).not.toHaveProperty('openTaskDueAts');
  });
});

describe('the last open task closed', () => {
  it('leaves no due times behind', () => {
    const doc = foldCaseload(
      planned()
        .task('2025-03-06T09:00:00.000Z', 'task-1', { dueAt: '2025-03-10T17:00:00.000Z' })
        .taskClosed('2025-03-07T10:00:00.000Z', 'task-1').events,
    );
    expect(doc).not.toHaveProperty('openTaskDueAts');
  });
});
