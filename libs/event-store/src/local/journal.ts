import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { StoredEvent } from '../event-store.port';

/**
 * Append-only, fsync'd journal of commits: one line per commit, `<crc32> <json>`.
 * A crash can only tear the last line; recovery drops a torn tail, so a commit is
 * either wholly in the journal or not at all.
 */
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

export class Journal {
  private fd: number | null = null;
  private readonly file: string;
  private readonly lockFile: string;

  constructor(readonly directory: string) {
    this.file = join(directory, 'events.journal');
    this.lockFile = join(directory, 'LOCK');
  }

  /** Opens the journal (taking an exclusive lock) and returns the commits it holds. */
  open(): StoredEvent[][] {
    mkdirSync(this.directory, { recursive: true });
    this.takeLock();
    const commits: StoredEvent[][] = [];
    let validBytes = 0;
    if (existsSync(this.file)) {
      const content = readFileSync(this.file);
      let start = 0;
      while (start < content.length) {
        const end = content.indexOf(0x0a, start);
        if (end < 0) break;
        const commit = this.parse(content.subarray(start, end));
        if (!commit) break;
        commits.push(commit);
        validBytes = end + 1;
        start = end + 1;
      }
    }
    this.fd = openSync(this.file, 'a+');
    ftruncateSync(this.fd, validBytes);
    return commits;
  }

  append(commit: readonly StoredEvent[]): void {
    if (this.fd === null) throw new Error('Journal is not open');
    const json = JSON.stringify(commit);
    const line = `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
    writeSync(this.fd, line);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (existsSync(this.lockFile)) unlinkSync(this.lockFile);
  }

  private parse(line: Buffer): StoredEvent[] | null {
    const text = line.toString('utf8');
    const space = text.indexOf(' ');
    if (space !== 8) return null;
    const json = text.slice(space + 1);
    if (crc32(json).toString(16).padStart(8, '0') !== text.slice(0, 8)) return null;
    return JSON.parse(json) as StoredEvent[];
  }

  /** Two processes appending to one journal would interleave positions: refuse the second. */
  private takeLock(): void {
    if (existsSync(this.lockFile)) {
      const pid = Number(readFileSync(this.lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new JournalInUseError(this.directory, pid);
      }
      unlinkSync(this.lockFile);
    }
    const fd = openSync(this.lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
