import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTransportContract, transportedEvent } from '../testing/transport.contract';
import { DEAD_LETTER_FILE, DeadLetterFile } from './dead-letter-file';
import { InProcessTransport } from './in-process-transport';

describeTransportContract('in process', () => Promise.resolve(new InProcessTransport()));
describeTransportContract('in process, dead letters on disk', () =>
  Promise.resolve(
    new InProcessTransport(new DeadLetterFile(mkdtempSync(join(tmpdir(), 'casetrail-dead-letters-')))),
  ),
);

describe('embedded dead letters', () => {
  const parkThirds = (transport: InProcessTransport, group = 'projector') =>
    transport.subscribe(group, (events) =>
      Promise.resolve(
        events.filter((e) => e.version === 3).map((e) => ({ event: e, reason: 'version 3 cannot apply' })),
      ),
    );
  const events = () => [1, 2, 3, 4].map((v) => transportedEvent('case-1', v, v + 10));

  it('are on disk when the delivery that parked them completes, with ids and reason but no event data', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-dead-letters-'));
    const transport = new InProcessTransport(new DeadLetterFile(directory));
    await parkThirds(transport);
    const published = events();
    await transport.publish(published);
    const lines = readFileSync(join(directory, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      at: expect.any(String),
      group: 'projector',
      family: 'case',
      eventId: published[2]!.eventId,
      type: published[2]!.type,
      schemaVersion: published[2]!.schemaVersion,
      streamId: 'case-1',
      version: 3,
      position: 13,
      reason: 'version 3 cannot apply',
    });
    // What the file keeps names no client: neither the event's data nor its personal data.
    expect(lines[0]).not.toContain(JSON.stringify(published[2]!.pii).slice(1, -1));
    expect(lines[0]).not.toContain('"data"');
    await transport.close();
  });

  it('survive a restart, and the replay at boot does not park them twice', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-dead-letters-'));
    const first = new InProcessTransport(new DeadLetterFile(directory));
    await parkThirds(first);
    const published = events();
    await first.publish(published);
    await first.close();

    const second = new InProcessTransport(new DeadLetterFile(directory));
    expect(second.deadLetters.list().map((r) => r.eventId)).toEqual([published[2]!.eventId]);
    await parkThirds(second);
    await second.publish(published);
    // Another group parking the same event is a dead letter of its own.
    await parkThirds(second, 'other');
    await second.publish(published);
    expect(second.deadLetters.list().map((r) => `${r.group}:${r.version}`)).toEqual([
      'projector:3',
      'other:3',
    ]);
    await second.close();
    expect(new DeadLetterFile(directory).count).toBe(2);
  });

  it('reads past a torn last line and keeps appending on a line of its own', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-dead-letters-'));
    const first = new DeadLetterFile(directory);
    await first.record('projector', 'case', [{ event: transportedEvent('case-1', 1, 1), reason: 'r' }]);
    first.close();
    appendFileSync(join(directory, DEAD_LETTER_FILE), '{"at":"2026-');
    const second = new DeadLetterFile(directory);
    expect({ count: second.count, unreadable: second.unreadable }).toEqual({ count: 1, unreadable: 1 });
    await second.record('projector', 'case', [{ event: transportedEvent('case-2', 1, 2), reason: 'r' }]);
    second.close();
    expect(new DeadLetterFile(directory).list().map((r) => r.streamId)).toEqual(['case-1', 'case-2']);
  });

  it('fails the delivery when the dead letter cannot be kept, so the publish is retried', async () => {
    const letters = new DeadLetterFile(mkdtempSync(join(tmpdir(), 'casetrail-dead-letters-')));
    const transport = new InProcessTransport(letters);
    await parkThirds(transport);
    letters.close();
    await expect(transport.publish(events())).rejects.toThrow(/closed/);
    await transport.close();
  });
});
