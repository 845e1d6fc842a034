import { join } from 'node:path';
import { DEAD_LETTER_FILE, readDeadLetters, type DeadLetterRecord } from '@casetrail/messaging';
import type { Output } from './cli-error';

const describe = (r: DeadLetterRecord) =>
  `${r.at}  ${r.group}  ${r.streamId} v${r.version}  position ${r.position}  ${r.type} v${r.schemaVersion}  ${r.eventId}  ${r.reason}`;

/**
 * `dead-letters`: what embedded mode parked, from the data directory's dead-letter file. It is
 * append-only, so this reads it while the app runs. Ids, types, versions and reasons only.
 */
export const runDeadLetters = (directory: string, options: { json: boolean }, io: Output): void => {
  const file = join(directory, DEAD_LETTER_FILE);
  const { records, unreadable } = readDeadLetters(file);
  for (const record of records)
    io.stdout.write(`${options.json ? JSON.stringify(record) : describe(record)}\n`);
  io.stderr.write(
    `${records.length} dead letter(s) in ${file}` +
      (unreadable > 0 ? `; ${unreadable} unreadable line(s) (a write cut short by a crash?)` : '') +
      '\n',
  );
};
