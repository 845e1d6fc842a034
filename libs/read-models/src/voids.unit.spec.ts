import type { CaseEvent, Recorded } from '@casetrail/domain';
import { LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import {
  CASELOADS,
  caseloadProjection,
  caseStateOf,
  type CaseloadEntry,
} from './caseloads/caseload.projection';
import { CASE_FACTS, caseFactsProjection, type CaseFacts } from './outcomes/case-facts.projection';
import { outcomeReport } from './outcomes/outcome-report';
import { ProjectionRunner } from './projection';
import { rebuildReadModels, projectionTarget } from './rebuild';
import { InMemoryReadModelStore } from './store/in-memory-read-model-store';
import { CaseStory } from './timelines/testing';

/** Engaged, assessed, planned, a referral accepted (v5, v6), a contact (v7). */
const story = () =>
  new CaseStory('case-1')
    .engaged('2025-01-02T09:00:00.000Z')
    .assessed('2025-01-03T09:00:00.000Z')
    .planned('2025-01-04T09:00:00.000Z')
    .advocacy('2025-01-04T10:00:00.000Z')
    .referred('2025-01-05T09:00:00.000Z', 'ref-1')
    .referralStatus('2025-01-06T09:00:00.000Z', 'ref-1', 'made', 'accepted')
    .contact('2025-01-08T09:00:00.000Z', 'contact-1');

const voiding = (told: CaseStory, version: number, at = '2025-01-10T09:00:00.000Z') => {
  const target = told.events[version - 1]!;
  return told.record(
    'EntryVoided',
    at,
    { entryId: target.eventId, entryType: target.type as never, entryVersion: version },
    { reason: 'Recorded on the wrong case.' },
    { actor: { id: 'sup-lee', role: 'supervisor' } },
  );
};

const stored = (events: readonly Recorded<CaseEvent>[]) => events as unknown as StoredEvent[];

/** The event store holding the story, as the projector's source. */
const storeOf = async (told: CaseStory) => {
  const store = LocalEventStore.inMemory();
  for (const event of told.events) {
    const { version: _v, position: _p, ...pending } = event;
    await store.append(told.caseId, event.version - 1, [pending]);
  }
  return store;
};

const project = async (told: CaseStory) => {
  const store = await storeOf(told);
  const readModels = new InMemoryReadModelStore();
  const runners = [
    new ProjectionRunner(caseloadProjection, readModels, CASELOADS, { source: store }),
    new ProjectionRunner(caseFactsProjection, readModels, CASE_FACTS, { source: store }),
  ];
  // One event per batch, as deliveries come: the void is met by documents already written.
  for (const runner of runners)
    for (const event of await store.readStream(told.caseId)) await runner.applyBatch([event]);
  return {
    caseload: await readModels.collection<CaseloadEntry>(CASELOADS).get(told.caseId),
    facts: await readModels.collection<CaseFacts>(CASE_FACTS).get(told.caseId),
    store,
  };
};

const report = (facts: CaseFacts) =>
  outcomeReport([facts], {
    from: '2025-01-01T00:00:00.000Z',
    to: '2025-02-01T00:00:00.000Z',
    groupBy: 'none',
    now: '2025-02-01T00:00:00.000Z',
  })[0]!;

describe('voids and corrections in the caseload and the case facts', () => {
  it('takes a voided referral and its status change out of openReferrals, the stage and the report counts', async () => {
    const before = await project(story());
    expect(before.caseload).toMatchObject({ openReferrals: 1, stage: 'implementation', version: 7 });
    expect(report(before.facts!)).toMatchObject({ referralsMade: 1, referralsAccepted: 1 });

    // The status change first (it depends on the referral), then the referral itself.
    const told = voiding(voiding(story(), 6), 5, '2025-01-10T10:00:00.000Z');
    const after = await project(told);
    expect(after.caseload).toMatchObject({
      openReferrals: 0,
      referrals: {},
      stage: 'service_planning',
      version: 9,
    });
    expect(after.facts).toMatchObject({ referrals: {}, firstReferralAt: null, version: 9 });
    expect(report(after.facts!)).toMatchObject({ referralsMade: 0, referralsAccepted: 0 });
  });

  it('reads a corrected date everywhere it counts: the last contact and the first referral', async () => {
    const told = story();
    const contact = told.events[6]!;
    const referral = told.events[4]!;
    told
      .record(
        'EntryCorrected',
        '2025-01-10T09:00:00.000Z',
        {
          entryId: contact.eventId,
          entryType: 'ContactRecorded',
          entryVersion: 7,
          occurredAt: '2025-01-07T14:00:00.000Z',
          previousOccurredAt: contact.occurredAt,
        },
        { reason: 'The visit was the day before.' },
      )
      .record(
        'EntryCorrected',
        '2025-01-10T09:05:00.000Z',
        {
          entryId: referral.eventId,
          entryType: 'ReferralMade',
          entryVersion: 5,
          occurredAt: '2025-01-04T12:00:00.000Z',
          previousOccurredAt: referral.occurredAt,
        },
        { reason: 'Made at the planning meeting.' },
      );
    const { caseload, facts } = await project(told);
    expect(caseload).toMatchObject({ lastContactAt: '2025-01-07T14:00:00.000Z', version: 9 });
    expect(facts).toMatchObject({ firstReferralAt: '2025-01-04T12:00:00.000Z', version: 9 });
    expect(facts?.referrals['ref-1']?.madeAt).toBe('2025-01-04T12:00:00.000Z');
  });

  it('is honoured by a rebuild, which reads the stream of a void from the store', async () => {
    const told = voiding(voiding(story(), 6), 5, '2025-01-10T10:00:00.000Z');
    const store = await storeOf(told);
    const readModels = new InMemoryReadModelStore();
    const results = await rebuildReadModels(
      store,
      readModels,
      [caseloadProjection, caseFactsProjection].map((p) => projectionTarget(p as never)),
    );
    expect(results.map((r) => r.deadLettered)).toEqual([0, 0]);
    expect(await readModels.collection<CaseloadEntry>(CASELOADS).get('case-1')).toMatchObject({
      openReferrals: 0,
      version: 9,
    });
    expect(await readModels.collection<CaseFacts>(CASE_FACTS).get('case-1')).toMatchObject({ referrals: {} });
  });

  it('dead-letters a void met without the event store, rather than leave the voided entry in', async () => {
    const told = voiding(story(), 7);
    const runner = new ProjectionRunner(caseloadProjection, new InMemoryReadModelStore());
    const outcome = await runner.applyBatch(stored(told.events));
    expect(outcome.poisoned.map((p) => p.event.type)).toEqual(['EntryVoided']);
    expect(outcome.poisoned[0]?.message).toContain('needs the event store');
  });

  it('makes a caseload entry an older release wrote (no decider state) again from the stream at its next event', async () => {
    const told = story();
    const store = await storeOf(told);
    const readModels = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(caseloadProjection, readModels, CASELOADS, { source: store });
    await runner.applyBatch(stored(told.events.slice(0, 6)));
    const docs = readModels.collection<CaseloadEntry>(CASELOADS);
    const { caseState: _state, caseManagerIds: _holders, ...older } = (await docs.get('case-1'))!;
    await docs.put(older as CaseloadEntry, 6);
    await runner.applyBatch(stored(told.events.slice(6)));
    const refolded = (await docs.get('case-1'))!;
    expect(refolded).toMatchObject({
      version: 7,
      caseManagerIds: ['cm-ana'],
      lastContactAt: '2025-01-08T09:00:00.000Z',
    });
    expect(caseStateOf(refolded)).toMatchObject({ status: 'open' });
  });
});
