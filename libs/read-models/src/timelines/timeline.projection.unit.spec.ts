import { CASE_EVENT_TYPES, type CaseEvent, type Recorded } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import { ProjectionRunner } from '../projection';
import { InMemoryReadModelStore } from '../store/in-memory-read-model-store';
import { CaseStory, fullStory, SUPERVISOR } from './testing';
import { evolveTimeline, timelineProjection, TIMELINES, type Timeline } from './timeline.projection';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null);

describe('timeline projection', () => {
  const story = fullStory();
  const timeline = fold(story.events)!;
  const byVersion = (version: number) => timeline.entries.find((e) => e.version === version)!;

  it('keeps one document per case, with the client and case number from the engagement', () => {
    expect(timeline).toMatchObject({
      _id: 'case-1',
      caseId: 'case-1',
      caseNumber: 'CT-case-1',
      clientName: 'Maria Lopez',
    });
    expect(timelineProjection.collection).toBe(TIMELINES);
    expect(timelineProjection.documentId(story.events[3]! as StoredEvent)).toBe('case-1');
  });

  it('gives every event type an entry with a category and a short title, in recorded order', () => {
    expect(timeline.entries.map((e) => e.version)).toEqual(story.events.map((e) => e.version));
    expect(new Set(timeline.entries.map((e) => e.type))).toEqual(new Set(CASE_EVENT_TYPES));
    expect(timeline.entries.map((e) => [e.type, e.category, e.title])).toEqual([
      ['ClientEngaged', 'engagement', 'Client engaged in program prog-housing (case CT-case-1)'],
      ['CaseAssigned', 'assignment', 'Case assigned to cm-ana'],
      ['NeedAssessed', 'assessment', 'Initial assessment: 2 needs, 1 strength'],
      ['PlanAmended', 'planning', 'Service plan agreed with 1 goal'],
      ['ReferralMade', 'referral', 'Referral to housing voucher provider prov-12'],
      ['ReferralStatusChanged', 'referral', 'Referral to housing voucher provider prov-12 declined'],
      ['ReferralMade', 'referral', 'Referral to housing voucher provider prov-34, replacing ref-1'],
      ['ContactRecorded', 'contact', 'Home visit with client and professional (45 min)'],
      ['CaseNoteCorrected', 'contact', 'Note corrected: home visit on 2025-03-07'],
      ['CaseNoteCorrected', 'contact', 'Note corrected: home visit on 2025-03-07'],
      ['GoalProgressRecorded', 'review', 'Progress on goal goal-housing: in progress'],
      ['AdvocacyActionRecorded', 'advocacy', 'Benefit appeal to org-benefits-office: pending'],
      ['CaseReviewed', 'review', 'Case reviewed; next review 2025-05-10'],
      ['CaseTransferred', 'assignment', 'Case transferred from cm-ana to cm-ben'],
      ['GoalAchieved', 'review', 'Goal goal-housing achieved'],
      ['CaseTerminated', 'closure', 'Case closed: goals met'],
      ['CaseReopened', 'closure', 'Case reopened and assigned to cm-ben'],
    ]);
  });

  it('summarises each event in a paragraph built from its facts and its free text', () => {
    expect(byVersion(1).detail).toBe(
      'Maria Lopez, born 1988-07-14, engaged as case CT-case-1 in program prog-housing, team team-north. ' +
        'Unassigned, awaiting a case manager. Referral source: hospital. ' +
        'Consent to services: yes; to information sharing: yes (with org-housing-authority). ' +
        'Presenting concerns: Discharged from hospital without stable housing.',
    );
    expect(byVersion(3).detail).toBe(
      'Needs: housing (high): No tenancy since March; mental health (moderate). ' +
        'Strengths: family support. Scores: PHQ-9 14/27. ' +
        'Summary: Sleeping at a friend’s flat; reports low mood since discharge.',
    );
    expect(byVersion(4).detail).toBe(
      'Goals added: goal-housing (housing), consecutive nights in own tenancy 30 nights by 2025-06-30. ' +
        'Services: housing voucher (prov-12) for goal-housing. Next review 2025-04-10. ' +
        'Reason: Initial plan agreed with the client.',
    );
    // A blank note is left out rather than shown empty.
    expect(byVersion(7).detail).toBe(
      'Referral ref-2 to prov-34 for housing voucher, towards goal-housing. Replaces referral ref-1 (declined).',
    );
    expect(byVersion(6).detail).toBe(
      'Referral ref-1 moved from made to declined. Note: No vouchers left this quarter.',
    );
    expect(byVersion(8).detail).toBe(
      'Home visit on 2025-03-07, 45 minutes. Participants: client; professional prov-nurse (nurse). ' +
        'Summary: Visited the client at her friend’s flat; discussed the voucher application.',
    );
    expect(byVersion(10).detail).toBe(
      'Corrected summary: Visited the client with the district nurse. Reason: Nurse omitted.',
    );
    expect(byVersion(11).detail).toBe(
      'Goal goal-housing (consecutive nights in own tenancy 30 nights) is in progress; measured 4.',
    );
    expect(byVersion(15).detail).toBe(
      'Goal goal-housing achieved; target consecutive nights in own tenancy 30 nights, measured 31. ' +
        'Note: Thirty-one nights in her flat.',
    );
    expect(byVersion(16).detail).toBe(
      'Closing reason: goals met. Goal outcomes: goal-housing achieved. Ongoing supports: counseling (prov-56). ' +
        'Summary: Client settled in her own tenancy.',
    );
    expect(byVersion(17).detail).toBe('Reason: Tenancy at risk again.');
  });

  it('links a correction to the contact it corrects, and the contact to its corrections, without editing the note', () => {
    expect(byVersion(9).links).toEqual({ correctsVersion: 8 });
    expect(byVersion(10).links).toEqual({ correctsVersion: 8 });
    expect(byVersion(8).links).toEqual({ correctedByVersions: [9, 10] });
    expect(byVersion(8).detail).toContain('Visited the client at her friend’s flat');
  });

  it('links referral changes, replacements, goal events and a reopening to the entries they follow', () => {
    expect(byVersion(6).links).toEqual({ referralVersion: 5 });
    expect(byVersion(7).links).toEqual({ replacesReferralVersion: 5 });
    expect(byVersion(11).links).toEqual({ goalSetVersion: 4 });
    expect(byVersion(15).links).toEqual({ goalSetVersion: 4 });
    expect(byVersion(17).links).toEqual({ reopensClosureVersion: 16 });
  });

  it('keeps the envelope: who, when it happened, when it was recorded', () => {
    expect(byVersion(2)).toMatchObject({
      eventId: 'case-1-e2',
      position: 2,
      actor: SUPERVISOR,
      occurredAt: '2025-03-01T12:00:00.000Z',
      recordedAt: '2025-03-01T12:00:00.000Z',
      recordedLate: false,
    });
  });

  it('flags an entry recorded more than a day after it happened, comparing instants', () => {
    expect(byVersion(8).recordedLate).toBe(true);
    const at = (recordedAt: string) =>
      fold(
        new CaseStory('case-2')
          .engaged('2025-03-01T09:00:00.000Z')
          .contact('2025-03-02T10:00:00Z', 'c-1', {}, { recordedAt }).events,
      )!.entries[1]!.recordedLate;
    expect(at('2025-03-03T10:00:00.000Z')).toBe(false);
    expect(at('2025-03-03T10:00:00.001Z')).toBe(true);
    // Same instant in another zone: exactly a day, not late.
    expect(at('2025-03-03T11:00:00+01:00')).toBe(false);
    expect(at('2025-03-03T11:00:01+01:00')).toBe(true);
  });

  it('ignores events before engagement and moves on past event types it does not know', () => {
    const orphan = new CaseStory('case-3').assigned('2025-03-01T09:00:00.000Z', 'cm-ana').last;
    expect(evolveTimeline(null, orphan)).toBeNull();
    const unknown = { ...story.events[1]!, type: 'ClientRelocated' } as unknown as Recorded<CaseEvent>;
    const engaged = fold(story.events.slice(0, 1))!;
    expect(evolveTimeline(engaged, unknown)).toEqual(engaged);
  });

  it('describes a contact without participants or duration, and a referral status for an unknown referral', () => {
    const doc = fold(
      new CaseStory('case-4')
        .engaged('2025-03-01T09:00:00.000Z')
        .contact('2025-03-02T10:00:00.000Z', 'c-1', {
          contactType: 'phone_call',
          participants: [],
          durationMinutes: null,
        })
        .referralStatus('2025-03-03T10:00:00.000Z', 'ref-x', 'accepted', 'service_started').events,
    )!;
    expect(doc.entries[1]!.title).toBe('Phone call');
    expect(doc.entries[2]).toMatchObject({ title: 'Referral to ref-x service started', links: {} });
  });

  it('names a later amendment by what it changed', () => {
    const doc = fold(
      new CaseStory('case-5')
        .engaged('2025-03-01T09:00:00.000Z')
        .planned('2025-03-02T09:00:00.000Z')
        .planned('2025-03-09T09:00:00.000Z', {
          amendmentNumber: 2,
          goalsAdded: [],
          goalsRevised: [{ goalId: 'goal-housing', dueDate: '2025-08-31' }],
          goalsDropped: [],
          services: [{ serviceType: 'transportation', goalIds: [] }],
        }).events,
    )!;
    expect(doc.entries[2]!.title).toBe('Plan amendment 2: goals 1 revised');
    expect(doc.entries[2]!.detail).toContain(
      'Goals revised: goal-housing, due 2025-08-31. Services: transportation.',
    );
  });
});

describe('timeline projection through the runner', () => {
  it('changes nothing when the same events are delivered again', async () => {
    const store = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(timelineProjection, store);
    const events = fullStory().events as readonly StoredEvent[];
    await runner.applyBatch(events.slice(0, 10));
    const first = await runner.applyBatch(events);
    const once = await store.collection<Timeline>(TIMELINES).get('case-1');
    const again = await runner.applyBatch([events[4]!, events[9]!, events.at(-1)!]);
    expect(first).toEqual({ applied: events.length - 10, duplicates: 10, poisoned: [] });
    expect(again).toEqual({ applied: 0, duplicates: 3, poisoned: [] });
    expect(await store.collection<Timeline>(TIMELINES).get('case-1')).toEqual(once);
    expect(once).toMatchObject({ version: events.length });
    expect(once!.entries).toHaveLength(events.length);
    expect(once).toEqual({ ...fold(events as readonly Recorded<CaseEvent>[]), version: events.length });
  });
});
