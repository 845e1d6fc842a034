import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, replaceFileDurably } from './durable-file';
import { KEYS_FILE_NAME, PROTECTION_DIR_NAME } from './master-key';
import { MemoryProtectionStore, type IndexEntry, type StoreFile } from './memory-protection-store';
import type { ErasureRecord, MergeRecord } from './protection.port';
import type { KeyDoc, RotationMarker } from './protection-store.port';

const FILES: Record<StoreFile, string> = {
  keys: KEYS_FILE_NAME,
  index: 'client-index.jsonl',
  erasures: 'erasures.jsonl',
  rotation: 'rotation.jsonl',
  merges: 'merges.jsonl',
};

/** A line before the last that does not parse: the file was damaged after it was written. */
export class ProtectionStoreDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}: line ${line} is damaged; the protection store refuses to open`);
    this.name = 'ProtectionStoreDamagedError';
  }
}

/**
 * Embedded mode: `<dataDir>/protection/`, one JSON-lines file per kind, each line a whole record that
 * replaces any earlier one with its id, fsynced before the call returns. Appending keeps a write to one
 * line; destroying a key or index entries (and compacting after a rotation) rewrites the file from the
 * maps instead, because the point of destroying is that the bytes are gone from disk, not superseded.
 * One process at a time: the embedded app holds the data dir's lock.
 */
export class FileProtectionStore extends MemoryProtectionStore {
  readonly #fds = new Map<StoreFile, number>();

  private constructor(readonly directory: string) {
    super();
  }

  static open(dataDir: string): FileProtectionStore {
    const directory = join(dataDir, PROTECTION_DIR_NAME);
    const created = !existsSync(directory);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (created) fsyncDirectory(dataDir);
    const store = new FileProtectionStore(directory);
    store.load();
    return store;
  }

  protected override recorded(file: StoreFile, record: unknown): void {
    const fd = this.fd(file);
    writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  }

  protected override rewritten(file: StoreFile): void {
    this.closeFd(file);
    replaceFileDurably(this.path(file), this.lines(file));
  }

  override close(): Promise<void> {
    for (const file of [...this.#fds.keys()]) this.closeFd(file);
    return Promise.resolve();
  }

  private lines(file: StoreFile): string {
    const records: unknown[] =
      file === 'keys'
        ? [...this.keys.values()]
        : file === 'index'
          ? [...this.index.values()]
          : file === 'erasures'
            ? [...this.erasures.values()]
            : file === 'merges'
              ? [...this.merges.values()]
              : this.rotation
                ? [this.rotation]
                : [];
    return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  }

  private load(): void {
    for (const doc of this.read<KeyDoc>('keys')) this.keys.set(doc.kid, doc);
    for (const e of this.read<IndexEntry>('index')) this.index.set(`${e.entry}|${e.clientId}`, e);
    for (const r of this.read<ErasureRecord>('erasures')) this.erasures.set(r.clientId, r);
    for (const m of this.read<RotationMarker>('rotation')) this.rotation = m;
    for (const m of this.read<MergeRecord>('merges')) this.merges.set(m.duplicateClientId, m);
  }

  /** A torn last line (a crash mid-write: never acknowledged) is cut off; any other damage refuses. */
  private read<T>(file: StoreFile): T[] {
    const path = this.path(file);
    if (!existsSync(path)) return [];
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const records: T[] = [];
    let torn = false;
    lines.forEach((line, i) => {
      if (line === '') return;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        const last = i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '');
        if (!last) throw new ProtectionStoreDamagedError(path, i + 1);
        torn = true;
      }
    });
    if (torn || (text !== '' && !text.endsWith('\n')))
      replaceFileDurably(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return records;
  }

  private path(file: StoreFile): string {
    return join(this.directory, FILES[file]);
  }

  private fd(file: StoreFile): number {
    let fd = this.#fds.get(file);
    if (fd === undefined) {
      const isNew = !existsSync(this.path(file));
      fd = openSync(this.path(file), 'a', 0o600);
      if (isNew) fsyncDirectory(this.directory);
      this.#fds.set(file, fd);
    }
    return fd;
  }

  private closeFd(file: StoreFile): void {
    const fd = this.#fds.get(file);
    if (fd !== undefined) closeSync(fd);
    this.#fds.delete(file);
  }
}
