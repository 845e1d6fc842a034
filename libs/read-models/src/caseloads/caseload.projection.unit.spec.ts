import {
  caseDecider,
  caseStageOf,
  fold,
  type CaseEvent,
  type CaseState,
  type CaseView,
  type Recorded,
} from '@casetrail/domain';
import { LocalEventStore } from '@casetrail/event-store';
import { generateCaseHistory } from '../../../../test/support/case-generator';
import { seededRandom } from '../../../../test/support/random';
import { CaseStory } from '../timelines/testing';
import { FakeKeys } from '../testing/fake-sealing';
import { caseloadProjection, caseStateOf, evolveCaseload, type CaseloadEntry } from './caseload.projection';

const withoutLedger = (state: CaseState): CaseView => {
  if (state.status === 'initial') return state;
  const { ledger: _ledger, ...view } = state;
  return view;
};

const foldCaseload = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseloadEntry, 'version'> | null>((doc, event) => evolveCaseload(doc, event), null);

describe('the caseload projection', () => {
  it('opens an entry on engagement, with the case header', () => {
    const story = new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z');
    expect(foldCaseload(story.events)).toEqual({
      _id: 'case-1',
      caseId: 'case-1',
      caseNumber: 'CT-case-1',
      clientId: 'client-0001',
      // Copied as the event carried it (sealed in production), with the event id that opens it.
      clientPii: { eventId: 'case-1-e1', pii: story.events[0]!.pii },
      programId: 'prog-housing',
      teamId: 'team-north',
      caseManagerId: 'cm-ana',
      status: 'open',
      stage: 'engagement',
      engagedAt: '2025-03-01T09:00:00.000Z',
      highestSeverity: null,
      nextReviewDate: null,
      lastContactAt: null,
      referrals: {},
      openReferrals: 0,
      caseManagerIds: ['cm-ana'],
      caseState: JSON.stringify(withoutLedger(fold(caseDecider, story.events))),
      updatedAt: '2025-03-01T09:00:00.000Z',
    });
  });

  it('copies the engagement’s sealed pii, and holds no client data anywhere else', () => {
    const keys = new FakeKeys();
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .assessed('2025-03-02T09:00:00.000Z')
      .contact('2025-03-03T09:00:00.000Z', 'contact-1');
    const sealed = keys.seal(story.events, 'client/client-0001');
    const entry = foldCaseload(sealed)!;
    expect(entry.clientPii).toEqual({ eventId: 'case-1-e1', pii: sealed[0]!.pii });
    const text = JSON.stringify(entry);
    for (const plain of ['Maria', 'Lopez', '1988-07-14', 'Discharged', 'low mood', 'voucher application'])
      expect(text).not.toContain(plain);
    // The same entry, sealed value aside, as from plaintext: the state never held the name.
    const { clientPii: _sealed, ...rest } = entry;
    const { clientPii: _plain, ...plainRest } = foldCaseload(story.events)!;
    expect(rest).toEqual(plainRest);
    expect(caseStateOf(entry)).toMatchObject({ clientId: 'client-0001' });
    expect(caseStateOf(entry)).not.toHaveProperty('clientName');
  });

  it('refolds an entry an older release wrote with the client’s name in the clear', () => {
    const current = {
      ...foldCaseload(new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z').events)!,
      version: 1,
    };
    const outdated = caseloadProjection.refold!.outdated!;
    expect(outdated(current)).toBe(false);
    const { clientPii: _pii, clientId: _id, ...old } = current;
    expect(outdated({ ...old, clientName: 'Maria Lopez' } as unknown as CaseloadEntry)).toBe(true);
    expect(outdated({ ...current, clientName: 'Maria Lopez' } as unknown as CaseloadEntry)).toBe(true);
  });

  it('follows who holds the case through a transfer, a closing and reopenings', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: null })
      .assigned('2025-03-01T12:00:00.000Z', 'cm-ana')
      .transferred('2025-03-10T10:00:00.000Z', 'cm-ana', 'cm-ben')
      .assessed('2025-03-10T12:00:00.000Z')
      .planned('2025-03-11T10:00:00.000Z')
      .terminated('2025-04-01T10:00:00.000Z');
    expect(foldCaseload(story.events)).toMatchObject({
      caseManagerId: 'cm-ben',
      status: 'closed',
      stage: 'closed',
      nextReviewDate: null,
    });
    // A reopening that names nobody keeps the last case manager; one that names someone hands it over.
    story.reopened('2025-05-01T10:00:00.000Z');
    expect(foldCaseload(story.events)).toMatchObject({
      caseManagerId: 'cm-ben',
      status: 'open',
      stage: 'service_planning',
    });
    story.terminated('2025-06-01T10:00:00.000Z').reopened('2025-07-01T10:00:00.000Z', 'cm-cy');
    expect(foldCaseload(story.events)).toMatchObject({
      caseManagerId: 'cm-cy',
      status: 'open',
      updatedAt: '2025-07-01T10:00:00.000Z',
      caseManagerIds: [null, 'cm-ana', 'cm-ben', 'cm-cy'],
    });
  });

  it('keeps the latest contact by when it happened, whatever the zone it was written in', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .contact('2025-03-07T15:30:00.000Z', 'contact-1')
      // 14:00 UTC: earlier, though its text sorts after 15:30Z.
      .contact('2025-03-07T16:00:00+02:00', 'contact-2')
      // Written up late: a note about last week does not make the last contact older.
      .contact('2025-03-03T10:00:00.000Z', 'contact-3', {}, { recordedAt: '2025-03-08T10:00:00.000Z' });
    expect(foldCaseload(story.events)?.lastContactAt).toBe('2025-03-07T15:30:00.000Z');
    story.contact('2025-03-07T17:00:00+01:00', 'contact-4');
    expect(foldCaseload(story.events)?.lastContactAt).toBe('2025-03-07T16:00:00.000Z');
  });

  it('keeps the engagement and update times in UTC, whatever offset the events were written with', () => {
    const story = new CaseStory('case-1').engaged(
      '2025-03-01T09:00:00-05:00',
      {},
      { recordedAt: '2025-03-01T10:00:00+01:00' },
    );
    expect(foldCaseload(story.events)).toMatchObject({
      engagedAt: '2025-03-01T14:00:00.000Z',
      updatedAt: '2025-03-01T09:00:00.000Z',
    });
  });

  it('stays in engagement through a first contact before any assessment', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .contact('2025-03-02T09:00:00.000Z', 'contact-1');
    expect(foldCaseload(story.events)?.stage).toBe('engagement');
    story.assessed('2025-03-03T09:00:00.000Z').contact('2025-03-04T09:00:00.000Z', 'contact-2');
    expect(foldCaseload(story.events)?.stage).toBe('assessment');
  });

  it('takes a reopened case up at the stage it stood at, with its plan’s review date in force again', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .assessed('2025-03-02T09:00:00.000Z')
      .planned('2025-03-03T09:00:00.000Z', { nextReviewDate: '2025-04-01' })
      .referred('2025-03-04T09:00:00.000Z', 'ref-1')
      .reviewed('2025-04-01T09:00:00.000Z', { nextReviewDate: '2025-05-01' })
      .terminated('2025-04-15T09:00:00.000Z');
    expect(foldCaseload(story.events)).toMatchObject({ stage: 'closed', nextReviewDate: null });
    story.reopened('2025-06-01T09:00:00.000Z');
    // The last review date the plan carried: long past, so the reopened case shows as overdue.
    expect(foldCaseload(story.events)).toMatchObject({ stage: 'monitoring', nextReviewDate: '2025-05-01' });
  });

  it('shows no open referral on a closed case, and those still open on reopening', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .assessed('2025-03-02T09:00:00.000Z')
      .planned('2025-03-03T09:00:00.000Z')
      .referred('2025-03-04T09:00:00.000Z', 'ref-1')
      .referralStatus('2025-03-05T09:00:00.000Z', 'ref-1', 'made', 'accepted')
      .referred('2025-03-04T10:00:00.000Z', 'ref-2')
      .referralStatus('2025-03-05T10:00:00.000Z', 'ref-2', 'made', 'declined');
    expect(foldCaseload(story.events)).toMatchObject({
      openReferrals: 1,
      referrals: { 'ref-1': 'open', 'ref-2': 'closed' },
    });
    story.terminated('2025-04-01T09:00:00.000Z');
    expect(foldCaseload(story.events)).toMatchObject({
      openReferrals: 0,
      referrals: { 'ref-1': 'closed', 'ref-2': 'closed' },
    });
    story.reopened('2025-05-01T09:00:00.000Z');
    expect(foldCaseload(story.events)).toMatchObject({ openReferrals: 1, referrals: { 'ref-1': 'open' } });
  });

  it('agrees with the decider on every step of generated histories', async () => {
    const history = generateCaseHistory(seededRandom(9), { minEvents: 600, concurrentCases: 12 });
    const store = LocalEventStore.inMemory();
    for (const commit of history.commits)
      await store.append(commit.streamId, commit.expectedVersion, commit.events);
    const stages = new Set<string>();
    for (const caseId of history.cases.keys()) {
      const events = (await store.readStream(caseId)) as unknown as Recorded<CaseEvent>[];
      let doc: Omit<CaseloadEntry, 'version'> | null = null;
      for (let n = 1; n <= events.length; n++) {
        doc = evolveCaseload(doc, events[n - 1]!);
        const state = fold(caseDecider, events.slice(0, n));
        expect(doc?.stage).toBe(caseStageOf(state));
        // The decider's state at every step, but for the ledger only decisions read.
        if (doc !== null) expect(caseStateOf(doc)).toEqual(withoutLedger(state));
        if (state.status === 'initial') continue;
        expect(doc?.status).toBe(state.status);
        expect(doc?.caseManagerId).toBe(state.caseManagerId);
        expect(doc?.nextReviewDate).toBe(
          state.status === 'open' ? (state.plan?.nextReviewDate ?? null) : null,
        );
        stages.add(doc?.stage ?? 'none');
      }
      expect(caseStateOf(doc!)).toEqual(withoutLedger(history.cases.get(caseId)!.state));
    }
    // The histories reach every stage, or the agreement above proves less than it says.
    expect([...stages].sort()).toEqual(
      ['assessment', 'closed', 'engagement', 'implementation', 'monitoring', 'service_planning'].sort(),
    );
  });
});
