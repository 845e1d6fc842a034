import {
  verifyStore,
  type AnchorMac,
  type AnchorStore,
  type RawEventSource,
  type VerifyReport,
} from '@casetrail/event-store';
import { EXIT_FAILURE, type Output } from './cli-error';

export interface VerifyCommand {
  /** The store as stored: `journalSource(dataDir)` or `mongoSource(db)`. */
  readonly source: RawEventSource;
  /** `FileAnchorStore(dataDir)` or `MongoAnchorStore(db)`; with `mac`, the anchors are checked. */
  readonly anchors?: AnchorStore;
  /** `Protection.anchorMac`. */
  readonly mac?: AnchorMac;
  /** `--case <id>`: only that stream's chain (anchors cover the whole log, so they are not checked). */
  readonly caseId?: string;
  readonly json: boolean;
  readonly out: Output;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Ids, numbers and reasons only: a stored event's content may hold client data, and none is printed. */
const describe = (report: VerifyReport, caseId: string | undefined): string[] => {
  const lines: string[] = [];
  for (const link of report.broken)
    lines.push(
      `BROKEN ${link.streamId} at version ${link.version}, position ${link.position}: ${link.reason}`,
    );
  for (const line of report.damaged)
    lines.push(
      `DAMAGED journal line ${line.line} at byte offset ${line.offset} (${line.length} bytes): fails its checksum`,
    );
  for (const hole of report.holes)
    lines.push(
      `HOLE positions ${hole.from}..${hole.to - 1}: ${hole.passed ? `passed by a reader (${hole.reason})` : 'no commit holds them'}`,
    );
  for (const problem of report.anchors.problems)
    lines.push(
      problem.reason === 'damaged'
        ? `ANCHOR unreadable: ${problem.where ?? 'unknown'}`
        : `ANCHOR ${problem.n}: ${problem.reason}`,
    );
  if (report.tornTail)
    lines.push(
      'NOTE the journal ends in an unterminated, unreadable line: a write under way (the app is running) or one a crash tore; it was never acknowledged and is no part of the history (the store cuts it off when it opens).',
    );
  const scope = caseId === undefined ? 'the store' : `case ${caseId}`;
  const problems =
    report.broken.length + report.damaged.length + report.holes.length + report.anchors.problems.length;
  lines.push(
    `${report.ok ? 'OK' : 'FAILED'}: ${scope}, ${plural(report.events, 'event')} in ${plural(report.streams, 'stream')}` +
      (report.ok ? '' : `, ${plural(problems, 'problem')}`) +
      (report.unchainedStreams > 0
        ? `; ${plural(report.unchainedStreams, 'stream')} from before the hash chain (unchained, not checked)`
        : '') +
      '.',
  );
  const anchors = report.anchors;
  if (!anchors.checked)
    lines.push(
      caseId === undefined
        ? 'Anchors not checked (no anchor store or key): a whole stream removed would not show.'
        : 'Anchors not checked: they cover the whole log, not one case.',
    );
  else if (anchors.count === 0)
    lines.push(
      "No anchors yet: a whole stream removed would not show; only the streams' own chains were checked.",
    );
  else
    lines.push(
      `Anchors: ${anchors.count} through position ${anchors.through}, last digest ${anchors.lastDigest ?? ''} ` +
        '(compare it with the one the anchor writer logged: deleting the latest anchors with the events they cover shows only there); ' +
        `${plural(anchors.unanchoredEvents, 'event')} after the last anchor, covered by their streams' chains only.`,
    );
  return lines;
};

/** `verify [--case <id>] [--json]`: exit 0 when every check passes, 1 when anything is broken. */
export const runVerify = async (command: VerifyCommand): Promise<number> => {
  const report = await verifyStore(command.source, {
    streamId: command.caseId,
    anchors: command.anchors,
    mac: command.mac,
  });
  if (command.json) command.out.stdout.write(`${JSON.stringify(report)}\n`);
  else command.out.stdout.write(`${describe(report, command.caseId).join('\n')}\n`);
  return report.ok ? 0 : EXIT_FAILURE;
};
