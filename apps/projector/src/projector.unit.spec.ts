import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import { InProcessTransport } from '@casetrail/messaging';
import { InMemoryReadModelStore, PROJECTIONS, type ReadModelDocument } from '@casetrail/read-models';
import { loadConfig } from '@casetrail/platform';
import { generateCaseHistory } from '../../../test/support/case-generator';
import { seededRandom } from '../../../test/support/random';
import { ProjectorService } from './projector.module';

describe('ProjectorService and versions that are not the next one', () => {
  const setUp = async () => {
    const store = LocalEventStore.inMemory();
    const history = generateCaseHistory(seededRandom(42), { minEvents: 8, concurrentCases: 1 });
    const [caseId] = [...history.cases.keys()];
    const events = history.commits.filter((c) => c.streamId === caseId).flatMap((c) => c.events);
    for (const [i, event] of events.slice(0, 4).entries()) await store.append(caseId!, i, [event]);
    const stored = await store.readStream(caseId!);
    const readModels = new InMemoryReadModelStore();
    const config = loadConfig({ CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'casetrail-projector-')) });
    const service = new ProjectorService(new InProcessTransport(), readModels, config, store);
    const versions = async () =>
      Promise.all(
        PROJECTIONS.map(
          async (p) => (await readModels.collection<ReadModelDocument>(p.collection).get(caseId!))?.version,
        ),
      );
    return { service, stored, versions };
  };

  it('dead-letters a forged future version, saying so with ids and versions only, and applies nothing', async () => {
    const { service, stored, versions } = await setUp();
    await service.handle(stored.slice(0, 2));
    const warnings: string[] = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    const forged: StoredEvent = { ...stored[1]!, eventId: 'forged', version: 999 };
    const letters = await service.handle([forged]);
    expect(letters.map((l) => [l.event.eventId, l.event.version])).toEqual([['forged', 999]]);
    expect(letters[0]!.reason).toMatch(/@999: not in the event store \(the stream is at v4 there\)$/);
    expect(await versions()).toEqual(PROJECTIONS.map(() => 2));
    expect(warnings.some((w) => /expected v3, got v999, which the event store does not have/.test(w))).toBe(
      true,
    );
    // Ids, types and versions: nothing of the client (the events carry a name and a date of birth).
    const pii = JSON.stringify(stored.map((e) => e.pii));
    for (const warning of warnings)
      for (const value of pii.match(/"[^"]{4,}"/g) ?? []) expect(warning).not.toContain(value.slice(1, -1));
    jest.restoreAllMocks();
  });

  it('fills a gap from the event store: version 4 after 2 brings 3 along', async () => {
    const { service, stored, versions } = await setUp();
    await service.handle(stored.slice(0, 2));
    expect(await service.handle([stored[3]!])).toEqual([]);
    expect(await versions()).toEqual(PROJECTIONS.map(() => 4));
    // The late version 3, and everything again: redelivery changes nothing.
    expect(await service.handle([stored[2]!, ...stored])).toEqual([]);
    expect(await versions()).toEqual(PROJECTIONS.map(() => 4));
  });
});
