/**
 * Query time: an entry's client data opened back into its facts. The only place the timeline reads
 * `pii`, and only for the entries a read answers; the stored document is never changed by it.
 */
import { entry as own, type CaseEvent, type CaseEventType, type IdRecord } from '@casetrail/domain';
import type { OpenedPii, PiiOpener } from '@casetrail/protection';
import type { OpenedTimelineEntry, TimelineContent, TimelineEntry } from './timeline-entry';

type PiiOf<T extends CaseEventType> = Partial<Extract<CaseEvent, { type: T }>['pii']>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Only the descriptions of what the entry lists: any other free text stays unshown. */
const describedBy = (descriptions: IdRecord<string> | undefined, id: string): string | null =>
  descriptions === undefined ? null : text(own(descriptions, id));

/** The facts with the opened client data in place (fields absent from it stay null). */
const filled = (content: TimelineContent, pii: unknown): TimelineContent => {
  switch (content.type) {
    case 'ClientEngaged': {
      const p = pii as PiiOf<'ClientEngaged'>;
      const client = p.client;
      return {
        type: content.type,
        facts: {
          ...content.facts,
          // Not the client's phone, email or address: no entry shows them.
          client:
            client === undefined
              ? null
              : {
                  givenName: client.givenName,
                  familyName: client.familyName,
                  dateOfBirth: client.dateOfBirth,
                },
          presentingConcerns: text(p.presentingConcerns),
        },
      };
    }
    case 'NeedAssessed': {
      const p = pii as PiiOf<'NeedAssessed'>;
      return {
        type: content.type,
        facts: {
          ...content.facts,
          needs: content.facts.needs.map((n) => ({
            ...n,
            description: describedBy(p.descriptions, n.needId),
          })),
          strengths: content.facts.strengths.map((s) => ({
            ...s,
            description: describedBy(p.descriptions, s.strengthId),
          })),
          summary: text(p.summary),
        },
      };
    }
    case 'PlanAmended': {
      const p = pii as PiiOf<'PlanAmended'>;
      return {
        type: content.type,
        facts: {
          ...content.facts,
          goalsAdded: content.facts.goalsAdded.map((g) => ({
            ...g,
            description: describedBy(p.descriptions, g.goalId),
          })),
          reason: text(p.reason),
        },
      };
    }
    case 'CaseNoteCorrected': {
      const p = pii as PiiOf<'CaseNoteCorrected'>;
      return {
        type: content.type,
        facts: { ...content.facts, correctedSummary: text(p.correctedSummary), reason: text(p.reason) },
      };
    }
    case 'ReferralMade':
    case 'ReferralStatusChanged':
    case 'GoalProgressRecorded':
    case 'GoalAchieved':
    case 'ConsentGranted':
    case 'AppointmentScheduled':
    case 'TaskClosed': {
      const p = pii as { readonly note?: unknown };
      return { ...content, facts: { ...content.facts, note: text(p.note) } } as TimelineContent;
    }
    case 'ContactRecorded':
    case 'AdvocacyActionRecorded':
    case 'CaseReviewed':
    case 'CaseTerminated':
    case 'ClosingRequested': {
      const p = pii as { readonly summary?: unknown };
      return { ...content, facts: { ...content.facts, summary: text(p.summary) } } as TimelineContent;
    }
    case 'CaseTransferred':
    case 'CaseReopened':
    case 'EntryVoided':
    case 'EntryCorrected':
    case 'ConsentRevoked':
    case 'AppointmentOutcomeRecorded':
    case 'TransferRequested': {
      const p = pii as { readonly reason?: unknown };
      return { ...content, facts: { ...content.facts, reason: text(p.reason) } } as TimelineContent;
    }
    case 'PlanApproved':
    case 'PlanReturned':
    case 'ClosingApproved':
    case 'ClosingReturned':
    case 'TransferApproved':
    case 'TransferReturned': {
      const p = pii as { readonly comments?: unknown };
      return { ...content, facts: { ...content.facts, comments: text(p.comments) } } as TimelineContent;
    }
    case 'TaskCreated': {
      const p = pii as { readonly title?: unknown };
      return { ...content, facts: { ...content.facts, title: text(p.title) } };
    }
    case 'CaseAssigned':
    case 'ClientDataErased':
    case 'ConsentNarrowed':
    case 'PlanApprovalRequested':
    case 'ItemDueSoon':
      return content;
    case 'HouseholdMemberJoined': {
      const p = pii as {
        readonly givenName?: unknown;
        readonly familyName?: unknown;
        readonly dateOfBirth?: unknown;
      };
      return {
        type: content.type,
        facts: {
          ...content.facts,
          givenName: text(p.givenName),
          familyName: text(p.familyName),
          dateOfBirth: text(p.dateOfBirth),
        },
      };
    }
    case 'NeedIdentified': {
      const p = pii as { readonly description?: unknown };
      return { type: content.type, facts: { ...content.facts, description: text(p.description) } };
    }
    case 'MilestoneMet': {
      const p = pii as { readonly note?: unknown };
      return { type: content.type, facts: { ...content.facts, note: text(p.note) } };
    }
    case 'HouseholdMemberLeft': {
      const p = pii as { readonly note?: unknown };
      return { type: content.type, facts: { ...content.facts, note: text(p.note) } };
    }
    case 'SafetyFlagSet': {
      const p = pii as { readonly reason?: unknown; readonly doNotContact?: unknown };
      const who = Array.isArray(p.doNotContact)
        ? p.doNotContact.flatMap((person: unknown) => {
            const name = text((person as { readonly who?: unknown } | null)?.who);
            return name === null ? [] : [name];
          })
        : [];
      return {
        type: content.type,
        facts: {
          ...content.facts,
          reason: text(p.reason),
          doNotContact: who.length === 0 ? null : who.join(', '),
        },
      };
    }
    case 'SafetyFlagCleared': {
      const p = pii as { readonly reason?: unknown };
      return { type: content.type, facts: { ...content.facts, reason: text(p.reason) } };
    }
    case 'CommunicationNeedsRecorded': {
      const p = pii as { readonly notes?: unknown };
      return { type: content.type, facts: { ...content.facts, notes: text(p.notes) } };
    }
    case 'CaseClientChanged': {
      const p = pii as { readonly reason?: unknown };
      return { type: content.type, facts: { ...content.facts, reason: text(p.reason) } };
    }
    case 'FormAnswered': {
      const p = pii as PiiOf<'FormAnswered'>;
      const opened = p.answers === undefined && p.selections === undefined;
      return {
        type: content.type,
        facts: { ...content.facts, personalAnswers: opened ? null : { ...p.answers, ...p.selections } },
      };
    }
    default: {
      const unknown: never = content;
      return unknown;
    }
  }
};

/**
 * A stored entry as a read shows it, given what opening its `pii` gave (null: it keeps none).
 * Erased: the client-data facts stay null and the entry says so.
 */
export const withClientData = (stored: TimelineEntry, opened: OpenedPii | null): OpenedTimelineEntry => {
  const { pii: _sealed, ...entry } = stored;
  if (opened === null) return { ...entry, clientData: 'present' };
  if (opened.status === 'erased') return { ...entry, clientData: 'erased' };
  const content = filled(entry, opened.pii ?? {});
  return { ...entry, ...content, clientData: 'present' };
};

/** Opens the entries a read answers (and only those), each under its own event id. */
export const openTimelineEntries = (
  entries: readonly TimelineEntry[],
  opener: PiiOpener,
): Promise<OpenedTimelineEntry[]> =>
  Promise.all(
    entries.map(async (e) =>
      withClientData(e, e.pii === undefined ? null : await opener.open(e.eventId, e.pii)),
    ),
  );
