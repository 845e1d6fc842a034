import { eventHash } from '../chain/hash-chain';
import type { StoredEvent } from '../event-store.port';
import {
  anchorMacMatches,
  GENESIS_DIGEST,
  RunningDigest,
  type Anchor,
  type AnchorMac,
  type AnchorStore,
} from '../anchoring/anchor';
import type { RawEventSource } from './sources';

export type BrokenReason =
  /** The event's content does not give its stored hash: edited. */
  | 'hash-mismatch'
  /** Its `prevHash` is not the hash of the event before it in the stream: one removed, moved or replaced. */
  | 'prev-mismatch'
  /** Its version skips ahead of the one before it: events removed. */
  | 'version-gap'
  /** Its version is not above the one before it: events reordered or copied. */
  | 'version-order'
  /** No hash after events that had one: stripped. */
  | 'missing-hash'
  /** Its global position is not above the event stored before it: the log reordered. */
  | 'position-order';

/** The first broken link of one stream. Ids and numbers only: never any client data. */
export interface BrokenLink {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly reason: BrokenReason;
}

/** Global positions no event holds. `passed`: a MongoDB reader recorded skipping them (`reason` its record's). */
export interface PositionHole {
  readonly from: number;
  readonly to: number;
  readonly passed: boolean;
  readonly reason: string;
}

export type AnchorProblemReason =
  /** The events of its range no longer give its digest: removed, added, reordered or re-hashed. */
  | 'digest-mismatch'
  /** Its MAC does not match its content: the anchor itself edited or forged. */
  | 'mac-mismatch'
  /** Its `prevDigest` is not the digest of the anchor before it. */
  | 'prev-mismatch'
  /** Numbers 1..N skip this one: an anchor deleted. */
  | 'missing'
  /** Its `through` is below the one before it. */
  | 'through-order'
  /** A stored anchor that could not be read. */
  | 'damaged';

export interface AnchorProblem {
  /** The anchor's number (for `damaged`: 0, and `where` says which). */
  readonly n: number;
  readonly reason: AnchorProblemReason;
  readonly where?: string;
}

export interface AnchorCheck {
  /** False with `--case`: anchors cover the whole log, so one stream cannot be checked against them. */
  readonly checked: boolean;
  readonly count: number;
  /** The last position the anchors cover (0 without anchors). */
  readonly through: number;
  /** The last anchor's digest, to compare with the one its writer logged. */
  readonly lastDigest: string | null;
  /** Events after the last anchor: covered by their streams' chains only. */
  readonly unanchoredEvents: number;
  readonly problems: readonly AnchorProblem[];
}

export interface VerifyReport {
  readonly streams: number;
  readonly events: number;
  /** Streams with no hash at all: written before the chain, neither proven nor broken. */
  readonly unchainedStreams: number;
  /** The first broken link per stream, in the order found. */
  readonly broken: readonly BrokenLink[];
  /** Journal lines that fail their checksum (what they held is unknown). */
  readonly damaged: readonly { readonly line: number; readonly offset: number; readonly length: number }[];
  /** An unterminated, unreadable last journal line: a write under way (verify ran beside the app) or torn by a crash. Not history: the store cuts it at open. */
  readonly tornTail: boolean;
  readonly holes: readonly PositionHole[];
  readonly anchors: AnchorCheck;
  readonly ok: boolean;
}

export interface VerifyOptions {
  /** Only this stream: its chain, not the global positions or anchors. */
  readonly streamId?: string;
  /** Without anchors (or without `mac`), anchors are not checked and reported as such. */
  readonly anchors?: AnchorStore;
  readonly mac?: AnchorMac;
}

interface StreamState {
  version: number;
  /** Hash of the last event, null before the first hashed one. */
  hash: string | null;
  chained: boolean;
  broken: boolean;
}

/** The first problem with `event` as the next of its stream, if any. */
const linkProblem = (state: StreamState | undefined, event: StoredEvent): BrokenReason | null => {
  const previous = state?.version ?? 0;
  if (event.version > previous + 1) return 'version-gap';
  if (event.version <= previous) return 'version-order';
  if (typeof event.hash !== 'string') return state?.chained ? 'missing-hash' : null;
  if (eventHash(event, event.prevHash ?? null) !== event.hash) return 'hash-mismatch';
  // After events from before the chain, the first chained one links to nothing.
  if ((event.prevHash ?? null) !== (state?.hash ?? null)) return 'prev-mismatch';
  return null;
};

/** Checks anchors against the log's events, fed in stored order, as one pass. */
class AnchorVerifier {
  private index = 0;
  private running = new RunningDigest(GENESIS_DIGEST);
  unanchored = 0;

  constructor(
    private readonly anchors: readonly Anchor[],
    private readonly problems: AnchorProblem[],
  ) {}

  add(event: StoredEvent): void {
    while (this.index < this.anchors.length && event.position > this.anchors[this.index]!.through)
      this.close();
    if (this.index < this.anchors.length) this.running.add(event);
    else this.unanchored++;
  }

  /** Anchors whose `through` lies at or past the last event are closed with what was there. */
  finish(): void {
    while (this.index < this.anchors.length) this.close();
  }

  private close(): void {
    const anchor = this.anchors[this.index]!;
    if (this.running.digest() !== anchor.digest || this.running.events !== anchor.events)
      this.problems.push({ n: anchor.n, reason: 'digest-mismatch' });
    // The next range starts from this anchor's digest as stored (its MAC is checked on its own),
    // so one damaged range is named once rather than taking every later anchor with it.
    this.running = new RunningDigest(anchor.digest);
    this.index++;
  }
}

const anchorProblems = (anchors: readonly Anchor[], mac: AnchorMac): AnchorProblem[] => {
  const problems: AnchorProblem[] = [];
  let previous: Anchor | null = null;
  for (const anchor of anchors) {
    for (let n = (previous?.n ?? 0) + 1; n < anchor.n; n++) problems.push({ n, reason: 'missing' });
    if (!anchorMacMatches(anchor, mac)) problems.push({ n: anchor.n, reason: 'mac-mismatch' });
    // A missing anchor's successor cannot link to it: that is already said.
    if (previous?.n === anchor.n - 1 && anchor.prevDigest !== previous.digest)
      problems.push({ n: anchor.n, reason: 'prev-mismatch' });
    if (!previous && anchor.n === 1 && anchor.prevDigest !== GENESIS_DIGEST)
      problems.push({ n: anchor.n, reason: 'prev-mismatch' });
    if (previous && anchor.through < previous.through)
      problems.push({ n: anchor.n, reason: 'through-order' });
    previous = anchor;
  }
  return problems;
};

/**
 * Walks the store as stored and checks every stream's hash chain, the global positions and the
 * anchors. What it proves: see `anchor.ts`; in short, the chains show an edited, removed or
 * reordered event inside a stream, and the anchors show a stream (or a stream's tail) removed
 * before the last anchor. Reads events one at a time: memory grows with the number of streams.
 */
export const verifyStore = async (
  source: RawEventSource,
  options: VerifyOptions = {},
): Promise<VerifyReport> => {
  const streams = new Map<string, StreamState>();
  const broken: BrokenLink[] = [];
  const damaged: { line: number; offset: number; length: number }[] = [];
  const holes: PositionHole[] = [];
  const anchorIssues: AnchorProblem[] = [];
  const whole = options.streamId === undefined;
  const checkAnchors = whole && options.anchors !== undefined && options.mac !== undefined;
  const listing = checkAnchors ? await options.anchors.list() : { anchors: [], damaged: [] };
  for (const where of listing.damaged) anchorIssues.push({ n: 0, reason: 'damaged', where });
  if (checkAnchors) anchorIssues.push(...anchorProblems(listing.anchors, options.mac));
  const anchored = new AnchorVerifier(listing.anchors, anchorIssues);

  let events = 0;
  let position = 0;
  let tornTail = false;
  for await (const record of source.records(options.streamId)) {
    if (record.kind === 'damaged') {
      if (record.torn) {
        tornTail = true;
        continue;
      }
      damaged.push({ line: record.line, offset: record.offset, length: record.length });
      continue;
    }
    if (record.kind === 'hole') {
      if (record.from > position + 1)
        holes.push({ from: position + 1, to: record.from, passed: false, reason: 'positions missing' });
      holes.push({ from: record.from, to: record.to, passed: true, reason: record.reason });
      position = Math.max(position, record.to - 1);
      continue;
    }
    const { event } = record;
    events++;
    const state = streams.get(event.streamId);
    let problem = linkProblem(state, event);
    if (whole) {
      if (event.position > position + 1)
        holes.push({ from: position + 1, to: event.position, passed: false, reason: 'positions missing' });
      if (event.position <= position) problem ??= 'position-order';
      position = Math.max(position, event.position);
      anchored.add(event);
    }
    if (state?.broken) continue;
    if (problem) {
      broken.push({
        streamId: event.streamId,
        version: event.version,
        position: event.position,
        reason: problem,
      });
      streams.set(event.streamId, { version: event.version, hash: null, chained: true, broken: true });
      continue;
    }
    const hashed = typeof event.hash === 'string';
    streams.set(event.streamId, {
      version: event.version,
      hash: hashed ? event.hash : null,
      chained: (state?.chained ?? false) || hashed,
      broken: false,
    });
  }
  anchored.finish();
  const last = listing.anchors.at(-1);
  const anchors: AnchorCheck = {
    checked: checkAnchors,
    count: listing.anchors.length,
    through: last?.through ?? 0,
    lastDigest: last?.digest ?? null,
    unanchoredEvents: checkAnchors ? anchored.unanchored : 0,
    problems: anchorIssues,
  };
  return {
    streams: streams.size,
    events,
    unchainedStreams: [...streams.values()].filter((s) => !s.chained).length,
    broken,
    damaged,
    tornTail,
    holes,
    anchors,
    ok: broken.length === 0 && damaged.length === 0 && holes.length === 0 && anchorIssues.length === 0,
  };
};
