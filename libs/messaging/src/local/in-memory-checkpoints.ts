import type { CheckpointStore } from '../transport.port';

/** Embedded mode rebuilds its read models at every boot, so its publisher starts from 0 too. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();
  load(name: string): Promise<number> {
    return Promise.resolve(this.positions.get(name) ?? 0);
  }
  save(name: string, position: number): Promise<void> {
    this.positions.set(name, position);
    return Promise.resolve();
  }
}
