import type { DisclosureRecord } from './disclosure-store';
import { legacyPartnerMessageId, partnerMessageId } from './disclosures';
import { compareDisclosures, type RebuiltDisclosure } from './rebuild-disclosures';

const rebuilt = (eventId: string): RebuiltDisclosure => ({
  messageId: partnerMessageId('prt-shelter', eventId, 'disclosure'),
  clientId: 'client-1',
  partnerId: 'prt-shelter',
  caseId: 'case-1',
  eventId,
  eventType: 'ReferralMade',
  kind: 'disclosure',
  consentIds: ['consent-1'],
  categories: ['housing'],
  fields: ['reason'],
  topic: 'casetrail.case-events.v1.partner.prt-shelter',
  position: 1,
});
const recorded = (record: RebuiltDisclosure, messageId = record.messageId): DisclosureRecord => ({
  ...record,
  messageId,
  disclosedAt: '2026-12-01T00:00:00.000Z',
});

describe('compareDisclosures across the change of id scheme', () => {
  it('matches a record made before ids were v5 UUIDs under its former id', () => {
    const before = rebuilt('event-1');
    const after = rebuilt('event-2');
    const stored = [
      recorded(before, legacyPartnerMessageId('prt-shelter', 'event-1', 'disclosure')),
      recorded(after),
    ];
    expect(compareDisclosures([before, after], stored)).toMatchObject({ matching: 2, differences: [] });
  });

  it('still reports a former id that belongs to no message of the rebuild', () => {
    const stored = [
      recorded(rebuilt('event-1'), legacyPartnerMessageId('prt-shelter', 'event-9', 'disclosure')),
    ];
    expect(compareDisclosures([rebuilt('event-1')], stored).differences.map((d) => d.kind)).toEqual([
      'missing',
      'unexpected',
    ]);
  });
});
