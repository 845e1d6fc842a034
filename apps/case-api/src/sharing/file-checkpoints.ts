import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckpointStore } from '@casetrail/messaging';
import { replaceFileDurably } from '@casetrail/protection';

/**
 * Embedded mode's discloser checkpoint, in `<dataDir>/partner-feeds/checkpoints.json`: the journal
 * outlives a restart, and so must how far the partner feeds got, or every restart resends them all.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'partner-feeds', 'checkpoints.json');
  }

  private read(): Record<string, number> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number>;
  }

  load(name: string): Promise<number> {
    return Promise.resolve(this.read()[name] ?? 0);
  }

  save(name: string, position: number): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true });
    replaceFileDurably(this.file, JSON.stringify({ ...this.read(), [name]: position }));
    return Promise.resolve();
  }
}
