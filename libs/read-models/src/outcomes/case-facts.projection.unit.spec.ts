import type { CaseEvent, Recorded } from '@casetrail/domain';
import { housingGoal, moodGoal } from '@casetrail/domain/testing';
import type { StoredEvent } from '@casetrail/event-store';
import { ProjectionRunner } from '../projection';
import { InMemoryReadModelStore } from '../store/in-memory-read-model-store';
import { CaseStory } from '../timelines/testing';
import { CASE_FACTS, caseFactsProjection, evolveCaseFacts, type CaseFacts } from './case-facts.projection';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseFacts, 'version'> | null>((doc, event) => evolveCaseFacts(doc, event), null);

const twoGoals = { goalsAdded: [{ ...housingGoal, milestones: [] }, moodGoal] };

/** Engaged, assessed, planned, referred, closed, reopened, closed again. */
const lifecycle = () =>
  new CaseStory('case-1')
    .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: null })
    .assigned('2025-03-01T12:00:00.000Z', 'cm-ana')
    .assessed('2025-03-03T14:00:00.000Z')
    .planned('2025-03-05T11:00:00.000Z', twoGoals)
    .referred('2025-03-06T10:00:00.000Z', 'ref-1')
    .referralStatus('2025-03-08T10:00:00.000Z', 'ref-1', 'made', 'declined')
    .referred('2025-03-09T10:00:00.000Z', 'ref-2', { replacesReferralId: 'ref-1', serviceType: 'benefits' })
    .referralStatus('2025-03-12T10:00:00.000Z', 'ref-2', 'made', 'accepted')
    .referralStatus('2025-03-20T10:00:00.000Z', 'ref-2', 'accepted', 'service_started')
    .referralStatus('2025-04-20T10:00:00.000Z', 'ref-2', 'service_started', 'completed')
    .contact('2025-03-21T10:00:00.000Z', 'contact-1')
    .progress('2025-03-22T10:00:00.000Z', 'goal-mood')
    .reviewed('2025-04-09T10:00:00.000Z', { nextReviewDate: '2025-05-10' })
    .transferred('2025-04-10T10:00:00.000Z', 'cm-ana', 'cm-ben')
    .achieved('2025-05-02T10:00:00.000Z', 'goal-housing', 31)
    .terminated('2025-05-05T10:00:00.000Z', {
      reason: 'goals_met',
      goalOutcomes: [
        // Already achieved: the first achievement date stays.
        { goalId: 'goal-housing', outcome: 'achieved' },
        { goalId: 'goal-mood', outcome: 'partially_achieved' },
      ],
    })
    .reopened('2025-06-01T10:00:00.000Z', 'cm-cat')
    .assessed('2025-06-02T10:00:00.000Z', { kind: 'reassessment' })
    .planned('2025-06-03T10:00:00.000Z', {
      amendmentNumber: 2,
      goalsAdded: [
        {
          goalId: 'goal-tenancy',
          domain: 'housing',
          category: 'housing',
          needIds: [],
          target: { metric: 'arrears', value: 0, unit: 'GBP' },
          dueDate: '2025-09-30',
          milestones: [],
        },
      ],
      goalsDropped: ['goal-mood'],
      nextReviewDate: '2025-07-01',
    })
    .referred('2025-06-04T10:00:00.000Z', 'ref-3', { serviceType: 'legal_aid', providerId: 'prov-law' })
    .terminated('2025-06-20T10:00:00.000Z', {
      reason: 'client_moved',
      goalOutcomes: [{ goalId: 'goal-tenancy', outcome: 'achieved' }],
    });

describe('case facts projection', () => {
  const story = lifecycle();

  it('records the first time each step happened, the current worker and the referral history', () => {
    const beforeClosing = fold(story.events.slice(0, 15))!;
    expect(beforeClosing).toMatchObject({
      _id: 'case-1',
      caseId: 'case-1',
      caseNumber: 'CT-case-1',
      programId: 'prog-housing',
      teamId: 'team-north',
      caseManagerId: 'cm-ben',
      status: 'open',
      engagedAt: '2025-03-01T09:00:00.000Z',
      firstAssessedAt: '2025-03-03T14:00:00.000Z',
      firstPlannedAt: '2025-03-05T11:00:00.000Z',
      firstReferralAt: '2025-03-06T10:00:00.000Z',
      closedAt: null,
      closingReason: null,
      reopenedCount: 0,
      nextReviewDate: '2025-05-10',
      updatedAt: '2025-05-02T10:00:00.000Z',
    });
    expect(beforeClosing.referrals).toEqual({
      'ref-1': {
        madeAt: '2025-03-06T10:00:00.000Z',
        serviceType: 'housing_voucher',
        providerId: 'prov-12',
        status: 'declined',
        acceptedAt: null,
        declinedAt: '2025-03-08T10:00:00.000Z',
        serviceStartedAt: null,
        completedAt: null,
        noShowAt: null,
        withdrawnAt: null,
      },
      'ref-2': {
        madeAt: '2025-03-09T10:00:00.000Z',
        serviceType: 'benefits',
        providerId: 'prov-12',
        status: 'completed',
        acceptedAt: '2025-03-12T10:00:00.000Z',
        declinedAt: null,
        serviceStartedAt: '2025-03-20T10:00:00.000Z',
        completedAt: '2025-04-20T10:00:00.000Z',
        noShowAt: null,
        withdrawnAt: null,
      },
    });
  });

  it('closes, reopens and closes again, keeping every open period and the latest closing', () => {
    const closed = fold(story.events.slice(0, 16))!;
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: '2025-05-05T10:00:00.000Z',
      closingReason: 'goals_met',
      nextReviewDate: null,
    });
    const reopened = fold(story.events.slice(0, 17))!;
    expect(reopened).toMatchObject({
      status: 'open',
      closedAt: null,
      closingReason: null,
      reopenedCount: 1,
      caseManagerId: 'cm-cat',
      // The plan's last review date is in force again: a reopened case can be overdue.
      nextReviewDate: '2025-05-10',
    });
    const facts = fold(story.events)!;
    expect(facts).toMatchObject({
      status: 'closed',
      closedAt: '2025-06-20T10:00:00.000Z',
      closingReason: 'client_moved',
      reopenedCount: 1,
      // The reassessment, second plan and later referral do not move the firsts.
      firstAssessedAt: '2025-03-03T14:00:00.000Z',
      firstPlannedAt: '2025-03-05T11:00:00.000Z',
      firstReferralAt: '2025-03-06T10:00:00.000Z',
    });
    expect(facts.episodes).toEqual([
      {
        openedAt: '2025-03-01T09:00:00.000Z',
        closedAt: '2025-05-05T10:00:00.000Z',
        closingReason: 'goals_met',
        // Who held the case when it closed: the report by case manager credits them.
        closedBy: 'cm-ben',
      },
      {
        openedAt: '2025-06-01T10:00:00.000Z',
        closedAt: '2025-06-20T10:00:00.000Z',
        closingReason: 'client_moved',
        closedBy: 'cm-cat',
      },
    ]);
  });

  it('tracks goals: set, achieved once (also by a closing), dropped', () => {
    expect(fold(story.events)!.goals).toEqual({
      'goal-housing': {
        setAt: '2025-03-05T11:00:00.000Z',
        achievedAt: '2025-05-02T10:00:00.000Z',
        // Achieved after the transfer, so credited to cm-ben; the closing's "achieved" changes nothing.
        achievedBy: 'cm-ben',
        dropped: false,
        droppedAt: null,
      },
      'goal-mood': {
        setAt: '2025-03-05T11:00:00.000Z',
        achievedAt: null,
        dropped: true,
        droppedAt: '2025-06-03T10:00:00.000Z',
      },
      'goal-tenancy': {
        setAt: '2025-06-03T10:00:00.000Z',
        achievedAt: '2025-06-20T10:00:00.000Z',
        achievedBy: 'cm-cat',
        dropped: false,
        droppedAt: null,
      },
    });
  });

  it('keeps each contact with when it happened and who held the case then', () => {
    expect(fold(story.events)!.contacts).toEqual([
      { at: '2025-03-21T10:00:00.000Z', caseManagerId: 'cm-ana' },
    ]);
  });

  it('takes the earliest time in the world for a first step recorded late', () => {
    const facts = fold(
      new CaseStory('case-2')
        .engaged('2025-03-01T09:00:00Z')
        .assessed('2025-03-05T09:00:00.000Z')
        // Written up a week later about a screening that happened before the first one recorded.
        .assessed(
          '2025-03-02T10:00:00+01:00',
          { kind: 'reassessment' },
          { recordedAt: '2025-03-09T09:00:00Z' },
        ).events,
    )!;
    expect(facts.firstAssessedAt).toBe('2025-03-02T10:00:00+01:00');
  });

  it('ignores events before engagement, ids it does not know and event types it does not know', () => {
    const engaged = new CaseStory('case-3').engaged('2025-03-01T09:00:00.000Z');
    expect(
      evolveCaseFacts(null, new CaseStory('x').assigned('2025-03-01T09:00:00Z', 'cm-ana').last),
    ).toBeNull();
    const start = fold(engaged.events)!;
    const strays = engaged
      .referralStatus('2025-03-02T09:00:00Z', 'ref-unknown', 'made', 'accepted')
      .achieved('2025-03-03T09:00:00Z', 'goal-unknown')
      .events.slice(1);
    const after = strays.reduce((doc, e) => evolveCaseFacts(doc, e)!, start);
    expect(after.referrals).toEqual({});
    expect(after.goals).toEqual({});
    const unknown = { ...engaged.last, type: 'ClientRelocated' } as unknown as Recorded<CaseEvent>;
    // Stored in UTC at millisecond precision, whatever form the event carries.
    expect(evolveCaseFacts(start, unknown)).toEqual({ ...start, updatedAt: '2025-03-03T09:00:00.000Z' });
  });

  it('has its effect once however often the runner is handed the same events', async () => {
    const store = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(caseFactsProjection, store);
    const events = story.events as readonly StoredEvent[];
    const first = await runner.applyBatch(events);
    const stored = await store.collection<CaseFacts>(CASE_FACTS).get('case-1');
    const again = await runner.applyBatch([...events].reverse());
    expect(first).toEqual({ applied: events.length, duplicates: 0, poisoned: [] });
    expect(again).toEqual({ applied: 0, duplicates: events.length, poisoned: [] });
    expect(await store.collection<CaseFacts>(CASE_FACTS).get('case-1')).toEqual(stored);
    expect(stored).toEqual({ ...fold(story.events), version: events.length });
  });
});

describe('case facts of form answers', () => {
  it('keep the latest non-personal answer per form and field, whatever version it was given in', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .formAnswered(
        '2025-03-01T09:00:00.000Z',
        'housing_intake',
        { housing_status: 'shelter', household_size: 5 },
        {},
        { pii: { answers: { landlord: 'Mr. Haddad' } } },
      )
      .formAnswered('2025-03-07T15:30:00.000Z', 'visit_checklist', { safe_home: true }, { formVersion: 3 })
      .formAnswered(
        '2025-04-01T09:00:00.000Z',
        'housing_intake',
        { housing_status: 'rented' },
        { formVersion: 2 },
      )
      // Written up late: an earlier answer never replaces a later one.
      .formAnswered('2025-03-15T09:00:00.000Z', 'housing_intake', {
        housing_status: 'street',
        household_size: 4,
      });
    const doc = fold(story.events)!;
    expect(doc.formAnswers).toEqual({
      housing_intake: {
        housing_status: { value: 'rented', at: '2025-04-01T09:00:00.000Z' },
        household_size: { value: 4, at: '2025-03-15T09:00:00.000Z' },
      },
      visit_checklist: { safe_home: { value: true, at: '2025-03-07T15:30:00.000Z' } },
    });
    expect(JSON.stringify(doc)).not.toContain('Haddad');
  });

  it('have none before the first answer', () => {
    expect(
      fold(new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z').events)!.formAnswers,
    ).toBeUndefined();
  });
});
