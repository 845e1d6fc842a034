import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamFamily } from '@casetrail/domain';
import type { DeadLetter } from '../transport.port';

export const DEAD_LETTER_FILE = 'dead-letters.jsonl';

/**
 * What is kept of a dead letter: where the event is and why it was parked, never its data or
 * personal data (the event itself stays in the journal, found by its position). So a listing
 * of this file can go to a terminal, a ticket or a log.
 */
export interface DeadLetterRecord {
  /** When it was parked (ISO 8601). */
  readonly at: string;
  readonly group: string;
  readonly family: StreamFamily;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly reason: string;
}

const key = (group: string, eventId: string) => `${group}\u0000${eventId}`;

const isRecord = (value: unknown): value is DeadLetterRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DeadLetterRecord).eventId === 'string' &&
  typeof (value as DeadLetterRecord).group === 'string';

/** The records of a dead-letter file; a line a crash cut short (or otherwise unreadable) is counted, not kept. */
export const readDeadLetters = (
  file: string,
): { readonly records: DeadLetterRecord[]; readonly unreadable: number } => {
  const records: DeadLetterRecord[] = [];
  let unreadable = 0;
  if (!existsSync(file)) return { records, unreadable };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
};

/**
 * Embedded mode's dead letters: an append-only file in the data directory, synced before the
 * delivery that parked them completes, so a dead letter survives a crash and a restart.
 * Embedded mode replays every event at boot, parking the same events again: a dead letter
 * already kept for its group is not written twice. Without a directory, kept in memory (tests).
 */
export class DeadLetterFile {
  readonly file: string | null;
  private readonly records: DeadLetterRecord[] = [];
  private readonly kept = new Set<string>();
  private fd: number | null = null;
  /** Lines found unreadable at open (a torn last line after a crash). */
  readonly unreadable: number = 0;

  constructor(directory: string | null = null) {
    this.file = directory ? join(directory, DEAD_LETTER_FILE) : null;
    if (!directory || !this.file) return;
    mkdirSync(directory, { recursive: true });
    const { records, unreadable } = readDeadLetters(this.file);
    for (const record of records) this.remember(record);
    this.unreadable = unreadable;
    this.fd = openSync(this.file, 'a');
    // A torn last line must not swallow the next record.
    const content = readFileSync(this.file);
    if (content.length > 0 && content[content.length - 1] !== 0x0a) writeSync(this.fd, '\n');
  }

  /** Keeps the letters not already kept for the group; durable when it resolves. */
  record(
    group: string,
    family: StreamFamily,
    letters: readonly DeadLetter[],
    at = new Date(),
  ): Promise<void> {
    const fresh: DeadLetterRecord[] = [];
    for (const { event, reason } of letters) {
      if (this.kept.has(key(group, event.eventId))) continue;
      const record: DeadLetterRecord = {
        at: at.toISOString(),
        group,
        family,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        streamId: event.streamId,
        version: event.version,
        position: event.position,
        reason,
      };
      fresh.push(record);
      // Also between two of one batch: one event parked twice is one dead letter.
      this.kept.add(key(group, event.eventId));
    }
    if (fresh.length === 0) return Promise.resolve();
    try {
      if (this.file !== null && this.fd === null) throw new Error(`Dead-letter file ${this.file} is closed`);
      if (this.fd !== null) {
        writeSync(this.fd, fresh.map((r) => `${JSON.stringify(r)}\n`).join(''));
        fdatasyncSync(this.fd);
      }
    } catch (error) {
      for (const record of fresh) this.kept.delete(key(record.group, record.eventId));
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.records.push(...fresh);
    return Promise.resolve();
  }

  list(): readonly DeadLetterRecord[] {
    return this.records;
  }

  get count(): number {
    return this.records.length;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private remember(record: DeadLetterRecord): void {
    this.records.push(record);
    this.kept.add(key(record.group, record.eventId));
  }
}
