import { CASE_EVENT_TYPES, type CaseEvent, type Recorded } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import { ProjectionRunner } from '../projection';
import { InMemoryReadModelStore } from '../store/in-memory-read-model-store';
import { CaseStory, fullStory, SUPERVISOR } from './testing';
import {
  TIMELINE_CATEGORIES,
  TIMELINE_SHAPE,
  TIMELINES,
  type Timeline,
  type TimelineEntry,
} from './timeline-entry';
import { evolveTimeline, timelineProjection } from './timeline.projection';
import { OutdatedTimelineError, timelinePage } from './timeline.queries';
import { plaintextOpener } from '@casetrail/protection';
import { timelineWording } from './timeline-wording';
import { openTimelineEntries } from './timeline-client-data';

const APPROVAL_TYPES: readonly string[] = [
  'PlanApprovalRequested',
  'PlanApproved',
  'PlanReturned',
  'ClosingRequested',
  'ClosingApproved',
  'ClosingReturned',
  // Transfer approvals: timeline.transfers.unit.spec.ts.
  'TransferRequested',
  'TransferApproved',
  'TransferReturned',
];

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null);

/** A stored entry opened as a read opens it (plaintext fixtures: through the plaintext opener). */
const openOne = async (entry: TimelineEntry) => (await openTimelineEntries([entry], plaintextOpener))[0]!;

/** A stored entry with its words, as the timeline query answers it. */
const read = async (entry: TimelineEntry) => {
  const opened = await openOne(entry);
  return { ...opened, ...timelineWording(opened) };
};

/** Every string in a value, however deep. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(strings)
      : [];

const SCHEDULING_TYPES: readonly string[] = [
  'AppointmentScheduled',
  'AppointmentOutcomeRecorded',
  'TaskCreated',
  'TaskClosed',
  'ItemDueSoon',
];

describe('timeline projection', () => {
  const story = fullStory();
  const timeline = fold(story.events)!;
  const stored = (version: number) => timeline.entries.find((e) => e.version === version)!;
  const byVersion = (version: number) => read(stored(version));

  it('keeps one document per case, with the client and case number from the engagement', () => {
    expect(timeline).toMatchObject({
      _id: 'case-1',
      caseId: 'case-1',
      caseNumber: 'CT-case-1',
      clientId: 'client-0001',
      shape: TIMELINE_SHAPE,
    });
    expect(timelineProjection.collection).toBe(TIMELINES);
    expect(timelineProjection.documentId(story.events[3]! as StoredEvent)).toBe('case-1');
  });

  it('gives every event type an entry with a category and a short title, in recorded order', async () => {
    expect(timeline.entries.map((e) => e.version)).toEqual(story.events.map((e) => e.version));
    // Voids and corrections get no entry of their own yet (issue #9: the timeline is to strike entries through).
    // Erasure receipts have their own spec (timeline.erasure.unit.spec.ts); consent, scheduling and household entries theirs below.
    const shown = CASE_EVENT_TYPES.filter(
      (type) =>
        type !== 'EntryVoided' &&
        type !== 'EntryCorrected' &&
        type !== 'ClientDataErased' &&
        !type.startsWith('Consent') &&
        // Approval entries have their own spec (timeline.approvals.unit.spec.ts).
        !APPROVAL_TYPES.includes(type) &&
        !SCHEDULING_TYPES.includes(type) &&
        !type.startsWith('Household') &&
        // Safety and communication entries have theirs below too.
        !type.startsWith('SafetyFlag') &&
        type !== 'CommunicationNeedsRecorded' &&
        // A merge of client records has its own spec below.
        type !== 'CaseClientChanged' &&
        // A need identified and a milestone met: timeline.gaps.unit.spec.ts.
        type !== 'NeedIdentified' &&
        type !== 'MilestoneMet' &&
        // Form answers have theirs below too.
        type !== 'FormAnswered',
    );
    expect(new Set(timeline.entries.map((e) => e.type))).toEqual(new Set(shown));
    expect(
      (await openTimelineEntries(timeline.entries, plaintextOpener)).map((e) => [
        e.type,
        e.category,
        timelineWording(e).title,
      ]),
    ).toEqual([
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

  it('summarises each event in a paragraph built from its facts and its free text', async () => {
    expect((await byVersion(1)).detail).toBe(
      'Maria Lopez, born 1988-07-14, engaged as case CT-case-1 in program prog-housing, team team-north. ' +
        'Unassigned, awaiting a case manager. Referral source: hospital. ' +
        'Consent to services: yes; to information sharing: yes (with org-housing-authority). ' +
        'Presenting concerns: Discharged from hospital without stable housing.',
    );
    expect((await byVersion(3)).detail).toBe(
      'Needs: housing (high): No tenancy since March; mental health (moderate). ' +
        'Strengths: family support. Scores: PHQ-9 14/27. ' +
        'Summary: Sleeping at a friend’s flat; reports low mood since discharge.',
    );
    expect((await byVersion(4)).detail).toBe(
      'Goals added: goal-housing (housing), consecutive nights in own tenancy 30 nights by 2025-06-30. ' +
        'Services: housing voucher (prov-12) for goal-housing. Next review 2025-04-10. ' +
        'Reason: Initial plan agreed with the client.',
    );
    // A blank note is left out rather than shown empty.
    expect((await byVersion(7)).detail).toBe(
      'Referral ref-2 to prov-34 for housing voucher, towards goal-housing. Replaces referral ref-1 (declined).',
    );
    expect((await byVersion(6)).detail).toBe(
      'Referral ref-1 moved from made to declined. Note: No vouchers left this quarter.',
    );
    expect((await byVersion(8)).detail).toBe(
      'Home visit on 2025-03-07, 45 minutes. Participants: client; professional prov-nurse (nurse). ' +
        'Summary: Visited the client at her friend’s flat; discussed the voucher application.',
    );
    expect((await byVersion(10)).detail).toBe(
      'Corrected summary: Visited the client with the district nurse. Reason: Nurse omitted.',
    );
    expect((await byVersion(11)).detail).toBe(
      'Goal goal-housing (consecutive nights in own tenancy 30 nights) is in progress; measured 4.',
    );
    expect((await byVersion(15)).detail).toBe(
      'Goal goal-housing achieved; target consecutive nights in own tenancy 30 nights, measured 31. ' +
        'Note: Thirty-one nights in her flat.',
    );
    expect((await byVersion(16)).detail).toBe(
      'Closing reason: goals met. Goal outcomes: goal-housing achieved. Ongoing supports: counseling (prov-56). ' +
        'Summary: Client settled in her own tenancy.',
    );
    expect((await byVersion(17)).detail).toBe('Reason: Tenancy at risk again.');
  });

  it('links a correction to the contact it corrects, and the contact to its corrections, without editing the note', async () => {
    expect((await byVersion(9)).links).toEqual({ correctsVersion: 8 });
    expect((await byVersion(10)).links).toEqual({ correctsVersion: 8 });
    expect((await byVersion(8)).links).toEqual({ correctedByVersions: [9, 10] });
    expect((await byVersion(8)).detail).toContain('Visited the client at her friend’s flat');
  });

  it('links referral changes, replacements, goal events and a reopening to the entries they follow', async () => {
    expect((await byVersion(6)).links).toEqual({ referralVersion: 5 });
    expect((await byVersion(7)).links).toEqual({ replacesReferralVersion: 5 });
    expect((await byVersion(11)).links).toEqual({ goalSetVersion: 4 });
    expect((await byVersion(15)).links).toEqual({ goalSetVersion: 4 });
    expect((await byVersion(17)).links).toEqual({ reopensClosureVersion: 16 });
  });

  it('keeps the envelope: who, when it happened, when it was recorded', async () => {
    expect(await byVersion(2)).toMatchObject({
      eventId: 'case-1-e2',
      position: 2,
      actor: SUPERVISOR,
      occurredAt: '2025-03-01T12:00:00.000Z',
      recordedAt: '2025-03-01T12:00:00.000Z',
    });
  });

  it('flags an entry written up on a later day than it happened, counted in the agency’s zone', async () => {
    const late = async (recordedAt: string, timeZone?: string) =>
      (
        await timelinePage(
          fold(
            new CaseStory('case-2')
              .engaged('2025-03-01T09:00:00.000Z')
              .contact('2025-03-02T10:00:00Z', 'c-1', {}, { recordedAt }).events,
          )!,
          plaintextOpener,
          { timeZone },
        )
      ).entries[1]!.recordedLate;
    expect(await late('2025-03-02T23:59:59.999Z')).toBe(false);
    expect(await late('2025-03-03T00:00:00.000Z')).toBe(true);
    // The same instants in Chicago: 04:00 and 18:59 on 2 March, both the day of the contact.
    expect(await late('2025-03-02T22:00:00.000Z', 'America/Chicago')).toBe(false);
    expect(await late('2025-03-03T00:59:59.000Z', 'America/Chicago')).toBe(false);
    expect(await late('2025-03-03T06:00:00.000Z', 'America/Chicago')).toBe(true);
  });

  it('ignores events before engagement and moves on past event types it does not know', () => {
    const orphan = new CaseStory('case-3').assigned('2025-03-01T09:00:00.000Z', 'cm-ana').last;
    expect(evolveTimeline(null, orphan)).toBeNull();
    const unknown = { ...story.events[1]!, type: 'ClientRelocated' } as unknown as Recorded<CaseEvent>;
    const engaged = fold(story.events.slice(0, 1))!;
    expect(evolveTimeline(engaged, unknown)).toEqual(engaged);
  });

  it('describes a contact without participants or duration, and a referral status for an unknown referral', async () => {
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
    expect(timelineWording(await openOne(doc.entries[1]!)).title).toBe('Phone call');
    expect(await read(doc.entries[2]!)).toMatchObject({
      title: 'Referral to ref-x service started',
      links: {},
    });
  });

  it('names a later amendment by what it changed', async () => {
    const doc = fold(
      new CaseStory('case-5')
        .engaged('2025-03-01T09:00:00.000Z')
        .planned('2025-03-02T09:00:00.000Z')
        .planned('2025-03-09T09:00:00.000Z', {
          amendmentNumber: 2,
          goalsAdded: [],
          goalsRevised: [{ goalId: 'goal-housing', dueDate: '2025-08-31' }],
          goalsDropped: [],
          services: [{ serviceType: 'transportation', serviceCategory: 'services_referrals', goalIds: [] }],
        }).events,
    )!;
    expect(timelineWording(await openOne(doc.entries[2]!)).title).toBe('Plan amendment 2: goals 1 revised');
    expect(timelineWording(await openOne(doc.entries[2]!)).detail).toContain(
      'Goals revised: goal-housing, due 2025-08-31. Services: transportation.',
    );
  });
});

describe('what the timeline stores: facts, worded when read', () => {
  const story = fullStory();
  const timeline = fold(story.events)!;
  /** Every string the events hold (ids, codes, instants, free text as written), and the categories. */
  const recorded = new Set([...strings(story.events), ...TIMELINE_CATEGORIES]);

  it('stores no sentence: every string in the document is one the events hold, none composed', () => {
    for (const entry of timeline.entries) {
      expect(entry).not.toHaveProperty('title');
      expect(entry).not.toHaveProperty('detail');
    }
    // Not even the client's name: it is opened from the engagement's entry when read.
    expect(timeline).not.toHaveProperty('clientName');
    const composed = strings(timeline).filter((text) => !recorded.has(text));
    expect(composed).toEqual([]);
    // And the words are nowhere in it.
    expect(JSON.stringify(timeline)).not.toContain('Referral to housing voucher provider');
  });

  it('stores each entry’s facts, and what it knew then of the earlier entries it mentions', () => {
    expect(timeline.entries[6]).toMatchObject({
      type: 'ReferralMade',
      category: 'referral',
      facts: {
        referralId: 'ref-2',
        providerId: 'prov-34',
        serviceType: 'housing_voucher',
        goalIds: ['goal-housing'],
        replacesReferralId: 'ref-1',
        replacedStatus: 'declined',
        note: null,
      },
      links: { replacesReferralVersion: 5 },
      pii: { note: '' },
    });
    // Client data is never a fact: the event's pii is kept as carried, to be opened when read.
    expect(timeline.entries[5]!.facts).toEqual({
      referralId: 'ref-1',
      from: 'made',
      to: 'declined',
      referral: { serviceType: 'housing_voucher', providerId: 'prov-12' },
      note: null,
    });
    expect(timeline.entries[5]!.pii).toEqual({ note: 'No vouchers left this quarter.' });
    expect(timeline.entries[1]).not.toHaveProperty('pii');
    expect(timeline.entries[8]!.facts).toMatchObject({
      correctsContactId: 'contact-1',
      contact: { contactType: 'home_visit', occurredAt: '2025-03-07T15:30:00.000Z' },
    });
  });

  it('shows client data where the wording shows it and nowhere else, as the sentences did', async () => {
    const doc = fold(
      new CaseStory('case-6')
        .engaged(
          '2025-03-01T09:00:00.000Z',
          {},
          {
            pii: {
              client: {
                givenName: 'Maria',
                familyName: 'Lopez',
                dateOfBirth: '1988-07-14',
                phone: '+44 7700 900123',
                email: 'maria@example.org',
                address: '1 High Street',
              },
            },
          },
        )
        .assessed(
          '2025-03-02T09:00:00.000Z',
          {},
          {
            pii: {
              descriptions: { 'need-housing': 'No tenancy since March.', 'need-other': 'Not assessed.' },
            },
          },
        )
        .planned(
          '2025-03-03T09:00:00.000Z',
          {},
          {
            pii: { descriptions: { 'goal-housing': 'Own flat.', 'milestone-1': 'Viewings booked.' } },
          },
        ).events,
    )!;
    const text = JSON.stringify(await timelinePage(doc, plaintextOpener));
    // As worded: a description inside a list loses its full stop.
    for (const kept of ['Maria', 'Lopez', '1988-07-14', 'No tenancy since March', 'Own flat'])
      expect(text).toContain(kept);
    for (const left of [
      '+44 7700 900123',
      'maria@example.org',
      '1 High Street',
      'Not assessed.',
      'Viewings booked.',
    ])
      expect(text).not.toContain(left);
  });

  it('rewords without a rebuild: the same stored document reads in the words of the wording of the day', async () => {
    const doc = { ...timeline, version: 17 };
    const before = JSON.stringify(doc);
    expect((await timelinePage(doc, plaintextOpener)).entries[4]!.title).toBe(
      'Referral to housing voucher provider prov-12',
    );
    await jest.isolateModulesAsync(async () => {
      jest.doMock('./timeline-wording', () => ({
        timelineWording: (entry: TimelineEntry) =>
          entry.type === 'ReferralMade'
            ? { title: `Referred to ${entry.facts.providerId}`, detail: `For ${entry.facts.serviceType}` }
            : { title: entry.type, detail: '' },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const reworded = (require('./timeline.queries') as typeof import('./timeline.queries')).timelinePage;
      expect((await reworded(doc, plaintextOpener)).entries[4]).toMatchObject({
        version: 5,
        title: 'Referred to prov-12',
        detail: 'For housing_voucher',
      });
    });
    jest.dontMock('./timeline-wording');
    expect(JSON.stringify(doc)).toBe(before);
    expect((await timelinePage(doc, plaintextOpener)).entries[4]!.title).toBe(
      'Referral to housing voucher provider prov-12',
    );
  });

  it('answers the fields the API always answered, in the same order, worded from the facts', async () => {
    const [engaged] = (await timelinePage(timeline, plaintextOpener, { limit: 1 })).entries;
    expect(Object.keys(engaged!)).toEqual([
      'version',
      'position',
      'eventId',
      'type',
      'actor',
      'occurredAt',
      'recordedAt',
      'recordedLate',
      'category',
      'title',
      'detail',
      'links',
      // Added with voids and date corrections (issue #9), after every field answered before.
      'voided',
      'originalOccurredAt',
      // Added with erasure (issue #11).
      'clientData',
    ]);
    expect(engaged).toEqual(
      expect.objectContaining({
        ...timelineWording(await openOne(timeline.entries[0]!)),
        category: 'engagement',
      }),
    );
  });

  it('refuses a document stored before entries held facts, naming the rebuild, and never extends it', async () => {
    const { shape: _shape, ...unmarked } = fold(story.events.slice(0, 2))!;
    const old = {
      ...unmarked,
      entries: unmarked.entries.map(({ facts: _facts, ...entry }) => ({
        ...entry,
        title: 'Old',
        detail: '',
      })),
    } as unknown as Omit<Timeline, 'version'>;
    await expect(timelinePage(old, plaintextOpener)).rejects.toThrow(OutdatedTimelineError);
    await expect(timelinePage(old, plaintextOpener)).rejects.toThrow(
      /shape 1, this release reads shape 4: rebuild it \(casetrail rebuild timelines\)/,
    );
    expect(evolveTimeline(old, story.events[2]!)).toBe(old);
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

describe('consent entries', () => {
  // Consent to share with a clinic, given, narrowed then withdrawn.
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .consentGranted('2025-06-02T10:00:00.000Z', { until: '2026-06-02T10:00:00.000Z' })
      .consentNarrowed('2025-06-03T10:00:00.000Z')
      .consentRevoked('2025-06-04T10:00:00.000Z', 'consent-1').events,
  )!;
  const [granted, narrowed, revoked] = timeline.entries.slice(-3);
  it('gives each its own entry', () => {
    expect(timeline.entries.map((e) => [e.type, e.category])).toEqual([
      ['ClientEngaged', 'engagement'],
      ['ConsentGranted', 'consent'],
      ['ConsentNarrowed', 'consent'],
      ['ConsentRevoked', 'consent'],
    ]);
  });

  it('store the consent’s facts, and its note and reason sealed by reference like any entry’s client data', () => {
    expect(granted).toMatchObject({
      type: 'ConsentGranted',
      category: 'consent',
      facts: {
        consentId: 'consent-1',
        partnerId: 'partner-clinic',
        categories: ['substance_use', 'mental_health', 'case_record'],
        purpose: 'treatment',
        from: '2025-06-02T10:00:00.000Z',
        until: '2026-06-02T10:00:00.000Z',
        note: null,
      },
      pii: { note: 'Signed the consent form.' },
    });
    expect(revoked).toMatchObject({
      facts: { consentId: 'consent-1', reason: null },
      pii: { reason: 'Changed clinics.' },
    });
    // A narrowing carries no client data, so its entry keeps none.
    expect(narrowed).not.toHaveProperty('pii');
  });

  it('word the consent as it was given, narrowed and withdrawn, with the note and reason once opened', async () => {
    expect(await read(granted!)).toMatchObject({
      title: 'Consent given to share with partner-clinic',
      detail:
        'Consent consent-1, for treatment, from 2025-06-02 until 2026-06-02: substance use, mental health, case record. ' +
        'Note: Signed the consent form.',
    });
    expect((await read(narrowed!)).detail).toBe(
      'Consent consent-1 covers from now on only: mental health, case record.',
    );
    expect((await read(revoked!)).detail).toBe(
      'Consent consent-1 covers nothing from now on. Reason: Changed clinics.',
    );
  });
});

describe('scheduling entries', () => {
  // A home visit arranged, reminded, missed and moved; a task created and done.
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .planned('2025-03-05T11:00:00.000Z')
      .appointment('2025-03-06T09:00:00.000Z', 'appt-1')
      .task('2025-03-06T09:30:00.000Z', 'task-1')
      .dueSoon('2025-03-11T14:00:00.000Z', { itemId: 'appt-1' })
      .appointmentOutcome('2025-03-12T16:00:00.000Z', 'appt-1')
      .appointmentOutcome('2025-03-13T09:00:00.000Z', 'appt-1', {
        outcome: 'rescheduled',
        cancelledBy: 'client',
        rescheduledToAppointmentId: 'appt-2',
      })
      .taskClosed('2025-03-14T09:00:00.000Z', 'task-1').events,
  )!;
  const entries = timeline.entries.slice(2);

  it('gives each its own entry in the scheduling category', () => {
    expect(entries.map((e) => [e.type, e.category])).toEqual([
      ['AppointmentScheduled', 'scheduling'],
      ['TaskCreated', 'scheduling'],
      ['ItemDueSoon', 'scheduling'],
      ['AppointmentOutcomeRecorded', 'scheduling'],
      ['AppointmentOutcomeRecorded', 'scheduling'],
      ['TaskClosed', 'scheduling'],
    ]);
  });

  it('keeps the client data sealed by reference, never the location, and none for a reminder', () => {
    const [scheduled, task, reminder] = entries;
    expect(scheduled).toMatchObject({
      facts: { appointmentId: 'appt-1', channel: 'home_visit', ownerId: 'cm-ana', note: null },
    });
    expect(scheduled!.facts).not.toHaveProperty('location');
    expect(strings(scheduled!.facts)).not.toContain('12 Elm Street, flat 3');
    expect(task).toMatchObject({
      facts: { taskId: 'task-1', title: null },
      pii: { title: 'Submit the housing application' },
    });
    expect(reminder).not.toHaveProperty('pii');
  });

  it('words them from their facts, with the client data once opened', async () => {
    const [scheduled, task, reminder, missed, moved, done] = await Promise.all(entries.map(read));
    expect(scheduled).toMatchObject({ title: 'Appointment scheduled (home visit)' });
    expect(scheduled!.detail).toContain('Go through the voucher paperwork together');
    expect(scheduled!.detail).not.toContain('Elm Street');
    expect(task).toMatchObject({ title: 'Task created' });
    expect(task!.detail).toContain('Task: Submit the housing application');
    expect(reminder).toMatchObject({ title: 'Reminder: appointment due soon' });
    expect(missed).toMatchObject({ title: 'Appointment missed by client' });
    expect(missed!.detail).toContain('Reason: Nobody answered the door.');
    expect(moved!.detail).toContain('rescheduled by the client, moved to appt-2');
    expect(done).toMatchObject({ title: 'Task completed' });
  });
});

describe('household entries', () => {
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .record(
        'HouseholdMemberJoined',
        '2025-03-02T10:00:00.000Z',
        { memberId: 'member-1', relationship: 'child' },
        { givenName: 'Ana', familyName: 'Lopez', dateOfBirth: '2016-05-20' },
      )
      .record(
        'HouseholdMemberLeft',
        '2025-03-09T10:00:00.000Z',
        { memberId: 'member-1' },
        { note: 'Moved out.' },
      ).events,
  )!;
  const [joined, left] = timeline.entries.slice(-2);

  it('gives joining and leaving each an entry in the household category, the names sealed by reference', () => {
    expect(timeline.entries.map((e) => [e.type, e.category])).toEqual([
      ['ClientEngaged', 'engagement'],
      ['HouseholdMemberJoined', 'household'],
      ['HouseholdMemberLeft', 'household'],
    ]);
    expect(joined).toMatchObject({
      facts: {
        memberId: 'member-1',
        relationship: 'child',
        givenName: null,
        familyName: null,
        dateOfBirth: null,
      },
    });
    expect(left).toMatchObject({ facts: { memberId: 'member-1', note: null } });
  });

  it('words them with the name and note once opened', async () => {
    expect(await read(joined!)).toMatchObject({
      title: 'Household member joined: child',
      detail: 'Member member-1 (child) joined the household. Name: Ana Lopez. Date of birth: 2016-05-20.',
    });
    expect(await read(left!)).toMatchObject({
      title: 'Household member left',
      detail: 'Member member-1 left the household. Note: Moved out.',
    });
  });
});

describe('safety and communication entries', () => {
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .record(
        'SafetyFlagSet',
        '2025-03-02T10:00:00.000Z',
        { flagId: 'flag-1', kind: 'do_not_contact', setBy: 'cm-ana' },
        { reason: 'Threats.', doNotContact: [{ who: 'Marco Lopez' }, { who: 'his brother' }] },
      )
      .record(
        'SafetyFlagCleared',
        '2025-03-09T10:00:00.000Z',
        { flagId: 'flag-1', clearedBy: 'sup-eva' },
        { reason: 'Court order.' },
      )
      .record(
        'CommunicationNeedsRecorded',
        '2025-03-10T10:00:00.000Z',
        { preferredLanguage: 'prs', interpreterNeeded: true, interpreterLanguage: 'prs' },
        { notes: 'A female interpreter.' },
      ).events,
  )!;
  const [set, cleared, communication] = timeline.entries.slice(-3);

  it('gives each an entry, in the safety and communication categories, the reasons sealed by reference', () => {
    expect(timeline.entries.map((e) => [e.type, e.category])).toEqual([
      ['ClientEngaged', 'engagement'],
      ['SafetyFlagSet', 'safety'],
      ['SafetyFlagCleared', 'safety'],
      ['CommunicationNeedsRecorded', 'communication'],
    ]);
    expect(set).toMatchObject({
      facts: { flagId: 'flag-1', kind: 'do_not_contact', setBy: 'cm-ana', reason: null, doNotContact: null },
    });
    expect(cleared).toMatchObject({ facts: { flagId: 'flag-1', clearedBy: 'sup-eva', reason: null } });
    expect(communication).toMatchObject({
      facts: { preferredLanguage: 'prs', interpreterNeeded: true, interpreterLanguage: 'prs', notes: null },
    });
  });

  it('words them with the reasons, whom not to contact and notes once opened', async () => {
    expect(await read(set!)).toMatchObject({
      title: 'Safety flag set: do not contact',
      detail:
        'Flag flag-1 (do not contact) set by cm-ana. Do not contact: Marco Lopez, his brother. Reason: Threats.',
    });
    expect(await read(cleared!)).toMatchObject({
      title: 'Safety flag cleared',
      detail: 'Flag flag-1 cleared by sup-eva. Reason: Court order.',
    });
    expect(await read(communication!)).toMatchObject({
      title: 'Communication needs: prs',
      detail: 'Prefers prs; needs an interpreter in prs. Notes: A female interpreter.',
    });
  });
});

describe('client merge entries', () => {
  const timeline = fold(
    new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .record(
        'CaseClientChanged',
        '2025-03-09T10:00:00.000Z',
        { fromClientId: 'client-dup', toClientId: 'client-1', mergeId: 'merge-1' },
        { reason: 'Same person, two spellings.' },
      ).events,
  )!;
  const changed = timeline.entries.at(-1);

  it('gives the change an engagement entry, the reason sealed by reference', () => {
    expect(timeline.entries.map((e) => [e.type, e.category])).toEqual([
      ['ClientEngaged', 'engagement'],
      ['CaseClientChanged', 'engagement'],
    ]);
    expect(changed).toMatchObject({
      facts: { fromClientId: 'client-dup', toClientId: 'client-1', mergeId: 'merge-1', reason: null },
    });
  });

  it('words it with both client ids and the reason once opened', async () => {
    expect(await read(changed!)).toMatchObject({
      title: 'Client records merged',
      detail:
        'The case moved from client client-dup to client client-1 (merge merge-1). Reason: Same person, two spellings.',
    });
  });
});

describe('form answers', () => {
  const timeline = fold(
    new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z').record(
      'FormAnswered',
      '2025-03-01T09:00:00.000Z',
      {
        formId: 'housing_intake',
        formVersion: 2,
        attachedTo: { type: 'engagement', entryId: null },
        answers: { household_size: 5, has_income: false },
        selections: { barriers: ['debt', 'no_id'] },
      },
      { answers: { landlord: 'Mr. Haddad' }, selections: {} },
    ).events,
  )!;
  const answered = timeline.entries.at(-1)!;

  it('gives them an entry in the form category, the personal answers sealed by reference', () => {
    expect([answered.type, answered.category]).toEqual(['FormAnswered', 'form']);
    expect(answered).toMatchObject({
      facts: {
        formId: 'housing_intake',
        formVersion: 2,
        attachedTo: { type: 'engagement', entryId: null },
        answers: { household_size: 5, has_income: false, barriers: ['debt', 'no_id'] },
        personalAnswers: null,
      },
    });
    expect(strings(answered.facts)).not.toContain('Mr. Haddad');
  });

  it('words them with every answer, the personal ones once opened', async () => {
    expect(await read(answered)).toMatchObject({
      title: 'Form housing_intake (version 2) answered at engagement',
      detail:
        'Answers: household_size: 5; has_income: false; barriers: debt, no_id. Personal answers: landlord: Mr. Haddad.',
    });
  });
});
