import { SingleBar } from 'cli-progress';
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

export interface ProgressOptions {
  readonly intervalMs?: number;
  readonly now?: () => number;
  /** Machine mode: no bar, a JSON line per interval instead (a diagnostic, never a result). */
  readonly json?: boolean;
}

/**
 * On a terminal, a `cli-progress` bar redrawn in place (at most ten times a second) in the
 * format of formatProgressLine; elsewhere (a log, a pipe, --json), a line every `intervalMs`,
 * since a log reader greps lines rather than watching a bar. The first and the last state are
 * always shown.
 */
export class ProgressBar {
  private lastDrawn = Number.NEGATIVE_INFINITY;
  private pending: { label: string; snapshot: ProgressSnapshot } | null = null;
  private bar: SingleBar | null = null;

  constructor(
    private readonly out: ProgressStream,
    private readonly options: ProgressOptions = {},
  ) {}

  private get onTerminal(): boolean {
    return this.out.isTTY === true && this.options.json !== true;
  }

  update(label: string, snapshot: ProgressSnapshot): void {
    if (this.onTerminal) return this.drawBar(label, snapshot);
    const now = (this.options.now ?? (() => performance.now()))();
    if (now - this.lastDrawn < (this.options.intervalMs ?? 2000)) {
      this.pending = { label, snapshot };
      return;
    }
    this.lastDrawn = now;
    this.writeLine(label, snapshot);
  }

  /** Shows the last state if it was held back, and ends the line; the bar can then start again. */
  end(): void {
    if (this.bar !== null) {
      this.bar.stop();
      this.bar = null;
    }
    if (this.pending !== null) this.writeLine(this.pending.label, this.pending.snapshot);
    this.lastDrawn = Number.NEGATIVE_INFINITY;
  }

  private drawBar(label: string, snapshot: ProgressSnapshot): void {
    const payload = { label, snapshot };
    if (this.bar === null) {
      this.bar = new SingleBar({
        // cli-progress draws to any stream with isTTY and write (readline adds the cursor moves).
        stream: this.out as unknown as NodeJS.WritableStream,
        format: (_options, _params, p: typeof payload) => formatProgressLine(p.label, p.snapshot),
        fps: 10,
        hideCursor: false,
        clearOnComplete: false,
        stopOnComplete: false,
        linewrap: false,
        synchronousUpdate: true,
      });
      this.bar.start(snapshot.head, snapshot.position, payload);
      return;
    }
    this.bar.setTotal(snapshot.head);
    this.bar.update(snapshot.position, payload);
  }

  private writeLine(label: string, snapshot: ProgressSnapshot): void {
    this.pending = null;
    this.out.write(
      this.options.json
        ? `${JSON.stringify({ level: 'info', msg: 'progress', label, ...snapshot })}\n`
        : `${formatProgressLine(label, snapshot)}\n`,
    );
  }
}
