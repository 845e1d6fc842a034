import { maskStoredEvent, seesEverything, type KeptField, type Role } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import type { PiiOpener } from '@casetrail/protection';
import type { ReadableTimelineEntry } from '@casetrail/read-models';

export type MaskedTimelineEntry = ReadableTimelineEntry & { readonly masked: readonly KeptField[] };

/**
 * A page's entries as the reader's role may see them. The entry's words come from its facts, and
 * the facts from its event: an entry whose event has a field the role may not see loses its
 * paragraph (which may quote any field), and its title too when a data field went (titles word
 * data only, never client text). Envelope, category and links stay: the entry exists, and its
 * `masked` list says what was left out. Each masked event is opened again: the walk needs its pii.
 */
export const maskTimelineEntries = async (
  role: Role,
  entries: readonly ReadableTimelineEntry[],
  history: readonly StoredEvent[],
  opener: PiiOpener,
): Promise<MaskedTimelineEntry[]> => {
  if (seesEverything(role)) return entries.map((entry) => ({ ...entry, masked: [] }));
  const byId = new Map(history.map((event) => [event.eventId, event]));
  const masked: MaskedTimelineEntry[] = [];
  for (const entry of entries) {
    const event = byId.get(entry.eventId);
    if (event === undefined) {
      // Not in the stream the policy was decided on: nothing says what it holds.
      masked.push({ ...withheld(entry, true), masked: [{ part: 'data', path: '*', category: null }] });
      continue;
    }
    const opened = await opener.open(event.eventId, event.pii);
    const shown = maskStoredEvent(
      role,
      event.type,
      event.data,
      opened.status === 'present' ? opened.pii : {},
    );
    if (shown.masked.length === 0) {
      masked.push({ ...entry, masked: [] });
      continue;
    }
    const dataWent = shown.masked.some((field) => field.part === 'data');
    masked.push({ ...withheld(entry, dataWent), masked: shown.masked });
  }
  return masked;
};

const withheld = (entry: ReadableTimelineEntry, title: boolean): ReadableTimelineEntry => ({
  ...entry,
  title: title ? `${entry.type}: details withheld for your role` : entry.title,
  detail: 'Details withheld for your role.',
});
