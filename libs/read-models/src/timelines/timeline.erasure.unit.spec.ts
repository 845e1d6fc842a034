import type { CaseEvent, Recorded } from '@casetrail/domain';
import { FakeKeys } from '../testing/fake-sealing';
import { fullStory } from './testing';
import type { Timeline } from './timeline-entry';
import { evolveTimeline } from './timeline.projection';
import { timelineClient, timelinePage } from './timeline.queries';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<Timeline, 'version'> | null>((doc, event) => evolveTimeline(doc, event), null)!;

/** Free text and identity the full story's events carry: none may sit in a stored document. */
const PLAINTEXT = [
  'Maria',
  'Lopez',
  '1988-07-14',
  'Discharged from hospital',
  'No tenancy since March',
  'No vouchers left this quarter',
  'discussed the voucher application',
  'district nurse',
  'Thirty-one nights',
  'Tenancy at risk again',
];

const KID = 'client/client-0001';

describe('the timeline over sealed client data', () => {
  const keys = new FakeKeys();
  const story = fullStory();
  const sealed = keys.seal(story.events, KID);
  const doc = fold(sealed);

  it('stores the sealed values exactly as the events carried them, and no plaintext', () => {
    const text = JSON.stringify(doc);
    for (const plain of PLAINTEXT) expect(text).not.toContain(plain);
    for (const entry of doc.entries) {
      const event = sealed.find((e) => e.eventId === entry.eventId)!;
      if (entry.type === 'CaseAssigned') expect(entry).not.toHaveProperty('pii');
      else expect(entry.pii).toEqual(event.pii);
    }
    // Nothing but the sealed values: the document folded from plaintext differs only in them.
    const strip = (d: Omit<Timeline, 'version'>) =>
      JSON.stringify({ ...d, entries: d.entries.map(({ pii: _pii, ...e }) => e) });
    expect(strip(doc)).toEqual(strip(fold(story.events)));
  });

  it('reads as the plaintext timeline does once opened', async () => {
    const plain = fold(story.events);
    const { plaintextOpener } = await import('@casetrail/protection');
    expect(await timelinePage(doc, keys.opener)).toEqual(await timelinePage(plain, plaintextOpener));
    expect(await timelineClient(doc, keys.opener)).toEqual({
      clientId: 'client-0001',
      clientName: 'Maria Lopez',
      clientData: 'present',
    });
  });
});

describe('the timeline after an erasure', () => {
  const keys = new FakeKeys();
  const story = fullStory();
  const sealed = keys.seal(story.events, KID);
  const before = fold(sealed);
  story.erased('2025-07-01T10:00:00.000Z', {
    affects: { eventIds: sealed.map((e) => e.eventId), throughVersion: sealed.length },
  });
  const receipt = story.last;
  const doc = evolveTimeline(before, receipt)!;
  keys.destroy(KID);

  it('shows every entry that held client data as erased, the work it records intact', async () => {
    const page = await timelinePage(doc, keys.opener, { order: 'asc', limit: 100 });
    const text = JSON.stringify(page);
    for (const plain of PLAINTEXT) expect(text).not.toContain(plain);
    const engaged = page.entries.find((e) => e.type === 'ClientEngaged')!;
    expect(engaged).toMatchObject({
      clientData: 'erased',
      title: 'Client engaged in program prog-housing (case CT-case-1)',
    });
    expect(engaged.detail).toBe(
      'Client engaged as case CT-case-1 in program prog-housing, team team-north. ' +
        'Unassigned, awaiting a case manager. Referral source: hospital. ' +
        'Consent to services: yes; to information sharing: yes (with org-housing-authority). ' +
        'The client’s data in this entry was erased; the record of the work stands.',
    );
    const contact = page.entries.find((e) => e.type === 'ContactRecorded')!;
    expect(contact).toMatchObject({
      clientData: 'erased',
      title: 'Home visit with client and professional (45 min)',
      links: { correctedByVersions: [9, 10] },
    });
    expect(contact.detail).not.toContain('Summary');
    // An assignment held no client data: nothing of it was erased.
    expect(page.entries.find((e) => e.type === 'CaseAssigned')).toMatchObject({ clientData: 'present' });
    expect(await timelineClient(doc, keys.opener)).toEqual({
      clientId: 'client-0001',
      clientName: null,
      clientData: 'erased',
    });
  });

  it('lists the receipt as an entry of its own: who, on what basis, how many entries', async () => {
    const page = await timelinePage(doc, keys.opener, { categories: ['erasure'] });
    expect(page.entries).toEqual([
      expect.objectContaining({
        type: 'ClientDataErased',
        category: 'erasure',
        actor: { id: 'admin-1', role: 'administrator' },
        clientData: 'present',
        title: 'Client data erased',
        detail:
          'Erasure erasure-1: the client’s data in 17 earlier entries was destroyed (identity, contact, free text); ' +
          'the record of the work stands. Legal basis: GDPR Art. 17(1)(a): no longer necessary. ' +
          'Requested by: the client, in writing.',
      }),
    ]);
  });

  it('needs no rewrite: the stored entries before the receipt are the ones stored before the erasure', () => {
    expect(doc.entries.slice(0, -1)).toEqual(before.entries);
  });

  it('rebuilds to the same erased document: the same sealed values are copied again', () => {
    expect(fold([...sealed, receipt])).toEqual(doc);
  });
});
