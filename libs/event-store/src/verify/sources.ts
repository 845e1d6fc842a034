import type { Db } from 'mongodb';
import type { StoredEvent } from '../event-store.port';
import { readJournalLines } from '../local/journal';
import { PAGE_SIZE, type PassedHole } from '../mongo/mongo-event-store';

/** One thing a raw walk of the store finds, in stored order. */
export type RawRecord =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  /**
   * A journal line that fails its checksum or is no commit: which events it held is unknown.
   * `torn`: the unterminated last line, a write under way or cut by a crash (never acknowledged:
   * the store cuts it off at open), so no part of the history.
   */
  | {
      readonly kind: 'damaged';
      readonly line: number;
      readonly offset: number;
      readonly length: number;
      readonly torn: boolean;
    }
  /** A passed hole the MongoDB store recorded: positions `from`..`to - 1` skipped by its readers. */
  | { readonly kind: 'hole'; readonly from: number; readonly to: number; readonly reason: string };

/**
 * The store as stored, for verify: no upcasting (it changes `data` and `schemaVersion`, which the
 * hashes cover), no opening of sealed values, and no refusal to read a damaged store.
 */
export interface RawEventSource {
  /** What the store holds, in stored order; with `streamId`, only that stream's events. */
  records(streamId?: string): AsyncIterable<RawRecord>;
}

/** The embedded journal in `directory`, read line by line, also when the store would refuse to open it. */
export const journalSource = (directory: string): RawEventSource => ({
  // eslint-disable-next-line @typescript-eslint/require-await
  async *records(streamId?: string) {
    const lines = readJournalLines(directory);
    for (const line of lines) {
      if (!line.commit) {
        const torn = line === lines.at(-1) && !line.terminated;
        if (streamId === undefined)
          yield { kind: 'damaged', line: line.line, offset: line.offset, length: line.length, torn } as const;
        continue;
      }
      for (const event of line.commit)
        if (streamId === undefined || event.streamId === streamId) yield { kind: 'event', event } as const;
    }
  },
});

interface RawCommit {
  _id: number;
  streamId: string;
  page: number;
  count: number;
  events?: StoredEvent[];
  hole?: PassedHole;
}

/**
 * The MongoDB `events` collection, walked by `page` with equality (what FerretDB pushes down), up
 * to the page of the last commit there when the walk began; one stream by its indexed `streamId`.
 */
export const mongoSource = (db: Db, collectionName = 'events'): RawEventSource => {
  const commits = db.collection<RawCommit>(collectionName);
  const toRecords = function* (doc: RawCommit): Generator<RawRecord> {
    if (doc.hole) {
      yield { kind: 'hole', from: doc.hole.from, to: doc.hole.to, reason: doc.hole.reason };
      return;
    }
    for (const event of doc.events ?? []) yield { kind: 'event', event };
  };
  return {
    async *records(streamId?: string) {
      if (streamId !== undefined) {
        const docs = (await commits.find({ streamId }).toArray()).sort((a, b) => a._id - b._id);
        for (const doc of docs) yield* toRecords(doc);
        return;
      }
      const [last] = await commits
        .find({}, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .limit(1)
        .toArray();
      if (!last) return;
      for (let page = 0; page <= Math.floor(last._id / PAGE_SIZE); page++) {
        const docs = (await commits.find({ page }).toArray()).sort((a, b) => a._id - b._id);
        for (const doc of docs) yield* toRecords(doc);
      }
    },
  };
};
