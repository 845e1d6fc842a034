import { randomBytes } from 'node:crypto';
import { CASE_EVENT_TYPES, type AccessedCase, type CaseEvent } from '@casetrail/domain';
import { EXAMPLE_EVENTS, recorded } from '@casetrail/domain/testing';
import { LocalEventStore } from '@casetrail/event-store';
import { pseudonymsFor } from '@casetrail/protection';
import { SAMPLE_EVENTS } from '../../../libs/contracts/src/testing/sample-messages';
import { plantSentinels, SENTINEL } from '../../../libs/domain/src/sharing/testing/sentinels';
import { CliError } from './cli-error';
import { runReplayPseudonymised } from './replay.command';
import { captureOutput } from './testing/capture-output';

const NOW = { instant: undefined, basis: 'recorded' } as const;

/** Every event type twice (the domain's example and the contracts' richer sample), sentinels planted. */
const seeded = async (caseId: string) => {
  const store = LocalEventStore.inMemory();
  const events: CaseEvent[] = CASE_EVENT_TYPES.flatMap((type) => [
    plantSentinels(EXAMPLE_EVENTS[type]),
    plantSentinels(SAMPLE_EVENTS[type]),
  ]);
  const stored = events.map((event, i) => recorded(event, { streamId: caseId, version: i + 1 }));
  await store.append(
    caseId,
    0,
    stored.map(({ version: _v, position: _p, ...event }) => event),
  );
  return { store, stored };
};

describe('replay --pseudonymise', () => {
  it('prints every event as a JSON line with no client data, free text or store id in it', async () => {
    const { store, stored } = await seeded('case-0001');
    const codec = pseudonymsFor(randomBytes(32), 'export-1');
    const accessed: AccessedCase[][] = [];
    const { io, out } = captureOutput();
    await runReplayPseudonymised(
      store,
      codec,
      NOW,
      { caseId: undefined, shiftDates: true, batchSize: 7 },
      io,
      (cases) => {
        accessed.push([...cases]);
        return Promise.resolve();
      },
    );
    const lines = out.join('').trim().split('\n');
    expect(lines).toHaveLength(stored.length);
    const parsed = lines.map((line) => JSON.parse(line) as { case: string; type: string; version: number });
    expect(parsed.map((p) => p.type)).toEqual(stored.map((e) => e.type));
    expect(new Set(parsed.map((p) => p.case))).toEqual(new Set([codec.pseudonymise('c', 'case-0001')]));
    expect(codec.resolve(parsed[0]!.case)).toEqual({ kind: 'c', id: 'case-0001' });
    const text = out.join('');
    expect(text).not.toContain(SENTINEL);
    expect(text).not.toMatch(/Maria|Lopez|1988-07-14|CT-2025-0001|housing officer|PHQ-9/);
    for (const event of stored)
      for (const id of [event.eventId, event.streamId, event.actor.id, event.correlationId])
        expect({ id, shown: text.includes(id) }).toEqual({ id, shown: false });
    for (const id of [
      'client-0001',
      'cm-ana',
      'goal-housing',
      'need-mood',
      'prov-housing',
      'org-housing-authority',
    ])
      expect({ id, shown: text.includes(id) }).toEqual({ id, shown: false });
    // The agency's own log names the case the export read.
    expect(accessed).toEqual([[expect.objectContaining({ caseId: 'case-0001' })]]);
  });

  it('keeps pseudonyms within a named scope and changes them between scopes', async () => {
    const { store } = await seeded('case-0002');
    const run = async (scope: string) => {
      const { io, out } = captureOutput();
      await runReplayPseudonymised(
        store,
        pseudonymsFor(KEY, scope),
        NOW,
        { caseId: 'case-0002', shiftDates: false, batchSize: 100 },
        io,
        () => Promise.resolve(),
      );
      return out.join('');
    };
    const first = await run('study-a');
    expect(await run('study-a')).toBe(first);
    expect(await run('study-b')).not.toBe(first);
  });

  it('refuses a case that does not exist, and prints nothing when the access cannot be recorded', async () => {
    const { store } = await seeded('case-0003');
    const codec = pseudonymsFor(KEY, 's');
    const options = { caseId: 'case-none', shiftDates: false, batchSize: 10 };
    await expect(
      runReplayPseudonymised(store, codec, NOW, options, captureOutput().io, () => Promise.resolve()),
    ).rejects.toThrow(CliError);
    const { io, out } = captureOutput();
    await expect(
      runReplayPseudonymised(store, codec, NOW, { ...options, caseId: 'case-0003' }, io, () =>
        Promise.reject(new Error('log down')),
      ),
    ).rejects.toThrow('log down');
    expect(out).toEqual([]);
  });
});

const KEY = randomBytes(32);
