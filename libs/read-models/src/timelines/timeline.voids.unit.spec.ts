import type { CaseEvent, Recorded } from '@casetrail/domain';
import { CaseStory, SUPERVISOR } from './testing';
import { evolveTimeline } from './timeline.projection';
import { timelinePage, type TimelinePage } from './timeline.queries';
import { plaintextOpener } from '@casetrail/protection';
import type { Timeline } from './timeline-entry';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null)!;

/** A referral (v4) voided at v6, a contact (v5) whose date is corrected at v7. */
const story = () => {
  const told = new CaseStory('case-1')
    .engaged('2025-01-02T09:00:00.000Z')
    .assessed('2025-01-03T09:00:00.000Z')
    .planned('2025-01-04T09:00:00.000Z')
    .referred('2025-01-05T09:00:00.000Z', 'ref-1')
    .contact('2025-01-08T09:00:00.000Z', 'contact-1');
  const [referral, contact] = [told.events[3]!, told.events[4]!];
  return told
    .record(
      'EntryVoided',
      '2025-01-10T09:00:00.000Z',
      { entryId: referral.eventId, entryType: 'ReferralMade', entryVersion: 4 },
      { reason: 'Made on the wrong case.' },
      { actor: SUPERVISOR },
    )
    .record(
      'EntryCorrected',
      '2025-01-11T09:00:00.000Z',
      {
        entryId: contact.eventId,
        entryType: 'ContactRecorded',
        entryVersion: 5,
        occurredAt: '2025-01-01T09:00:00.000Z',
        previousOccurredAt: '2025-01-08T09:00:00.000Z',
      },
      { reason: 'The call was on New Year’s Day.' },
    );
};

describe('the timeline with voids and date corrections', () => {
  const told = story();
  const doc = fold(told.events);
  let page: TimelinePage;
  beforeAll(async () => {
    page = await timelinePage(doc, plaintextOpener, { order: 'asc' });
  });
  const byVersion = (version: number) => page.entries.find((e) => e.version === version)!;

  it('keeps a voided entry, struck through with who voided it and when, and lists the void as its own entry', () => {
    expect(byVersion(4)).toMatchObject({
      type: 'ReferralMade',
      voided: { version: 6, at: '2025-01-10T09:00:00.000Z', by: SUPERVISOR },
      links: { voidedByVersion: 6 },
    });
    // The mark names no reason: free text stays on the void's own entry.
    expect(Object.keys(byVersion(4).voided!).sort()).toEqual(['at', 'by', 'version']);
    expect(byVersion(6)).toMatchObject({
      type: 'EntryVoided',
      category: 'correction',
      voided: null,
      links: { voidsVersion: 4 },
      title: 'Entry voided: referral made of 2025-01-05',
    });
    expect(byVersion(6).detail).toContain('Reason: Made on the wrong case.');
    expect(page.total).toBe(told.events.length);
  });

  it('shows a corrected entry at its corrected date, with the original, and lists the correction', async () => {
    expect(byVersion(5)).toMatchObject({
      occurredAt: '2025-01-01T09:00:00.000Z',
      originalOccurredAt: '2025-01-08T09:00:00.000Z',
      links: { dateCorrectedByVersions: [7] },
      voided: null,
    });
    // Ordered by when it happened, as corrected: before the engagement it was recorded after.
    expect(page.entries[0]!.version).toBe(5);
    expect(byVersion(7)).toMatchObject({
      type: 'EntryCorrected',
      category: 'correction',
      links: { correctsDateOfVersion: 5 },
      title: 'Date corrected: contact recorded on 2025-01-01, not 2025-01-08',
    });
    expect(
      (await timelinePage(doc, plaintextOpener, { from: '2025-01-01', to: '2025-01-02' })).entries.map(
        (e) => e.version,
      ),
    ).toEqual([5]);
  });

  it('as of before the void and the correction, shows the entries as they stood then', async () => {
    const then = await timelinePage(doc, plaintextOpener, { asOf: '2025-01-09T00:00:00.000Z', order: 'asc' });
    expect(then.total).toBe(5);
    const referral = then.entries.find((e) => e.version === 4)!;
    const contact = then.entries.find((e) => e.version === 5)!;
    expect(referral.voided).toBeNull();
    expect(referral.links).not.toHaveProperty('voidedByVersion');
    expect(contact).toMatchObject({ occurredAt: '2025-01-08T09:00:00.000Z', originalOccurredAt: null });
    expect(contact.links).not.toHaveProperty('dateCorrectedByVersions');
    const afterVoid = await timelinePage(doc, plaintextOpener, { asOf: '2025-01-10T12:00:00.000Z' });
    expect(afterVoid.entries.find((e) => e.version === 4)!.voided).toMatchObject({ version: 6 });
  });
});
