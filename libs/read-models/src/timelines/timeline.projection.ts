import { entry, type CaseEvent, type Recorded } from '@casetrail/domain';
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
  ClientDataErased: 'erasure',
  ConsentGranted: 'consent',
  ConsentNarrowed: 'consent',
  ConsentRevoked: 'consent',
  PlanApprovalRequested: 'planning',
  PlanApproved: 'planning',
  PlanReturned: 'planning',
  ClosingRequested: 'closure',
  ClosingApproved: 'closure',
  ClosingReturned: 'closure',
  AppointmentScheduled: 'scheduling',
  AppointmentOutcomeRecorded: 'scheduling',
  TaskCreated: 'scheduling',
  TaskClosed: 'scheduling',
  ItemDueSoon: 'scheduling',
  HouseholdMemberJoined: 'household',
  HouseholdMemberLeft: 'household',
  TransferRequested: 'assignment',
  TransferApproved: 'assignment',
  TransferReturned: 'assignment',
  SafetyFlagSet: 'safety',
  SafetyFlagCleared: 'safety',
  CommunicationNeedsRecorded: 'communication',
  CaseClientChanged: 'engagement',
  NeedIdentified: 'assessment',
  MilestoneMet: 'review',
  FormAnswered: 'form',
};

/** Event types whose `pii` no entry shows: their entry keeps none. */
const SHOWS_NO_CLIENT_DATA: ReadonlySet<TimelineEventType> = new Set([
  'CaseAssigned',
  'ClientDataErased',
  // A narrowing carries no client data at all.
  'ConsentNarrowed',
  // A request for approval carries none: the plan version it names does.
  'PlanApprovalRequested',
  // A reminder names the item and its time, nothing about the client.
  'ItemDueSoon',
]);

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
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          clientId: data.clientId,
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
          client: null,
          presentingConcerns: null,
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
          toProgramId: event.data.toProgramId ?? null,
          toTeamId: event.data.toTeamId ?? null,
          reason: null,
        },
      });
    case 'NeedAssessed': {
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          assessmentId: data.assessmentId,
          kind: data.kind,
          needs: data.needs.map((n) => ({
            needId: n.needId,
            domain: n.domain,
            severity: n.severity,
            description: null,
          })),
          strengths: data.strengths.map((s) => ({
            strengthId: s.strengthId,
            domain: s.domain,
            description: null,
          })),
          scores: data.scores.map((s) => ({ tool: s.tool, score: s.score, maxScore: s.maxScore ?? null })),
          summary: null,
        },
      });
    }
    case 'PlanAmended': {
      const { data } = event;
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
              description: null,
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
            reason: null,
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
            note: null,
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
            note: null,
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
            goalIds: data.goalIds,
            referralIds: data.referralIds,
            appointmentId: data.appointmentId,
            summary: null,
          },
        },
      };
    }
    case 'CaseNoteCorrected': {
      const { data } = event;
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
            correctedSummary: null,
            reason: null,
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
            note: null,
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
            note: null,
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
          summary: null,
        },
      });
    }
    case 'CaseReviewed':
      return only({
        type: event.type,
        facts: {
          reviewId: event.data.reviewId,
          goalReviews: event.data.goalReviews.map((r) => ({ goalId: r.goalId, progress: r.progress })),
          goalMeasures: (event.data.goalMeasures ?? []).map((m) => ({ ...m })),
          nextReviewDate: event.data.nextReviewDate,
          summary: null,
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
            referralDispositions: (data.referralDispositions ?? []).map((d) => ({
              referralId: d.referralId,
              disposition: d.disposition,
            })),
            summary: null,
          },
        },
      };
    }
    case 'CaseReopened':
      return only(
        { type: event.type, facts: { caseManagerId: event.data.caseManagerId, reason: null } },
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
            reason: null,
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
            reason: null,
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
    case 'ClientDataErased': {
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          erasureId: data.erasureId,
          legalBasis: data.legalBasis,
          requestedBy: data.requestedBy,
          erased: data.erased,
          eventsAffected: data.affects.eventIds.length,
        },
      });
    }
    case 'ConsentGranted': {
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          consentId: data.consentId,
          partnerId: data.partnerId,
          categories: data.categories,
          purpose: data.purpose,
          from: data.from,
          until: data.until,
          // Sealed by reference like every entry's client data: opened only by a read that answers it.
          note: null,
        },
      });
    }
    case 'ConsentNarrowed':
      return only({
        type: event.type,
        facts: {
          consentId: event.data.consentId,
          categories: event.data.categories,
          until: event.data.until,
        },
      });
    case 'ConsentRevoked':
      return only({ type: event.type, facts: { consentId: event.data.consentId, reason: null } });
    case 'PlanApprovalRequested':
      return only({ type: event.type, facts: { ...event.data } });
    case 'PlanApproved':
      return only({ type: event.type, facts: { ...event.data, comments: null } });
    case 'PlanReturned':
      return only({ type: event.type, facts: { ...event.data, comments: null } });
    case 'ClosingRequested': {
      const { data } = event;
      return only({
        type: event.type,
        facts: {
          reason: data.reason,
          goalOutcomes: data.goalOutcomes.map((o) => ({ goalId: o.goalId, outcome: o.outcome })),
          ongoingSupports: data.ongoingSupports.map((s) => ({
            serviceType: s.serviceType,
            providerId: s.providerId ?? null,
          })),
          referralDispositions: (data.referralDispositions ?? []).map((d) => ({
            referralId: d.referralId,
            disposition: d.disposition,
          })),
          requestedBy: data.requestedBy,
          summary: null,
        },
      });
    }
    case 'ClosingApproved':
      return only({ type: event.type, facts: { approvedBy: event.data.approvedBy, comments: null } });
    case 'ClosingReturned':
      return only({ type: event.type, facts: { returnedBy: event.data.returnedBy, comments: null } });
    case 'TransferRequested':
      return only({
        type: event.type,
        facts: {
          fromCaseManagerId: event.data.fromCaseManagerId,
          toCaseManagerId: event.data.toCaseManagerId,
          toProgramId: event.data.toProgramId,
          toTeamId: event.data.toTeamId,
          requestedBy: event.data.requestedBy,
          reason: null,
        },
      });
    case 'TransferApproved':
      return only({ type: event.type, facts: { approvedBy: event.data.approvedBy, comments: null } });
    case 'TransferReturned':
      return only({ type: event.type, facts: { returnedBy: event.data.returnedBy, comments: null } });
    case 'AppointmentScheduled': {
      const { participants: _participants, ...facts } = event.data;
      return only({ type: event.type, facts: { ...facts, note: null } });
    }
    case 'AppointmentOutcomeRecorded':
      return only({ type: event.type, facts: { ...event.data, reason: null } });
    case 'TaskCreated':
      return only({ type: event.type, facts: { ...event.data, title: null } });
    case 'TaskClosed':
      return only({ type: event.type, facts: { ...event.data, note: null } });
    case 'ItemDueSoon':
      return only({ type: event.type, facts: { ...event.data } });
    case 'HouseholdMemberJoined':
      return only({
        type: event.type,
        facts: {
          memberId: event.data.memberId,
          relationship: event.data.relationship,
          givenName: null,
          familyName: null,
          dateOfBirth: null,
        },
      });
    case 'HouseholdMemberLeft':
      return only({ type: event.type, facts: { memberId: event.data.memberId, note: null } });
    case 'NeedIdentified': {
      const { needId, domain, severity, memberId } = event.data;
      return only({ type: event.type, facts: { needId, domain, severity, memberId, description: null } });
    }
    case 'MilestoneMet': {
      const goal = entry(refs.goals, event.data.goalId);
      return only(
        { type: event.type, facts: { ...event.data, note: null } },
        goal ? { goalSetVersion: goal.version } : {},
      );
    }
    case 'SafetyFlagSet':
      return only({ type: event.type, facts: { ...event.data, reason: null, doNotContact: null } });
    case 'SafetyFlagCleared':
      return only({ type: event.type, facts: { ...event.data, reason: null } });
    case 'CommunicationNeedsRecorded':
      return only({ type: event.type, facts: { ...event.data, notes: null } });
    case 'CaseClientChanged':
      return only({ type: event.type, facts: { ...event.data, reason: null } });
    case 'FormAnswered':
      return only({
        type: event.type,
        facts: {
          formId: event.data.formId,
          formVersion: event.data.formVersion,
          attachedTo: event.data.attachedTo,
          // One map per entry, in the form's order within each kind: the words list every answer.
          answers: { ...event.data.answers, ...event.data.selections },
          personalAnswers: null,
        },
      });
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
          clientId: event.data.clientId,
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
    // As the event carried it, never opened here: the projector holds no keys.
    ...(SHOWS_NO_CLIENT_DATA.has(step.content.type) ? {} : { pii: event.pii }),
  };
  return {
    ...start,
    refs: step.refs,
    entries: [...touched(withCorrection(start.entries, step.backLinks), step.touches), entry],
  };
};

export const timelineProjection = perCaseProjection<Timeline>(TIMELINES, evolveTimeline);
