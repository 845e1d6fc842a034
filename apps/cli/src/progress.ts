/** Where a rebuild or a replay stands: what `rebuildProjection` reports, and what a replay computes. */
export interface ProgressSnapshot {
  readonly position: number;
  readonly head: number;
  readonly eventsPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  readonly etaSeconds: number | null;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 -> "12,345", whatever the machine's locale. */
export const formatCount = (value: number): string => grouped.format(Math.round(value));

/** 11 -> "11s", 125 -> "2m05s", 7380 -> "2h03m"; unknown -> "--". */
export const formatDuration = (seconds: number | null): string => {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
};

const fraction = (position: number, head: number): number =>
  head <= 0 ? 1 : Math.min(1, Math.max(0, position / head));

/** "  12,345/50,000  24.7%  3,210 ev/s  ETA 11s" */
export const formatProgress = (p: ProgressSnapshot): string =>
  `  ${formatCount(p.position)}/${formatCount(p.head)}  ${(fraction(p.position, p.head) * 100).toFixed(1)}%` +
  `  ${formatCount(p.eventsPerSecond)} ev/s  ETA ${formatDuration(p.etaSeconds)}`;

/** "timelines  [######------]  12,345/50,000 ..." */
export const formatProgressLine = (label: string, p: ProgressSnapshot, width = 20): string => {
  const filled = Math.round(fraction(p.position, p.head) * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${formatProgress(p)}`;
};

/** A snapshot from counts and a clock, for loops that are not `rebuildProjection` (which reports its own). */
export const measure = (
  position: number,
  head: number,
  processed: number,
  elapsedSeconds: number,
): ProgressSnapshot => {
  const eventsPerSecond = elapsedSeconds > 0 ? processed / elapsedSeconds : 0;
  return {
    position,
    head: Math.max(head, position),
    eventsPerSecond,
    etaSeconds: eventsPerSecond > 0 ? Math.max(0, head - position) / eventsPerSecond : null,
  };
};

/**
 * The rate over the last `windowMs` rather than since the start, so that the ETA follows a
 * rebuild that slows down as its collection grows. Until the window spans a second, the
 * snapshot's own figures stand.
 */
export class RecentRate {
  private readonly samples: { readonly at: number; readonly position: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  apply(snapshot: ProgressSnapshot): ProgressSnapshot {
    const at = this.now();
    this.samples.push({ at, position: snapshot.position });
    // Keep the newest sample that is at least a window old as the window's start.
    while (this.samples.length > 2 && at - this.samples[1]!.at >= this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    if (seconds < 1) return snapshot;
    const eventsPerSecond = (snapshot.position - first.position) / seconds;
    return {
      ...snapshot,
      eventsPerSecond,
      etaSeconds:
        eventsPerSecond > 0 ? Math.max(0, snapshot.head - snapshot.position) / eventsPerSecond : null,
    };
  }
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

/**
 * On a terminal, one line redrawn in place (at most ten times a second); elsewhere (a log,
 * a pipe), a line every `intervalMs`. The first and the last state are always shown.
 */
export class ProgressBar {
  private lastDrawn = Number.NEGATIVE_INFINITY;
  private pending: string | null = null;
  private onLine = false;

  constructor(
    private readonly out: ProgressStream,
    private readonly options: { readonly intervalMs?: number; readonly now?: () => number } = {},
  ) {}

  update(label: string, snapshot: ProgressSnapshot): void {
    const line = formatProgressLine(label, snapshot);
    const now = (this.options.now ?? (() => performance.now()))();
    const interval = this.out.isTTY ? 100 : (this.options.intervalMs ?? 2000);
    if (now - this.lastDrawn < interval) {
      this.pending = line;
      return;
    }
    this.lastDrawn = now;
    this.draw(line);
  }

  /** Shows the last state if it was held back, and ends the line; the bar can then start again. */
  end(): void {
    if (this.pending !== null) this.draw(this.pending);
    if (this.onLine) this.out.write('\n');
    this.onLine = false;
    this.lastDrawn = Number.NEGATIVE_INFINITY;
  }

  private draw(line: string): void {
    this.pending = null;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.onLine = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }
}
