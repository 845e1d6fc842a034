import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Anchor, AnchorStore } from './anchor';

export const ANCHOR_FILE = 'anchors.jsonl';

const isAnchor = (value: unknown): value is Anchor => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isInteger(v.n) &&
    Number.isInteger(v.through) &&
    Number.isInteger(v.events) &&
    ['digest', 'prevDigest', 'at', 'mac'].every((key) => typeof v[key] === 'string')
  );
};

/**
 * Embedded mode: one JSON line per anchor in `<dataDir>/anchors.jsonl`, synced before `insert`
 * resolves. One process holds the data dir (the journal's lock), so "n taken" is judged from the file.
 */
export class FileAnchorStore implements AnchorStore {
  private readonly file: string;

  constructor(private readonly directory: string) {
    this.file = join(directory, ANCHOR_FILE);
  }

  latest(): Promise<Anchor | null> {
    const { anchors } = this.read();
    return Promise.resolve(anchors.reduce<Anchor | null>((max, a) => (max && max.n >= a.n ? max : a), null));
  }

  list(): Promise<{ anchors: Anchor[]; damaged: string[] }> {
    const { anchors, damaged } = this.read();
    return Promise.resolve({ anchors: [...anchors].sort((a, b) => a.n - b.n), damaged });
  }

  async insert(anchor: Anchor): Promise<boolean> {
    if (((await this.latest())?.n ?? 0) >= anchor.n) return false;
    mkdirSync(this.directory, { recursive: true });
    const content = existsSync(this.file) ? readFileSync(this.file) : Buffer.alloc(0);
    // A torn last line (a crash mid-write) must not swallow this one.
    const separator = content.length > 0 && content[content.length - 1] !== 0x0a ? '\n' : '';
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, `${separator}${JSON.stringify(anchor)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  }

  private read(): { anchors: Anchor[]; damaged: string[] } {
    if (!existsSync(this.file)) return { anchors: [], damaged: [] };
    const anchors: Anchor[] = [];
    const damaged: string[] = [];
    readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          const parsed: unknown = JSON.parse(line);
          if (isAnchor(parsed)) anchors.push(parsed);
          else damaged.push(`${this.file} line ${i + 1}`);
        } catch {
          damaged.push(`${this.file} line ${i + 1}`);
        }
      });
    return { anchors, damaged };
  }
}
