import { JournalInUseError, repairJournal } from '@casetrail/event-store';
import { CliError, type Output } from './cli-error';

const ranges = (list: readonly { from: number; to: number }[]) =>
  list.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');

/**
 * `journal repair`: moves the damaged lines of an embedded journal to a file beside it and
 * keeps every intact commit, then says what it moved and what the log now lacks. Prints
 * offsets, positions and stream ids only: a damaged line's bytes may hold client data.
 */
export const runJournalRepair = (directory: string, io: Output): void => {
  let repair;
  try {
    repair = repairJournal(directory);
  } catch (error) {
    if (error instanceof JournalInUseError)
      throw new CliError(
        `The journal in ${directory} is in use by process ${error.pid} (a running Casetrail?): stop it, then repair.`,
      );
    throw new CliError(
      `Cannot repair the journal in ${directory}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (io.json) {
    const { file, movedTo, moved, commitsKept, missingPositions, streamsWithGaps } = repair;
    io.stdout.write(
      `${JSON.stringify({ file, movedTo, moved, commitsKept, missingPositions, streamsWithGaps })}\n`,
    );
    return;
  }
  if (repair.moved.length === 0) {
    io.stdout.write(
      `${repair.file}: no damaged line, ${repair.commitsKept} commit(s) intact; nothing changed.\n`,
    );
    return;
  }
  const out = [
    `Moved ${repair.moved.length} damaged line(s) of ${repair.file} to ${repair.movedTo}:`,
    ...repair.moved.map((l) => `  line ${l.line}, byte offset ${l.offset}, ${l.length} bytes`),
    `Kept ${repair.commitsKept} intact commit(s) in ${repair.file}, in their order. Nothing was deleted.`,
  ];
  if (repair.missingPositions.length > 0)
    out.push(
      `Positions no kept commit holds (what the damaged lines most likely held): ${ranges(repair.missingPositions)}.`,
    );
  if (repair.streamsWithGaps.length > 0)
    out.push(
      'Streams whose kept events now skip versions (their state lacks those events until they are restored):',
      ...repair.streamsWithGaps.map(
        (g) => `  ${g.streamId} version${g.from === g.to ? ` ${g.from}` : `s ${g.from}-${g.to}`}`,
      ),
    );
  out.push('The journal opens again; start the app.');
  io.stdout.write(`${out.join('\n')}\n`);
};
