import {
  formatCount,
  formatDuration,
  formatProgress,
  formatProgressLine,
  measure,
  ProgressBar,
  RecentRate,
  type ProgressSnapshot,
} from './progress';

const at = (position: number, head = 50_000): ProgressSnapshot => ({
  position,
  head,
  eventsPerSecond: 3210.4,
  etaSeconds: (head - position) / 3210.4,
});

describe('progress formatting', () => {
  it('shows position, head, percentage, rate and ETA', () => {
    expect(
      formatProgress({ position: 12_345, head: 50_000, eventsPerSecond: 3210.4, etaSeconds: 11.2 }),
    ).toBe('  12,345/50,000  24.7%  3,210 ev/s  ETA 11s');
  });

  it('has no ETA before there is a rate, and is complete on an empty store', () => {
    expect(formatProgress({ position: 0, head: 10, eventsPerSecond: 0, etaSeconds: null })).toBe(
      '  0/10  0.0%  0 ev/s  ETA --',
    );
    expect(formatProgress({ position: 0, head: 0, eventsPerSecond: 0, etaSeconds: null })).toContain(
      '100.0%',
    );
  });

  it('groups thousands whatever the locale, and writes durations in the largest units that help', () => {
    expect(formatCount(1_234_567.4)).toBe('1,234,567');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7380)).toBe('2h03m');
    expect(formatDuration(null)).toBe('--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
  });

  it('draws a bar in proportion, never past full', () => {
    expect(formatProgressLine('timelines', at(25_000), 10)).toMatch(
      /^timelines \[#####-----\] {2}25,000\/50,000 {2}50\.0%/,
    );
    expect(formatProgressLine('x', { ...at(0), position: 60, head: 50 }, 4)).toMatch(
      /^x \[####\] {2}60\/50 {2}100\.0%/,
    );
  });

  it('measures a rate and an ETA from counts and elapsed time', () => {
    expect(measure(1_000, 5_000, 1_000, 2)).toEqual({
      position: 1_000,
      head: 5_000,
      eventsPerSecond: 500,
      etaSeconds: 8,
    });
    expect(measure(0, 5_000, 0, 0)).toMatchObject({ eventsPerSecond: 0, etaSeconds: null });
  });
});

describe('RecentRate', () => {
  it('rates the last window, so that the ETA follows a slowing rebuild', () => {
    let clock = 0;
    const recent = new RecentRate(10_000, () => clock);
    const snapshot = (position: number): ProgressSnapshot => ({
      position,
      head: 20_000,
      eventsPerSecond: clock > 0 ? position / (clock / 1000) : 0,
      etaSeconds: null,
    });
    // Under a second of samples: the snapshot's own figures stand.
    expect(recent.apply(snapshot(0))).toEqual(snapshot(0));
    clock = 500;
    expect(recent.apply(snapshot(500))).toEqual(snapshot(500));
    // 1,000 ev/s for 10 s, then 100 ev/s for 10 s: the window sees only the slow part.
    for (let s = 1; s <= 10; s++) {
      clock = s * 1000;
      recent.apply(snapshot(s * 1000));
    }
    let last = snapshot(0);
    for (let s = 1; s <= 10; s++) {
      clock = 10_000 + s * 1000;
      last = recent.apply(snapshot(10_000 + s * 100));
    }
    expect(snapshot(11_000).eventsPerSecond).toBe(550);
    expect(last.eventsPerSecond).toBeCloseTo(100);
    expect(last.etaSeconds).toBeCloseTo(90);
  });
});

describe('ProgressBar', () => {
  const stream = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, out: { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 } };
  };

  it('off a terminal, writes the first state, then a line per interval, then the last state', () => {
    const { chunks, out } = stream(false);
    let clock = 0;
    const bar = new ProgressBar(out, { intervalMs: 2000, now: () => clock });
    for (const position of [100, 200, 300]) {
      bar.update('caseloads', at(position, 1000));
      clock += 1000;
    }
    bar.update('caseloads', at(1000, 1000));
    bar.end();
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks[0]).toContain(' 100/1,000 ');
    expect(chunks[1]).toContain(' 300/1,000 ');
    expect(chunks[2]).toContain(' 1,000/1,000  100.0%');
  });

  it('on a terminal, draws a cli-progress bar in place in the same format, and ends its line once', () => {
    const { chunks, out } = stream(true);
    const bar = new ProgressBar(out);
    bar.update('timelines', at(10, 20));
    bar.update('timelines', at(20, 20));
    bar.end();
    const drawn = chunks.join('');
    // Redrawn in place: no line ends until the bar stops.
    expect(drawn.slice(0, -1)).not.toContain('\n');
    expect(drawn.endsWith('\n')).toBe(true);
    expect(drawn).toMatch(/timelines \[#{10}-{10}\] {2}10\/20 {2}50\.0% {2}3,210 ev\/s {2}ETA \d+s/);
    expect(drawn).toMatch(/timelines \[#{20}\] {2}20\/20 {2}100\.0% {2}3,210 ev\/s {2}ETA 0s/);
  });

  it('in --json mode, never draws a bar: a JSON line per interval on stderr, even on a terminal', () => {
    const { chunks, out } = stream(true);
    let clock = 0;
    const bar = new ProgressBar(out, { json: true, intervalMs: 2000, now: () => clock });
    bar.update('replay', at(100, 1000));
    clock = 500;
    bar.update('replay', at(1000, 1000));
    bar.end();
    expect(chunks.map((c) => JSON.parse(c))).toEqual([
      { level: 'info', msg: 'progress', label: 'replay', ...at(100, 1000) },
      { level: 'info', msg: 'progress', label: 'replay', ...at(1000, 1000) },
    ]);
  });
});
