import type {
  Actor,
  CaseEvent,
  CaseEventType,
  GoalTarget,
  IdRecord,
  Participant,
  Recorded,
  ReferralStatus,
  ServiceType,
} from '@casetrail/domain';
import { instant } from '@casetrail/domain';
import { perCaseProjection } from '../projection';
import type { ReadModelDocument } from '../store/read-model-store.port';

export const TIMELINES = 'timelines';

export const TIMELINE_CATEGORIES = [
  'engagement',
  'assessment',
  'planning',
  'referral',
  'contact',
  'review',
  'advocacy',
  'assignment',
  'closure',
] as const;
export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number];

/** Entry versions, so that a reader can jump from an entry to the earlier one it is about. */
export interface TimelineLinks {
  /** CaseNoteCorrected: the contact whose note it corrects (the note itself is never edited). */
  readonly correctsVersion?: number;
  /** ContactRecorded: its corrections, oldest first. */
  readonly correctedByVersions?: readonly number[];
  /** ReferralStatusChanged: where the referral was made. */
  readonly referralVersion?: number;
  /** ReferralMade: the declined, withdrawn or no-show referral this one replaces. */
  readonly replacesReferralVersion?: number;
  /** GoalProgressRecorded, GoalAchieved: the plan amendment that set the goal. */
  readonly goalSetVersion?: number;
  /** CaseReopened: the closing it undoes. */
  readonly reopensClosureVersion?: number;
}

export interface TimelineEntry {
  readonly version: number;
  readonly position: number;
  readonly eventId: string;
  readonly type: CaseEventType;
  readonly category: TimelineCategory;
  readonly title: string;
  readonly detail: string;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Written up more than a day after it happened: documentation standards ask for both times. */
  readonly recordedLate: boolean;
  readonly links: TimelineLinks;
}

/**
 * What later entries need to know about earlier ones, found by the ids their events carry.
 * Kept beside the entries so that evolve stays a single step, not a search of the whole history.
 */
export interface TimelineRefs {
  readonly contacts: IdRecord<{ readonly version: number; readonly label: string }>;
  readonly referrals: IdRecord<{
    readonly version: number;
    readonly serviceType: ServiceType;
    readonly providerId: string;
    readonly status: ReferralStatus | 'made';
  }>;
  readonly goals: IdRecord<{ readonly version: number; readonly target: GoalTarget }>;
  readonly lastClosureVersion: number | null;
}

/** One case's whole record, in the order it was recorded: the case id is the document id. */
export interface Timeline extends ReadModelDocument {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly clientName: string;
  readonly entries: readonly TimelineEntry[];
  readonly refs: TimelineRefs;
}

const LATE_AFTER_MS = 24 * 60 * 60 * 1000;

const lookup = <T>(record: IdRecord<T>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined;

// ---- Wording ----

const words = (code: string): string => code.replace(/_/g, ' ');
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
/** The calendar date as written in the instant, not converted: it is the day the worker meant. */
const dayOf = (iso: string): string => iso.slice(0, 10);

/** Sentences from parts; empty parts (a blank note) are left out rather than shown as "Note: ." */
const paragraph = (...parts: readonly (string | null)[]): string =>
  parts
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');

const labelled = (label: string, text: string): string | null =>
  text.trim() === '' ? null : `${label}: ${text.trim()}`;

const listed = (label: string, items: readonly string[]): string | null =>
  items.length === 0 ? null : `${label}: ${items.join('; ')}`;

/** A description inside a list loses its full stop, or the list would read "March.; mental health". */
const described = (descriptions: IdRecord<string>, id: string): string => {
  const description = lookup(descriptions, id)?.trim().replace(/\.+$/, '');
  return description ? `: ${description}` : '';
};

const target = (t: GoalTarget): string => `${t.metric} ${t.value} ${t.unit}`;

const participant = (p: Participant): string =>
  `${words(p.kind)}${p.id ? ` ${p.id}` : ''}${p.role ? ` (${p.role})` : ''}`;

const referralLabel = (serviceType: ServiceType, providerId: string): string =>
  `${words(serviceType)} provider ${providerId}`;

const STATUS_WORDS: Readonly<Record<ReferralStatus | 'made', string>> = {
  made: 'made',
  accepted: 'accepted',
  declined: 'declined',
  service_started: 'service started',
  completed: 'completed',
  no_show: 'marked no-show',
  withdrawn: 'withdrawn',
};

// ---- Entries ----

type EntryContent = Pick<TimelineEntry, 'category' | 'title' | 'detail' | 'links'>;

interface Step {
  readonly content: EntryContent;
  readonly refs: TimelineRefs;
  /** Earlier entries that gain a back link (a corrected contact). */
  readonly backLinks?: { readonly version: number; readonly correctedBy: number };
}

const EMPTY_REFS: TimelineRefs = { contacts: {}, referrals: {}, goals: {}, lastClosureVersion: null };

/** What the event says, in words; null for an event type this code does not know. */
const describe = (refs: TimelineRefs, event: Recorded<CaseEvent>): Step | null => {
  const only = (content: EntryContent): Step => ({ content, refs });
  switch (event.type) {
    case 'ClientEngaged': {
      const { data, pii } = event;
      const consent = data.consent;
      return only({
        category: 'engagement',
        title: `Client engaged in program ${data.programId} (case ${data.caseNumber})`,
        detail: paragraph(
          `${pii.client.givenName} ${pii.client.familyName}, born ${pii.client.dateOfBirth}, engaged as case ${data.caseNumber} in program ${data.programId}${data.teamId ? `, team ${data.teamId}` : ''}`,
          data.caseManagerId ? `Case manager ${data.caseManagerId}` : 'Unassigned, awaiting a case manager',
          `Referral source: ${words(data.referralSource)}`,
          `Consent to services: ${consent.toServices ? 'yes' : 'no'}; to information sharing: ${
            consent.toInformationSharing
              ? `yes${consent.sharingWith.length > 0 ? ` (with ${consent.sharingWith.join(', ')})` : ''}`
              : 'no'
          }`,
          labelled('Presenting concerns', pii.presentingConcerns),
        ),
        links: {},
      });
    }
    case 'CaseAssigned':
      return only({
        category: 'assignment',
        title: `Case assigned to ${event.data.caseManagerId}`,
        detail: paragraph(`Case manager ${event.data.caseManagerId} made responsible for the case`),
        links: {},
      });
    case 'CaseTransferred':
      return only({
        category: 'assignment',
        title: `Case transferred from ${event.data.fromCaseManagerId} to ${event.data.toCaseManagerId}`,
        detail: paragraph(
          `Responsibility moved from case manager ${event.data.fromCaseManagerId} to ${event.data.toCaseManagerId}`,
          labelled('Reason', event.pii.reason),
        ),
        links: {},
      });
    case 'NeedAssessed': {
      const { data, pii } = event;
      const kind = data.kind === 'initial' ? 'Initial assessment' : 'Reassessment';
      return only({
        category: 'assessment',
        title: `${kind}: ${plural(data.needs.length, 'need')}, ${plural(data.strengths.length, 'strength')}`,
        detail: paragraph(
          listed(
            'Needs',
            data.needs.map(
              (n) => `${words(n.domain)} (${n.severity})${described(pii.descriptions, n.needId)}`,
            ),
          ),
          listed(
            'Strengths',
            data.strengths.map((s) => `${words(s.domain)}${described(pii.descriptions, s.strengthId)}`),
          ),
          listed(
            'Scores',
            data.scores.map((s) => `${s.tool} ${s.score}${s.maxScore === undefined ? '' : `/${s.maxScore}`}`),
          ),
          labelled('Summary', pii.summary),
        ),
        links: {},
      });
    }
    case 'PlanAmended': {
      const { data, pii } = event;
      const changes = [
        data.goalsAdded.length > 0 ? `${data.goalsAdded.length} added` : null,
        data.goalsRevised.length > 0 ? `${data.goalsRevised.length} revised` : null,
        data.goalsDropped.length > 0 ? `${data.goalsDropped.length} dropped` : null,
      ].filter((c): c is string => c !== null);
      const goals = data.goalsAdded.reduce<TimelineRefs['goals']>(
        (all, g) => ({ ...all, [g.goalId]: { version: event.version, target: g.target } }),
        refs.goals,
      );
      return {
        refs: { ...refs, goals },
        content: {
          category: 'planning',
          title:
            data.amendmentNumber === 1
              ? `Service plan agreed with ${plural(data.goalsAdded.length, 'goal')}`
              : `Plan amendment ${data.amendmentNumber}${changes.length > 0 ? `: goals ${changes.join(', ')}` : ''}`,
          detail: paragraph(
            listed(
              'Goals added',
              data.goalsAdded.map(
                (g) =>
                  `${g.goalId} (${words(g.domain)}), ${target(g.target)} by ${g.dueDate}${described(pii.descriptions, g.goalId)}`,
              ),
            ),
            listed(
              'Goals revised',
              data.goalsRevised.map((r) =>
                [
                  r.goalId,
                  r.target ? `target now ${target(r.target)}` : null,
                  r.dueDate ? `due ${r.dueDate}` : null,
                ]
                  .filter((p): p is string => p !== null)
                  .join(', '),
              ),
            ),
            listed('Goals dropped', data.goalsDropped),
            listed(
              'Services',
              data.services.map(
                (s) =>
                  `${words(s.serviceType)}${s.providerId ? ` (${s.providerId})` : ''}${
                    s.goalIds.length > 0 ? ` for ${s.goalIds.join(', ')}` : ''
                  }`,
              ),
            ),
            `Next review ${data.nextReviewDate}`,
            labelled('Reason', pii.reason),
          ),
          links: {},
        },
      };
    }
    case 'ReferralMade': {
      const { data } = event;
      const replaced =
        data.replacesReferralId === null ? undefined : lookup(refs.referrals, data.replacesReferralId);
      return {
        refs: {
          ...refs,
          referrals: {
            ...refs.referrals,
            [data.referralId]: {
              version: event.version,
              serviceType: data.serviceType,
              providerId: data.providerId,
              status: 'made',
            },
          },
        },
        content: {
          category: 'referral',
          title: `Referral to ${referralLabel(data.serviceType, data.providerId)}${
            data.replacesReferralId === null ? '' : `, replacing ${data.replacesReferralId}`
          }`,
          detail: paragraph(
            `Referral ${data.referralId} to ${data.providerId} for ${words(data.serviceType)}${
              data.goalIds.length > 0 ? `, towards ${data.goalIds.join(', ')}` : ''
            }`,
            data.replacesReferralId === null
              ? null
              : `Replaces referral ${data.replacesReferralId}${replaced ? ` (${STATUS_WORDS[replaced.status]})` : ''}`,
            labelled('Note', event.pii.note),
          ),
          links: replaced ? { replacesReferralVersion: replaced.version } : {},
        },
      };
    }
    case 'ReferralStatusChanged': {
      const { data } = event;
      const referral = lookup(refs.referrals, data.referralId);
      const label = referral ? referralLabel(referral.serviceType, referral.providerId) : data.referralId;
      return {
        refs: referral
          ? { ...refs, referrals: { ...refs.referrals, [data.referralId]: { ...referral, status: data.to } } }
          : refs,
        content: {
          category: 'referral',
          title: `Referral to ${label} ${STATUS_WORDS[data.to]}`,
          detail: paragraph(
            `Referral ${data.referralId} moved from ${STATUS_WORDS[data.from]} to ${STATUS_WORDS[data.to]}`,
            labelled('Note', event.pii.note),
          ),
          links: referral ? { referralVersion: referral.version } : {},
        },
      };
    }
    case 'ContactRecorded': {
      const { data } = event;
      const kinds = [...new Set(data.participants.map((p) => words(p.kind)))];
      const label = words(data.contactType);
      return {
        refs: {
          ...refs,
          contacts: {
            ...refs.contacts,
            [data.contactId]: { version: event.version, label: `${label} on ${dayOf(event.occurredAt)}` },
          },
        },
        content: {
          category: 'contact',
          title: `${capitalised(label)}${kinds.length > 0 ? ` with ${kinds.join(' and ')}` : ''}${
            data.durationMinutes === null ? '' : ` (${data.durationMinutes} min)`
          }`,
          detail: paragraph(
            `${capitalised(label)} on ${dayOf(event.occurredAt)}${
              data.durationMinutes === null ? '' : `, ${data.durationMinutes} minutes`
            }`,
            listed('Participants', data.participants.map(participant)),
            labelled('Summary', event.pii.summary),
          ),
          links: {},
        },
      };
    }
    case 'CaseNoteCorrected': {
      const { data, pii } = event;
      const contact = lookup(refs.contacts, data.correctsContactId);
      return {
        refs,
        content: {
          category: 'contact',
          title: `Note corrected: ${contact ? contact.label : `contact ${data.correctsContactId}`}`,
          detail: paragraph(
            labelled('Corrected summary', pii.correctedSummary),
            labelled('Reason', pii.reason),
          ),
          links: contact ? { correctsVersion: contact.version } : {},
        },
        ...(contact ? { backLinks: { version: contact.version, correctedBy: event.version } } : {}),
      };
    }
    case 'GoalProgressRecorded': {
      const { data } = event;
      const goal = lookup(refs.goals, data.goalId);
      return only({
        category: 'review',
        title: `Progress on goal ${data.goalId}: ${words(data.progress)}`,
        detail: paragraph(
          `Goal ${data.goalId}${goal ? ` (${target(goal.target)})` : ''} is ${words(data.progress)}${
            data.measuredValue === null ? '' : `; measured ${data.measuredValue}`
          }`,
          labelled('Note', event.pii.note),
        ),
        links: goal ? { goalSetVersion: goal.version } : {},
      });
    }
    case 'GoalAchieved': {
      const { data } = event;
      const goal = lookup(refs.goals, data.goalId);
      return only({
        category: 'review',
        title: `Goal ${data.goalId} achieved`,
        detail: paragraph(
          `Goal ${data.goalId} achieved${goal ? `; target ${target(goal.target)}` : ''}${
            data.measuredValue === null ? '' : `, measured ${data.measuredValue}`
          }`,
          labelled('Note', event.pii.note),
        ),
        links: goal ? { goalSetVersion: goal.version } : {},
      });
    }
    case 'AdvocacyActionRecorded': {
      const { data } = event;
      return only({
        category: 'advocacy',
        title: `${capitalised(words(data.actionType))} to ${data.targetOrganisation}: ${data.outcome}`,
        detail: paragraph(
          `${capitalised(words(data.actionType))} towards ${data.targetOrganisation}${
            data.goalIds.length > 0 ? ` for ${data.goalIds.join(', ')}` : ''
          }; outcome ${data.outcome}`,
          labelled('Summary', event.pii.summary),
        ),
        links: {},
      });
    }
    case 'CaseReviewed':
      return only({
        category: 'review',
        title: `Case reviewed; next review ${event.data.nextReviewDate}`,
        detail: paragraph(
          listed(
            'Goal progress',
            event.data.goalReviews.map((r) => `${r.goalId} ${words(r.progress)}`),
          ),
          `Next review ${event.data.nextReviewDate}`,
          labelled('Summary', event.pii.summary),
        ),
        links: {},
      });
    case 'CaseTerminated': {
      const { data } = event;
      return {
        refs: { ...refs, lastClosureVersion: event.version },
        content: {
          category: 'closure',
          title: `Case closed: ${words(data.reason)}`,
          detail: paragraph(
            `Closing reason: ${words(data.reason)}`,
            listed(
              'Goal outcomes',
              data.goalOutcomes.map((o) => `${o.goalId} ${words(o.outcome)}`),
            ),
            listed(
              'Ongoing supports',
              data.ongoingSupports.map(
                (s) => `${words(s.serviceType)}${s.providerId ? ` (${s.providerId})` : ''}`,
              ),
            ),
            labelled('Summary', event.pii.summary),
          ),
          links: {},
        },
      };
    }
    case 'CaseReopened':
      return only({
        category: 'closure',
        title: `Case reopened${event.data.caseManagerId ? ` and assigned to ${event.data.caseManagerId}` : ''}`,
        detail: paragraph(labelled('Reason', event.pii.reason)),
        links: refs.lastClosureVersion === null ? {} : { reopensClosureVersion: refs.lastClosureVersion },
      });
    default: {
      // Compile-time exhaustiveness; at run time an unknown (newer) type only moves the version on.
      const _unhandled: never = event;
      return null;
    }
  }
};

const withCorrection = (
  entries: readonly TimelineEntry[],
  backLinks: Step['backLinks'],
): readonly TimelineEntry[] =>
  backLinks === undefined
    ? entries
    : entries.map((e) =>
        e.version === backLinks.version
          ? {
              ...e,
              links: {
                ...e.links,
                correctedByVersions: [...(e.links.correctedByVersions ?? []), backLinks.correctedBy],
              },
            }
          : e,
      );

export const evolveTimeline = (
  doc: Omit<Timeline, 'version'> | null,
  event: Recorded<CaseEvent>,
): Omit<Timeline, 'version'> | null => {
  const start: Omit<Timeline, 'version'> | null =
    event.type === 'ClientEngaged'
      ? {
          _id: event.streamId,
          caseId: event.streamId,
          caseNumber: event.data.caseNumber,
          clientName: `${event.pii.client.givenName} ${event.pii.client.familyName}`,
          entries: [],
          refs: EMPTY_REFS,
        }
      : doc;
  // Nothing is recorded before engagement: such an event has no case to belong to.
  if (start === null) return null;
  const step = describe(start.refs, event);
  if (step === null) return start;
  const entry: TimelineEntry = {
    version: event.version,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    actor: { id: event.actor.id, role: event.actor.role },
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedLate: instant(event.recordedAt) - instant(event.occurredAt) > LATE_AFTER_MS,
    ...step.content,
  };
  return {
    ...start,
    refs: step.refs,
    entries: [...withCorrection(start.entries, step.backLinks), entry],
  };
};

export const timelineProjection = perCaseProjection<Timeline>(TIMELINES, evolveTimeline);
