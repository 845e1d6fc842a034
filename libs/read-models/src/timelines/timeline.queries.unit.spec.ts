import type { CaseEvent, Recorded } from '@casetrail/domain';
import { fullStory } from './testing';
import type { Timeline } from './timeline-entry';
import { evolveTimeline } from './timeline.projection';
import { timelinePage, type TimelinePage } from './timeline.queries';
import { plaintextOpener } from '@casetrail/protection';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null)!;

describe('timelinePage', () => {
  const timeline = fold(fullStory().events);
  const versions = (page: TimelinePage) => page.entries.map((e) => e.version);

  it('orders by when things happened, so a note written up late sits where the contact happened', async () => {
    const page = await timelinePage(timeline, plaintextOpener);
    expect(page.total).toBe(17);
    // The contact (v8) happened on 03-07, before the decline (v6) on 03-08 that was recorded first.
    expect(versions(page)).toEqual([1, 2, 3, 4, 5, 8, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(versions(await timelinePage(timeline, plaintextOpener, { order: 'desc', limit: 4 }))).toEqual([
      17, 16, 15, 14,
    ]);
  });

  it('pages after filtering, and reports the total that matched', async () => {
    const page = await timelinePage(timeline, plaintextOpener, {
      categories: ['referral', 'contact'],
      offset: 2,
      limit: 2,
    });
    expect(page.total).toBe(6);
    expect(versions(page)).toEqual([6, 7]);
    expect((await timelinePage(timeline, plaintextOpener, { offset: 16, limit: 10 })).entries).toHaveLength(
      1,
    );
    expect(await timelinePage(timeline, plaintextOpener, { offset: 30 })).toEqual({ total: 17, entries: [] });
  });

  it('filters by event type; an empty list keeps everything', async () => {
    expect(
      versions(await timelinePage(timeline, plaintextOpener, { types: ['ReferralMade', 'CaseTerminated'] })),
    ).toEqual([5, 7, 16]);
    expect((await timelinePage(timeline, plaintextOpener, { types: [] })).total).toBe(17);
    expect((await timelinePage(timeline, plaintextOpener, { categories: [] })).total).toBe(17);
  });

  it('filters by when things happened on a half-open range, comparing instants not strings', async () => {
    // v3 happened at 2025-03-03T14:00:00.000Z; written without milliseconds and in another zone.
    const march = await timelinePage(timeline, plaintextOpener, {
      from: '2025-03-03T15:00:00+01:00',
      to: '2025-03-08T10:00:00Z',
    });
    expect(versions(march)).toEqual([3, 4, 5, 8]);
    // Calendar days are whole UTC days.
    expect(
      versions(await timelinePage(timeline, plaintextOpener, { from: '2025-05-01', to: '2025-06-01' })),
    ).toEqual([15, 16]);
  });

  it('shows the timeline as it stood on a past date: only what had been recorded by then', async () => {
    // On 03-09 at noon the late home visit note (recorded 03-10) was not yet known.
    const before = await timelinePage(timeline, plaintextOpener, { asOf: '2025-03-09T12:00:00.000Z' });
    expect(versions(before)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // On 03-11 the note and its first correction were known, the second correction was not.
    const after = await timelinePage(timeline, plaintextOpener, { asOf: '2025-03-11T09:00:00.000Z' });
    expect(versions(after)).toEqual([1, 2, 3, 4, 5, 8, 6, 7, 9]);
    expect(after.entries.find((e) => e.version === 8)!.links).toEqual({ correctedByVersions: [9] });
    const earlier = await timelinePage(timeline, plaintextOpener, {
      asOf: '2025-03-10T09:00:00Z',
      types: ['ContactRecorded'],
    });
    expect(earlier.entries[0]!.links).toEqual({});
    // Today, both corrections.
    expect(
      (await timelinePage(timeline, plaintextOpener, { types: ['ContactRecorded'] })).entries[0]!.links,
    ).toEqual({
      correctedByVersions: [9, 10],
    });
  });

  it('combines as-of, a period and a category', async () => {
    const page = await timelinePage(timeline, plaintextOpener, {
      asOf: '2025-04-30T00:00:00Z',
      from: '2025-03-01',
      to: '2025-05-01',
      categories: ['review'],
      order: 'desc',
    });
    expect(versions(page)).toEqual([13, 11]);
  });

  it('rejects a bound that is not a date', async () => {
    await expect(timelinePage(timeline, plaintextOpener, { from: 'last week' })).rejects.toThrow(RangeError);
    await expect(timelinePage(timeline, plaintextOpener, { asOf: '' })).rejects.toThrow(RangeError);
  });
});
