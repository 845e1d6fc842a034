import {
  closeSync,
  existsSync,
  fdatasync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  write,
  writeSync,
} from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { StoredEvent } from '../event-store.port';

/**
 * Append-only, fsync'd journal of commits: one line per commit, `<crc32> <json>`.
 *
 * Group commit: appends that arrive while a write and fdatasync are under way wait and go
 * together in the next one (those of one turn share the first), so N concurrent appends cost
 * one or two syncs, not N. An append is acknowledged only once the fdatasync that covers its
 * line has returned.
 *
 * A crash can only tear the last line (nothing after it was acknowledged); opening cuts a
 * torn last line off and keeps its bytes beside the journal. Any damaged line before the last
 * means the file was damaged after the fact: opening refuses, naming the line, its byte offset
 * and the repair command, rather than silently dropping every later commit.
 */

/** The two calls on the hot path, replaceable so tests can count and hold syncs. */
export interface JournalFs {
  /** Writes from `offset` of `data` at the end of the file; resolves to the bytes written. */
  write: (fd: number, data: Buffer, offset: number) => Promise<number>;
  fdatasync: (fd: number) => Promise<void>;
}

export const nodeJournalFs: JournalFs = {
  write: (fd, data, offset) =>
    new Promise((resolve, reject) =>
      write(fd, data, offset, data.length - offset, null, (error, written) =>
        error ? reject(error) : resolve(written),
      ),
    ),
  fdatasync: (fd) =>
    new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
};

export const JOURNAL_FILE = 'events.journal';

/** The command that moves damaged lines aside, for messages that send the operator there. */
export const journalRepairCommand = (directory: string): string =>
  `npm run casetrail -- journal repair --data-dir ${directory}`;

/** Another live process holds the journal: only one may append to it. */
export class JournalInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly pid: number,
  ) {
    super(`Journal ${directory} is in use by process ${pid}`);
    this.name = 'JournalInUseError';
  }
}

/** A line that fails its checksum (or is cut short, or is out of order), where it starts. */
export interface DamagedLine {
  /** 1-based line number. */
  readonly line: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** Bytes of the line, its newline excluded. */
  readonly length: number;
}

/** A damaged line before the last: refuse to open rather than lose the commits after it. */
export class JournalDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly damaged: readonly DamagedLine[],
    readonly repairCommand: string,
  ) {
    const first = damaged[0]!;
    super(
      `Journal ${file} is damaged at byte offset ${first.offset} (line ${first.line})` +
        (damaged.length > 1 ? ` and ${damaged.length - 1} more line(s)` : '') +
        ' (a wrong checksum or a commit out of order), before its last line, so this is not a write torn by a crash (that would only be the last line, ' +
        'which is cut off at start-up). Refusing to start rather than drop the commits after it. ' +
        `Stop every process using the journal, then run: ${repairCommand} ` +
        '(it moves the damaged lines to a file beside the journal and keeps every intact commit).',
    );
    this.name = 'JournalDamagedError';
  }
}

/** The journal could not be written or synced: its state on disk is unknown, so it takes no more appends. */
export class JournalFailedError extends Error {
  constructor(file: string, cause: unknown) {
    super(
      `Journal ${file} failed to write or sync (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'nothing more is appended until the process restarts and reopens it',
      { cause },
    );
    this.name = 'JournalFailedError';
  }
}

/** A torn last line that opening cut off, and where its bytes were kept. */
export interface TornTail extends DamagedLine {
  readonly keptIn: string;
}

interface ScannedLine extends DamagedLine {
  /** The commit, or null when the line is damaged. */
  readonly commit: StoredEvent[] | null;
  /** Whether a newline ends it (a torn write often lacks one). */
  readonly terminated: boolean;
  /** Checksummed but out of order: never a torn write. */
  readonly outOfOrder: boolean;
}

const checksum = (json: string) => crc32(json).toString(16).padStart(8, '0');

/** A commit's line, from the commit as JSON. */
const journalLine = (json: string): string => `${checksum(json)} ${json}\n`;

const parse = (line: Buffer): StoredEvent[] | null => {
  const text = line.toString('utf8');
  if (text.indexOf(' ') !== 8) return null;
  const json = text.slice(9);
  if (checksum(json) !== text.slice(0, 8)) return null;
  try {
    const commit: unknown = JSON.parse(json);
    return Array.isArray(commit) && commit.length > 0 ? (commit as StoredEvent[]) : null;
  } catch {
    return null;
  }
};

/**
 * Whether a checksummed commit fits after those kept before it: one stream, consecutive
 * versions and positions inside it, each above what came before (versions may skip where a
 * repair moved a commit aside, never go back). A line copied twice or journals joined fail here.
 */
const fitsAfter = (
  commit: readonly StoredEvent[],
  lastPosition: number,
  versions: ReadonlyMap<string, number>,
): boolean => {
  const first = commit[0]!;
  if (typeof first.streamId !== 'string' || !Number.isInteger(first.position)) return false;
  if (first.position <= lastPosition || first.version <= (versions.get(first.streamId) ?? 0)) return false;
  return commit.every(
    (e, i) =>
      e.streamId === first.streamId && e.position === first.position + i && e.version === first.version + i,
  );
};

/** Every line of a journal's bytes, the unterminated end (if any) included. */
const scan = (content: Buffer): ScannedLine[] => {
  const lines: ScannedLine[] = [];
  const versions = new Map<string, number>();
  let lastPosition = 0;
  for (let start = 0, line = 1; start < content.length; line++) {
    const newline = content.indexOf(0x0a, start);
    const end = newline < 0 ? content.length : newline;
    const parsed = parse(content.subarray(start, end));
    const commit = parsed && fitsAfter(parsed, lastPosition, versions) ? parsed : null;
    if (commit) {
      const last = commit[commit.length - 1]!;
      lastPosition = last.position;
      versions.set(last.streamId, last.version);
    }
    lines.push({
      line,
      offset: start,
      length: end - start,
      commit,
      terminated: newline >= 0,
      outOfOrder: parsed !== null && commit === null,
    });
    start = end + 1;
  }
  return lines;
};

const fsyncDirectory = (directory: string) => {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Writes a new file whole and durably (its bytes and its name). */
const writeDurably = (file: string, data: Buffer) => {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDirectory(join(file, '..'));
};

/** A name beside the journal that no earlier repair or recovery has taken. */
const asideFile = (file: string, kind: 'torn' | 'damaged'): string => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const candidate = `${file}.${kind}-${stamp}${n ? `-${n}` : ''}`;
    if (!existsSync(candidate)) return candidate;
  }
};

/** Two processes appending to one journal would interleave positions: refuse the second. */
const takeLock = (directory: string): string => {
  const lockFile = join(directory, 'LOCK');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new JournalInUseError(directory, pid);
    unlinkSync(lockFile);
  }
  const fd = openSync(lockFile, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return lockFile;
};

const releaseLock = (lockFile: string) => {
  if (existsSync(lockFile)) unlinkSync(lockFile);
};

interface Pending {
  readonly line: Buffer;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class Journal {
  private fd: number | null = null;
  private readonly file: string;
  private lockFile: string | null = null;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failure: JournalFailedError | null = null;
  /** The torn last line the last `open` cut off, if any. */
  tornTail: TornTail | null = null;

  constructor(
    readonly directory: string,
    private readonly fs: JournalFs = nodeJournalFs,
  ) {
    this.file = join(directory, JOURNAL_FILE);
  }

  /** Opens the journal (taking an exclusive lock) and returns the commits it holds. */
  open(): StoredEvent[][] {
    mkdirSync(this.directory, { recursive: true });
    this.lockFile = takeLock(this.directory);
    try {
      return this.recover();
    } catch (error) {
      releaseLock(this.lockFile);
      this.lockFile = null;
      throw error;
    }
  }

  private recover(): StoredEvent[][] {
    const content = existsSync(this.file) ? readFileSync(this.file) : Buffer.alloc(0);
    const lines = scan(content);
    const damaged = lines.filter((l) => l.commit === null);
    const last = lines.at(-1);
    const torn = damaged.length === 1 && damaged[0] === last && !last?.outOfOrder ? last : null;
    if (damaged.length > 0 && !torn)
      throw new JournalDamagedError(
        this.file,
        damaged.map(({ line, offset, length }) => ({ line, offset, length })),
        journalRepairCommand(this.directory),
      );
    this.fd = openSync(this.file, 'a+');
    if (torn) {
      // Never acknowledged (its sync had not returned), but kept: bytes are not ours to destroy.
      const keptIn = asideFile(this.file, 'torn');
      writeDurably(keptIn, content.subarray(torn.offset));
      ftruncateSync(this.fd, torn.offset);
      fsyncSync(this.fd);
      this.tornTail = { line: torn.line, offset: torn.offset, length: torn.length, keptIn };
    } else if (last && !last.terminated) {
      // Intact but for its newline: end it, or the next line would run into it.
      writeSync(this.fd, '\n');
      fsyncSync(this.fd);
    }
    return lines.flatMap((l) => (l.commit ? [l.commit] : []));
  }

  /**
   * Resolves once the commit (given as its JSON, which the store has at hand) is durable; a
   * failed write or sync rejects it and every later append.
   */
  append(commitJson: string): Promise<void> {
    if (this.fd === null) return Promise.reject(new Error('Journal is not open'));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line: Buffer.from(journalLine(commitJson)), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** One write and one sync for everything queued, again while more arrived meanwhile. */
  private async flush(): Promise<void> {
    // Appends made in the same turn (one request's, or a burst's) join this first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const data = batch.length === 1 ? batch[0]!.line : Buffer.concat(batch.map((p) => p.line));
        for (let offset = 0; offset < data.length;) offset += await this.fs.write(this.fd!, data, offset);
        await this.fs.fdatasync(this.fd!);
      } catch (error) {
        // After a failed fsync the kernel may have dropped the dirty pages: retrying could
        // acknowledge a write that is not on disk. Stop taking appends instead.
        this.failure = new JournalFailedError(this.file, error);
        for (const pending of [...batch, ...this.queue]) pending.reject(this.failure);
        this.queue = [];
        break;
      }
      // In order: the store makes commits visible as their appends resolve.
      for (const pending of batch) pending.resolve();
    }
    this.flushing = null;
  }

  /** Waits for appends under way, then releases the file and the lock. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.lockFile) releaseLock(this.lockFile);
    this.lockFile = null;
  }
}

/** What `repairJournal` did. */
export interface JournalRepair {
  readonly file: string;
  /** The damaged lines, now in `movedTo` in the same order; empty when nothing needed repair. */
  readonly moved: readonly DamagedLine[];
  readonly movedTo: string | null;
  /** Intact commits kept in the journal. */
  readonly commitsKept: number;
  /** Global positions no kept commit holds: what the damaged lines most likely held. */
  readonly missingPositions: readonly { readonly from: number; readonly to: number }[];
  /** Streams whose kept events skip versions (ids only: stream ids name no client). */
  readonly streamsWithGaps: readonly {
    readonly streamId: string;
    readonly from: number;
    readonly to: number;
  }[];
}

/**
 * Moves every damaged line of the journal in `directory` to a new file beside it (never
 * deleting a byte) and keeps every intact commit, in order. Takes the journal's lock, so it
 * refuses while an app holds the journal. The new journal replaces the old by rename, after
 * both the moved lines and the new journal are synced: a crash during repair leaves either
 * the old journal or the repaired one.
 */
export const repairJournal = (directory: string): JournalRepair => {
  const file = join(directory, JOURNAL_FILE);
  if (!existsSync(file)) throw new Error(`No journal at ${file}`);
  const lockFile = takeLock(directory);
  try {
    const content = readFileSync(file);
    const lines = scan(content);
    const damaged = lines.filter((l) => l.commit === null);
    const kept = lines.flatMap((l) => (l.commit ? [l.commit] : []));
    const repair = { file, commitsKept: kept.length, ...gaps(kept) };
    if (damaged.length === 0) return { ...repair, moved: [], movedTo: null };
    const movedTo = asideFile(file, 'damaged');
    const line = (l: ScannedLine) => content.subarray(l.offset, l.offset + l.length);
    writeDurably(movedTo, Buffer.concat(damaged.flatMap((l) => [line(l), Buffer.from('\n')])));
    const next = `${file}.repairing`;
    if (existsSync(next)) unlinkSync(next);
    writeDurably(
      next,
      Buffer.concat(lines.filter((l) => l.commit).flatMap((l) => [line(l), Buffer.from('\n')])),
    );
    renameSync(next, file);
    fsyncDirectory(directory);
    return {
      ...repair,
      moved: damaged.map(({ line: n, offset, length }) => ({ line: n, offset, length })),
      movedTo,
    };
  } finally {
    releaseLock(lockFile);
  }
};

const gaps = (commits: readonly (readonly StoredEvent[])[]) => {
  const missingPositions: { from: number; to: number }[] = [];
  const streamsWithGaps: { streamId: string; from: number; to: number }[] = [];
  const versions = new Map<string, number>();
  let position = 0;
  for (const event of commits.flat()) {
    if (event.position > position + 1) missingPositions.push({ from: position + 1, to: event.position - 1 });
    position = Math.max(position, event.position);
    const version = versions.get(event.streamId) ?? 0;
    if (event.version > version + 1)
      streamsWithGaps.push({ streamId: event.streamId, from: version + 1, to: event.version - 1 });
    versions.set(event.streamId, Math.max(version, event.version));
  }
  return { missingPositions, streamsWithGaps };
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A journal line as verify reads it: its commit when checksummed and parsed, in or out of order. */
export interface JournalLineRead extends DamagedLine {
  /** Null when the line fails its checksum or is not a commit. */
  readonly commit: StoredEvent[] | null;
  /** Whether a newline ends it (a torn last write often lacks one). */
  readonly terminated: boolean;
}

/**
 * Every line of the journal in `directory`, read without opening it (no lock, no cut, no refusal),
 * so that verify can judge a journal the store refuses to open. Order is left to the reader to judge.
 */
export const readJournalLines = (directory: string): JournalLineRead[] => {
  const file = join(directory, JOURNAL_FILE);
  const content = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  const lines: JournalLineRead[] = [];
  for (let start = 0, line = 1; start < content.length; line++) {
    const newline = content.indexOf(0x0a, start);
    const end = newline < 0 ? content.length : newline;
    const commit = parse(content.subarray(start, end));
    lines.push({ line, offset: start, length: end - start, commit, terminated: newline >= 0 });
    start = end + 1;
  }
  return lines;
};
