import { AccessRecorder, LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import { generateCaseHistory } from '../../../test/support/case-generator';
import { seededRandom } from '../../../test/support/random';
import { ProjectionRunner } from './projection';
import { PROJECTIONS } from './projections';
import { rebuildProjection } from './rebuild';
import { InMemoryReadModelStore } from './store/in-memory-read-model-store';

/** A store holding case events with access events interleaved, as every real store will. */
const mixedStore = async () => {
  const history = generateCaseHistory(seededRandom(11), { minEvents: 200, concurrentCases: 5 });
  const store = LocalEventStore.inMemory();
  const recorder = new AccessRecorder(store);
  let n = 0;
  for (const commit of history.commits) {
    await store.append(commit.streamId, commit.expectedVersion, commit.events);
    await recorder.record({
      actor: { id: 'auditor-1', role: 'auditor' },
      route: 'GET /cases/:caseId',
      outcome: n++ % 3 === 0 ? 'denied' : 'granted',
      denial: (n - 1) % 3 === 0 ? 'NOT_IN_TEAM' : null,
      cases: [{ caseId: commit.streamId, teamId: null, programId: null }],
      reason: null,
      emergencyUntil: null,
      at: '2026-03-01T10:00:00.000Z',
      correlationId: `corr-${n}`,
    });
  }
  return { history, store, recorder };
};

describe('case read models with access events in the log', () => {
  it.each(PROJECTIONS.map((p) => [p.collection, p] as const))(
    '%s ignores access streams: nothing applied, nothing poisoned, no document',
    async (_name, projection) => {
      const { store, recorder } = await mixedStore();
      const events: readonly StoredEvent[] = (await store.readAll(0, 100_000)).events;
      const readModels = new InMemoryReadModelStore();
      const outcome = await new ProjectionRunner(projection, readModels).applyBatch(events);
      expect(outcome.poisoned).toEqual([]);
      const access = events.filter((e) => e.streamId === recorder.streamId);
      expect(access.length).toBeGreaterThan(0);
      expect(outcome.applied + outcome.duplicates).toBeLessThanOrEqual(events.length - access.length);
      expect(await readModels.collection(projection.collection).get(recorder.streamId)).toBeNull();
    },
  );

  it('rebuilds every read model from a mixed log without a dead letter, one document per case', async () => {
    const { history, store } = await mixedStore();
    const readModels = new InMemoryReadModelStore();
    for (const projection of PROJECTIONS) {
      const result = await rebuildProjection(store, readModels, projection);
      expect(result.deadLettered).toBe(0);
      const docs = await readModels.collection(projection.collection).find({});
      expect(docs.map((d) => d._id).sort()).toEqual([...history.cases.keys()].sort());
    }
  });
});
