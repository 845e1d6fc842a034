import { entry, type CaseEvent, type IdRecord, type Recorded } from '@casetrail/domain';
import { perCaseProjection } from '../projection';
import {
  TIMELINE_SHAPE,
  TIMELINES,
  type Timeline,
  type TimelineCategory,
  type TimelineContent,
  type TimelineEventType,
  type TimelineEntry,
  type TimelineLinks,
  type TimelineRefs,
} from './timeline-entry';

const CATEGORY: Readonly<Record<TimelineEventType, TimelineCategory>> = {
  ClientEngaged: 'engagement',
  CaseAssigned: 'assignment',
  CaseTransferred: 'assignment',
  NeedAssessed: 'assessment',
  PlanAmended: 'planning',
  ReferralMade: 'referral',
  ReferralStatusChanged: 'referral',
  ContactRecorded: 'contact',
  CaseNoteCorrected: 'contact',
  GoalProgressRecorded: 'review',
  GoalAchieved: 'review',
  AdvocacyActionRecorded: 'advocacy',
  CaseReviewed: 'review',
  CaseTerminated: 'closure',
  CaseReopened: 'closure',
  EntryVoided: 'correction',
  EntryCorrected: 'correction',
};

/** Only the descriptions of what the entry lists: any other free text stays out of the read model. */
const description = (descriptions: IdRecord<string>, id: string): string | null =>
  entry(descriptions, id) ?? null;

interface Step {
  readonly content: TimelineContent;
  readonly links: TimelineLinks;
  readonly refs: TimelineRefs;
  /** Earlier entries that gain a back link (a corrected contact). */
  readonly backLinks?: { readonly version: number; readonly correctedBy: number };
  /** An earlier entry this one changes (struck out, or its date corrected); it stays in place. */
  readonly touches?: { readonly version: number; readonly change: (entry: TimelineEntry) => TimelineEntry };
}

const EMPTY_REFS: TimelineRefs = { contacts: {}, referrals: {}, goals: {}, lastClosureVersion: null };

/** What the event states, as facts; null for an event type this code does not know. */
const describe = (
  refs: TimelineRefs,
  event: Recorded<CaseEvent>,
  entries: readonly TimelineEntry[],
): Step | null => {
  const only = (content: TimelineContent, links: TimelineLinks = {}): Step => ({ content, links, refs });
  switch (event.type) {
    case 'ClientEngaged': {
      const { data, pii } = event;
      return only({
        type: event.type,
        facts: {
          caseNumber: data.caseNumber,
          programId: data.programId,
          teamId: data.teamId,
          caseManagerId: data.caseManagerId,
          referralSource: data.referralSource,
          consent: {
            toServices: data.consent.toServices,
            toInformationSharing: data.consent.toInformationSharing,
            sharingWith: data.consent.sharingWith,
          },
          // Not the client's phone, email or address: no entry shows them.
          client: {
            givenName: pii.client.givenName,
            familyName: pii.client.familyName,
            dateOfBirth: pii.client.dateOfBirth,
          },
          presentingConcerns: pii.presentingConcerns,
        },
      });
    }
    case 'CaseAssigned':
      return only({ type: event.type, facts: { caseManagerId: event.data.caseManagerId } });
    case 'CaseTransferred':
      return only({
        type: event.type,
        facts: {
          fromCaseManagerId: event.data.fromCaseManagerId,
          toCaseManagerId: event.data.toCaseManagerId,
          reason: event.pii.reason,
        },
      });
    case 'NeedAssessed': {
      const { data, pii } = event;
      return only({
        type: event.type,
        facts: {
          assessmentId: data.assessmentId,
          kind: data.kind,
          needs: data.needs.map((n) => ({
            needId: n.needId,
            domain: n.domain,
            severity: n.severity,
            description: description(pii.descriptions, n.needId),
          })),
          strengths: data.strengths.map((s) => ({
            strengthId: s.strengthId,
            domain: s.domain,
            description: description(pii.descriptions, s.strengthId),
          })),
          scores: data.scores.map((s) => ({ tool: s.tool, score: s.score, maxScore: s.maxScore ?? null })),
          summary: pii.summary,
        },
      });
    }
    case 'PlanAmended': {
      const { data, pii } = event;
      const goals = data.goalsAdded.reduce<TimelineRefs['goals']>(
        (all, g) => ({ ...all, [g.goalId]: { version: event.version, target: g.target } }),
        refs.goals,
      );
      return {
        refs: { ...refs, goals },
        links: {},
        content: {
          type: event.type,
          facts: {
            amendmentNumber: data.amendmentNumber,
            goalsAdded: data.goalsAdded.map((g) => ({
              goalId: g.goalId,
              domain: g.domain,
              target: g.target,
              dueDate: g.dueDate,
              description: description(pii.descriptions, g.goalId),
            })),
            goalsRevised: data.goalsRevised.map((r) => ({
              goalId: r.goalId,
              target: r.target ?? null,
              dueDate: r.dueDate ?? null,
            })),
            goalsDropped: data.goalsDropped,
            services: data.services.map((s) => ({
              serviceType: s.serviceType,
              providerId: s.providerId ?? null,
              goalIds: s.goalIds,
            })),
            nextReviewDate: data.nextReviewDate,
            reason: pii.reason,
          },
        },
      };
    }
    case 'ReferralMade': {
      const { data } = event;
      const replaced =
        data.replacesReferralId === null ? undefined : entry(refs.referrals, data.replacesReferralId);
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
        links: replaced ? { replacesReferralVersion: replaced.version } : {},
        content: {
          type: event.type,
          facts: {
            referralId: data.referralId,
            providerId: data.providerId,
            serviceType: data.serviceType,
            goalIds: data.goalIds,
            replacesReferralId: data.replacesReferralId,
            replacedStatus: replaced?.status ?? null,
            note: event.pii.note,
          },
        },
      };
    }
    case 'ReferralStatusChanged': {
      const { data } = event;
      const referral = entry(refs.referrals, data.referralId);
      return {
        refs: referral
          ? { ...refs, referrals: { ...refs.referrals, [data.referralId]: { ...referral, status: data.to } } }
          : refs,
        links: referral ? { referralVersion: referral.version } : {},
        content: {
          type: event.type,
          facts: {
            referralId: data.referralId,
            from: data.from,
            to: data.to,
            referral: referral
              ? { serviceType: referral.serviceType, providerId: referral.providerId }
              : null,
            note: event.pii.note,
          },
        },
      };
    }
    case 'ContactRecorded': {
      const { data } = event;
      return {
        refs: {
          ...refs,
          contacts: {
            ...refs.contacts,
            [data.contactId]: {
              version: event.version,
              contactType: data.contactType,
              occurredAt: event.occurredAt,
            },
          },
        },
        links: {},
        content: {
          type: event.type,
          facts: {
            contactId: data.contactId,
            contactType: data.contactType,
            participants: data.participants.map((p) => ({
              kind: p.kind,
              id: p.id ?? null,
              role: p.role ?? null,
            })),
            durationMinutes: data.durationMinutes,
            summary: event.pii.summary,
          },
        },
      };
    }
    case 'CaseNoteCorrected': {
      const { data, pii } = event;
      const contact = entry(refs.contacts, data.correctsContactId);
      return {
        refs,
        links: contact ? { correctsVersion: contact.version } : {},
        content: {
          type: event.type,
          facts: {
            correctionId: data.correctionId,
            correctsContactId: data.correctsContactId,
            contact: contact ? { contactType: contact.contactType, occurredAt: contact.occurredAt } : null,
            correctedSummary: pii.correctedSummary,
            reason: pii.reason,
          },
        },
        ...(contact ? { backLinks: { version: contact.version, correctedBy: event.version } } : {}),
      };
    }
    case 'GoalProgressRecorded': {
      const { data } = event;
      const goal = entry(refs.goals, data.goalId);
      return only(
        {
          type: event.type,
          facts: {
            goalId: data.goalId,
            progress: data.progress,
            measuredValue: data.measuredValue,
            target: goal?.target ?? null,
            note: event.pii.note,
          },
        },
        goal ? { goalSetVersion: goal.version } : {},
      );
    }
    case 'GoalAchieved': {
      const { data } = event;
      const goal = entry(refs.goals, data.goalId);
      return only(
        {
          type: event.type,
          facts: {
            goalId: data.goalId,
            measuredValue: data.measuredValue,
            target: goal?.target ?? null,
            note: event.pii.note,
          },
        },
        goal ? { goalSetVersion: goal.version } : {},
      );
    }
    case 'AdvocacyActionRecorded': {
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          actionId: data.actionId,
          actionType: data.actionType,
          targetOrganisation: data.targetOrganisation,
          outcome: data.outcome,
          goalIds: data.goalIds,
          summary: event.pii.summary,
        },
      });
    }
    case 'CaseReviewed':
      return only({
        type: event.type,
        facts: {
          reviewId: event.data.reviewId,
          goalReviews: event.data.goalReviews.map((r) => ({ goalId: r.goalId, progress: r.progress })),
          nextReviewDate: event.data.nextReviewDate,
          summary: event.pii.summary,
        },
      });
    case 'CaseTerminated': {
      const { data } = event;
      return {
        refs: { ...refs, lastClosureVersion: event.version },
        links: {},
        content: {
          type: event.type,
          facts: {
            reason: data.reason,
            goalOutcomes: data.goalOutcomes.map((o) => ({ goalId: o.goalId, outcome: o.outcome })),
            ongoingSupports: data.ongoingSupports.map((s) => ({
              serviceType: s.serviceType,
              providerId: s.providerId ?? null,
            })),
            summary: event.pii.summary,
          },
        },
      };
    }
    case 'CaseReopened':
      return only(
        { type: event.type, facts: { caseManagerId: event.data.caseManagerId, reason: event.pii.reason } },
        refs.lastClosureVersion === null ? {} : { reopensClosureVersion: refs.lastClosureVersion },
      );
    case 'EntryVoided': {
      const { data } = event;
      const target = entries.find((e) => e.version === data.entryVersion && e.eventId === data.entryId);
      const mark = {
        version: event.version,
        at: event.occurredAt,
        by: { id: event.actor.id, role: event.actor.role },
      };
      return {
        refs,
        links: target ? { voidsVersion: target.version } : {},
        content: {
          type: event.type,
          facts: {
            entryId: data.entryId,
            entryType: data.entryType,
            entryVersion: data.entryVersion,
            entryOccurredAt: target?.occurredAt ?? null,
            // The void's own words, shown on its own entry as a correction's are; the struck entry carries none.
            reason: event.pii.reason,
          },
        },
        ...(target
          ? {
              touches: {
                version: target.version,
                change: (e: TimelineEntry): TimelineEntry => ({
                  ...e,
                  voided: mark,
                  links: { ...e.links, voidedByVersion: event.version },
                }),
              },
            }
          : {}),
      };
    }
    case 'EntryCorrected': {
      const { data } = event;
      const target = entries.find((e) => e.version === data.entryVersion && e.eventId === data.entryId);
      return {
        refs,
        links: target ? { correctsDateOfVersion: target.version } : {},
        content: {
          type: event.type,
          facts: {
            entryId: data.entryId,
            entryType: data.entryType,
            entryVersion: data.entryVersion,
            occurredAt: data.occurredAt,
            previousOccurredAt: data.previousOccurredAt,
            reason: event.pii.reason,
          },
        },
        ...(target
          ? {
              touches: {
                version: target.version,
                change: (e: TimelineEntry): TimelineEntry => ({
                  ...e,
                  occurredAt: data.occurredAt,
                  originalOccurredAt: e.originalOccurredAt ?? e.occurredAt,
                  links: {
                    ...e.links,
                    dateCorrectedByVersions: [...(e.links.dateCorrectedByVersions ?? []), event.version],
                  },
                }),
              },
            }
          : {}),
      };
    }
    default: {
      // Compile-time exhaustiveness; at run time an unknown (newer) type only moves the version on.
      const _unhandled: never = event;
      return null;
    }
  }
};

const touched = (entries: readonly TimelineEntry[], touches: Step['touches']): readonly TimelineEntry[] =>
  touches === undefined
    ? entries
    : entries.map((e) => (e.version === touches.version ? touches.change(e) : e));

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
  // A document of another shape is replaced by a rebuild, never extended: that would mix shapes.
  if (doc !== null && doc.shape !== TIMELINE_SHAPE) return doc;
  const start: Omit<Timeline, 'version'> | null =
    event.type === 'ClientEngaged'
      ? {
          _id: event.streamId,
          shape: TIMELINE_SHAPE,
          caseId: event.streamId,
          caseNumber: event.data.caseNumber,
          clientName: `${event.pii.client.givenName} ${event.pii.client.familyName}`,
          entries: [],
          refs: EMPTY_REFS,
        }
      : doc;
  // Nothing is recorded before engagement: such an event has no case to belong to.
  if (start === null) return null;
  const step = describe(start.refs, event, start.entries);
  if (step === null) return start;
  const entry: TimelineEntry = {
    version: event.version,
    position: event.position,
    eventId: event.eventId,
    ...step.content,
    actor: { id: event.actor.id, role: event.actor.role },
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    category: CATEGORY[step.content.type],
    links: step.links,
  };
  return {
    ...start,
    refs: step.refs,
    entries: [...touched(withCorrection(start.entries, step.backLinks), step.touches), entry],
  };
};

export const timelineProjection = perCaseProjection<Timeline>(TIMELINES, evolveTimeline);
