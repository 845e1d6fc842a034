/**
 * The timeline's words: a short title and a paragraph for each stored entry, made when the
 * timeline is read. The one place they are written, for the API and the CLI alike; rewording here
 * changes every timeline at once, with no rebuild.
 */
import type { GoalTarget, ReferralStatus, ServiceTypeCode } from '@casetrail/domain';
import type { OpenedTimelineEntry } from './timeline-entry';

export interface TimelineWording {
  readonly title: string;
  readonly detail: string;
}

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

/** Blank or absent (erased: the entry says so once, not per field) text is left out. */
const labelled = (label: string, text: string | null): string | null =>
  text === null || text.trim() === '' ? null : `${label}: ${text.trim()}`;

/** The last sentence of an entry whose client data no longer opens. */
export const ERASED_WORDING = 'The client’s data in this entry was erased; the record of the work stands';

/** `field: value` per answer, a multiple choice's values joined, in the order given. */
const answerList = (answers: Readonly<Record<string, string | number | boolean | readonly string[]>>) =>
  Object.entries(answers).map(
    ([fieldId, value]) => `${fieldId}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
  );

const listed = (label: string, items: readonly string[]): string | null =>
  items.length === 0 ? null : `${label}: ${items.join('; ')}`;

/** A description inside a list loses its full stop, or the list would read "March.; mental health". */
const described = (description: string | null): string => {
  const text = description?.trim().replace(/\.+$/, '');
  return text ? `: ${text}` : '';
};

/** An event type in words: `ReferralStatusChanged` is "referral status changed". */
const entryLabel = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

const target = (t: GoalTarget): string => `${t.metric} ${t.value} ${t.unit}`;

const referralLabel = (serviceType: ServiceTypeCode, providerId: string): string =>
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

/** The entry's title and paragraph, from its facts (its client data opened) and nothing else. */
export const timelineWording = (entry: OpenedTimelineEntry): TimelineWording => {
  const worded = factsWording(entry);
  return entry.clientData === 'erased'
    ? { title: worded.title, detail: paragraph(worded.detail, ERASED_WORDING) }
    : worded;
};

const factsWording = (entry: OpenedTimelineEntry): TimelineWording => {
  switch (entry.type) {
    case 'ClientEngaged': {
      const f = entry.facts;
      const consent = f.consent;
      return {
        title: `Client engaged in program ${f.programId} (case ${f.caseNumber})`,
        detail: paragraph(
          `${f.client === null ? 'Client' : `${f.client.givenName} ${f.client.familyName}, born ${f.client.dateOfBirth},`} engaged as case ${f.caseNumber} in program ${f.programId}${f.teamId ? `, team ${f.teamId}` : ''}`,
          f.caseManagerId ? `Case manager ${f.caseManagerId}` : 'Unassigned, awaiting a case manager',
          `Referral source: ${words(f.referralSource)}`,
          `Consent to services: ${consent.toServices ? 'yes' : 'no'}; to information sharing: ${
            consent.toInformationSharing
              ? `yes${consent.sharingWith.length > 0 ? ` (with ${consent.sharingWith.join(', ')})` : ''}`
              : 'no'
          }`,
          labelled('Presenting concerns', f.presentingConcerns),
        ),
      };
    }
    case 'CaseAssigned':
      return {
        title: `Case assigned to ${entry.facts.caseManagerId}`,
        detail: paragraph(`Case manager ${entry.facts.caseManagerId} made responsible for the case`),
      };
    case 'CaseTransferred': {
      const f = entry.facts;
      return {
        title: `Case transferred from ${f.fromCaseManagerId} to ${f.toCaseManagerId}`,
        detail: paragraph(
          `Responsibility moved from case manager ${f.fromCaseManagerId} to ${f.toCaseManagerId}`,
          f.toProgramId ? `Out of the program, to program ${f.toProgramId}` : null,
          f.toTeamId ? `To team ${f.toTeamId}` : null,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'NeedAssessed': {
      const f = entry.facts;
      const kind = f.kind === 'initial' ? 'Initial assessment' : 'Reassessment';
      return {
        title: `${kind}: ${plural(f.needs.length, 'need')}, ${plural(f.strengths.length, 'strength')}`,
        detail: paragraph(
          listed(
            'Needs',
            f.needs.map((n) => `${words(n.domain)} (${n.severity})${described(n.description)}`),
          ),
          listed(
            'Strengths',
            f.strengths.map((s) => `${words(s.domain)}${described(s.description)}`),
          ),
          listed(
            'Scores',
            f.scores.map((s) => `${s.tool} ${s.score}${s.maxScore === null ? '' : `/${s.maxScore}`}`),
          ),
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'PlanAmended': {
      const f = entry.facts;
      const changes = [
        f.goalsAdded.length > 0 ? `${f.goalsAdded.length} added` : null,
        f.goalsRevised.length > 0 ? `${f.goalsRevised.length} revised` : null,
        f.goalsDropped.length > 0 ? `${f.goalsDropped.length} dropped` : null,
      ].filter((c): c is string => c !== null);
      return {
        title:
          f.amendmentNumber === 1
            ? `Service plan agreed with ${plural(f.goalsAdded.length, 'goal')}`
            : `Plan amendment ${f.amendmentNumber}${changes.length > 0 ? `: goals ${changes.join(', ')}` : ''}`,
        detail: paragraph(
          listed(
            'Goals added',
            f.goalsAdded.map(
              (g) =>
                `${g.goalId} (${words(g.domain)}), ${target(g.target)} by ${g.dueDate}${described(g.description)}`,
            ),
          ),
          listed(
            'Goals revised',
            f.goalsRevised.map((r) =>
              [
                r.goalId,
                r.target ? `target now ${target(r.target)}` : null,
                r.dueDate ? `due ${r.dueDate}` : null,
              ]
                .filter((p): p is string => p !== null)
                .join(', '),
            ),
          ),
          listed('Goals dropped', f.goalsDropped),
          listed(
            'Services',
            f.services.map(
              (s) =>
                `${words(s.serviceType)}${s.providerId ? ` (${s.providerId})` : ''}${
                  s.goalIds.length > 0 ? ` for ${s.goalIds.join(', ')}` : ''
                }`,
            ),
          ),
          `Next review ${f.nextReviewDate}`,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'ReferralMade': {
      const f = entry.facts;
      return {
        title: `Referral to ${referralLabel(f.serviceType, f.providerId)}${
          f.replacesReferralId === null ? '' : `, replacing ${f.replacesReferralId}`
        }`,
        detail: paragraph(
          `Referral ${f.referralId} to ${f.providerId} for ${words(f.serviceType)}${
            f.goalIds.length > 0 ? `, towards ${f.goalIds.join(', ')}` : ''
          }`,
          f.replacesReferralId === null
            ? null
            : `Replaces referral ${f.replacesReferralId}${f.replacedStatus === null ? '' : ` (${STATUS_WORDS[f.replacedStatus]})`}`,
          labelled('Note', f.note),
        ),
      };
    }
    case 'ReferralStatusChanged': {
      const f = entry.facts;
      const label = f.referral ? referralLabel(f.referral.serviceType, f.referral.providerId) : f.referralId;
      return {
        title: `Referral to ${label} ${STATUS_WORDS[f.to]}`,
        detail: paragraph(
          `Referral ${f.referralId} moved from ${STATUS_WORDS[f.from]} to ${STATUS_WORDS[f.to]}`,
          labelled('Note', f.note),
        ),
      };
    }
    case 'ContactRecorded': {
      const f = entry.facts;
      const kinds = [...new Set(f.participants.map((p) => words(p.kind)))];
      const label = words(f.contactType);
      return {
        title: `${capitalised(label)}${kinds.length > 0 ? ` with ${kinds.join(' and ')}` : ''}${
          f.durationMinutes === null ? '' : ` (${f.durationMinutes} min)`
        }`,
        detail: paragraph(
          `${capitalised(label)} on ${dayOf(entry.occurredAt)}${
            f.durationMinutes === null ? '' : `, ${f.durationMinutes} minutes`
          }`,
          listed(
            'Participants',
            f.participants.map(
              (p) => `${words(p.kind)}${p.id ? ` ${p.id}` : ''}${p.role ? ` (${p.role})` : ''}`,
            ),
          ),
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'CaseNoteCorrected': {
      const f = entry.facts;
      return {
        title: `Note corrected: ${
          f.contact
            ? `${words(f.contact.contactType)} on ${dayOf(f.contact.occurredAt)}`
            : `contact ${f.correctsContactId}`
        }`,
        detail: paragraph(labelled('Corrected summary', f.correctedSummary), labelled('Reason', f.reason)),
      };
    }
    case 'GoalProgressRecorded': {
      const f = entry.facts;
      return {
        title: `Progress on goal ${f.goalId}: ${words(f.progress)}`,
        detail: paragraph(
          `Goal ${f.goalId}${f.target ? ` (${target(f.target)})` : ''} is ${words(f.progress)}${
            f.measuredValue === null ? '' : `; measured ${f.measuredValue}`
          }`,
          labelled('Note', f.note),
        ),
      };
    }
    case 'GoalAchieved': {
      const f = entry.facts;
      return {
        title: `Goal ${f.goalId} achieved`,
        detail: paragraph(
          `Goal ${f.goalId} achieved${f.target ? `; target ${target(f.target)}` : ''}${
            f.measuredValue === null ? '' : `, measured ${f.measuredValue}`
          }`,
          labelled('Note', f.note),
        ),
      };
    }
    case 'AdvocacyActionRecorded': {
      const f = entry.facts;
      return {
        title: `${capitalised(words(f.actionType))} to ${f.targetOrganisation}: ${f.outcome}`,
        detail: paragraph(
          `${capitalised(words(f.actionType))} towards ${f.targetOrganisation}${
            f.goalIds.length > 0 ? ` for ${f.goalIds.join(', ')}` : ''
          }; outcome ${f.outcome}`,
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'CaseReviewed': {
      const f = entry.facts;
      return {
        title: `Case reviewed; next review ${f.nextReviewDate}`,
        detail: paragraph(
          listed(
            'Goal progress',
            f.goalReviews.map((r) => `${r.goalId} ${words(r.progress)}`),
          ),
          listed(
            'Measured',
            (f.goalMeasures ?? []).map((m) => `${m.goalId} ${m.value}${m.unit === null ? '' : ` ${m.unit}`}`),
          ),
          `Next review ${f.nextReviewDate}`,
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'CaseTerminated': {
      const f = entry.facts;
      return {
        title: `Case closed: ${words(f.reason)}`,
        detail: paragraph(
          `Closing reason: ${words(f.reason)}`,
          listed(
            'Goal outcomes',
            f.goalOutcomes.map((o) => `${o.goalId} ${words(o.outcome)}`),
          ),
          listed(
            'Ongoing supports',
            f.ongoingSupports.map(
              (s) => `${words(s.serviceType)}${s.providerId ? ` (${s.providerId})` : ''}`,
            ),
          ),
          listed(
            'Open referrals',
            (f.referralDispositions ?? []).map((d) => `${d.referralId} ${words(d.disposition)}`),
          ),
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'CaseReopened': {
      const f = entry.facts;
      return {
        title: `Case reopened${f.caseManagerId ? ` and assigned to ${f.caseManagerId}` : ''}`,
        detail: paragraph(labelled('Reason', f.reason)),
      };
    }
    case 'EntryVoided': {
      const f = entry.facts;
      const when = f.entryOccurredAt === null ? '' : ` of ${dayOf(f.entryOccurredAt)}`;
      return {
        title: `Entry voided: ${entryLabel(f.entryType)}${when}`,
        detail: paragraph(
          `The ${entryLabel(f.entryType)} entry${when} no longer counts; it stays in the record, struck through`,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'EntryCorrected': {
      const f = entry.facts;
      return {
        title: `Date corrected: ${entryLabel(f.entryType)} on ${dayOf(f.occurredAt)}, not ${dayOf(f.previousOccurredAt)}`,
        detail: paragraph(
          `The ${entryLabel(f.entryType)} entry happened at ${f.occurredAt}, not ${f.previousOccurredAt} as recorded`,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'ClientDataErased': {
      const f = entry.facts;
      return {
        title: 'Client data erased',
        detail: paragraph(
          `Erasure ${f.erasureId}: the client’s data in ${plural(f.eventsAffected, 'earlier entry').replace(/entrys$/, 'entries')} was destroyed (${f.erased.map(words).join(', ')}); the record of the work stands`,
          labelled('Legal basis', f.legalBasis),
          labelled('Requested by', f.requestedBy),
        ),
      };
    }
    case 'ConsentGranted': {
      const f = entry.facts;
      const period =
        f.until === null ? `from ${dayOf(f.from)}` : `from ${dayOf(f.from)} until ${dayOf(f.until)}`;
      return {
        title: `Consent given to share with ${f.partnerId}`,
        detail: paragraph(
          `Consent ${f.consentId}, for ${words(f.purpose)}, ${period}: ${f.categories.map(words).join(', ')}`,
          labelled('Note', f.note),
        ),
      };
    }
    case 'ConsentNarrowed': {
      const f = entry.facts;
      return {
        title: 'Consent narrowed',
        detail: paragraph(
          `Consent ${f.consentId} covers from now on only: ${f.categories.map(words).join(', ')}${f.until === null ? '' : `, until ${dayOf(f.until)}`}`,
        ),
      };
    }
    case 'ConsentRevoked': {
      const f = entry.facts;
      return {
        title: 'Consent revoked',
        detail: paragraph(`Consent ${f.consentId} covers nothing from now on`, labelled('Reason', f.reason)),
      };
    }
    case 'PlanApprovalRequested': {
      const f = entry.facts;
      return {
        title: `Plan version ${f.amendmentNumber} waits for approval`,
        detail: paragraph(`Asked by ${f.requestedBy}`),
      };
    }
    case 'PlanApproved': {
      const f = entry.facts;
      return {
        title: `Plan version ${f.amendmentNumber} approved`,
        detail: paragraph(`Approved by ${f.approvedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'PlanReturned': {
      const f = entry.facts;
      return {
        title: `Plan version ${f.amendmentNumber} returned`,
        detail: paragraph(`Returned by ${f.returnedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'ClosingRequested': {
      const f = entry.facts;
      return {
        title: `Closing asked for: ${words(f.reason)}`,
        detail: paragraph(
          `Closing reason: ${words(f.reason)}; waits for approval (asked by ${f.requestedBy})`,
          listed(
            'Goal outcomes',
            f.goalOutcomes.map((o) => `${o.goalId} ${words(o.outcome)}`),
          ),
          listed(
            'Ongoing supports',
            f.ongoingSupports.map(
              (s) => `${words(s.serviceType)}${s.providerId ? ` (${s.providerId})` : ''}`,
            ),
          ),
          listed(
            'Open referrals',
            (f.referralDispositions ?? []).map((d) => `${d.referralId} ${words(d.disposition)}`),
          ),
          labelled('Summary', f.summary),
        ),
      };
    }
    case 'ClosingApproved': {
      const f = entry.facts;
      return {
        title: 'Closing approved',
        detail: paragraph(`Approved by ${f.approvedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'ClosingReturned': {
      const f = entry.facts;
      return {
        title: 'Closing returned: the case stays open',
        detail: paragraph(`Returned by ${f.returnedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'TransferRequested': {
      const f = entry.facts;
      return {
        title: `Transfer to program ${f.toProgramId} requested: waiting for approval`,
        detail: paragraph(
          `Requested by ${f.requestedBy}: from case manager ${f.fromCaseManagerId} to ${f.toCaseManagerId}${f.toTeamId ? `, team ${f.toTeamId}` : ''}`,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'TransferApproved': {
      const f = entry.facts;
      return {
        title: 'Transfer approved',
        detail: paragraph(`Approved by ${f.approvedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'TransferReturned': {
      const f = entry.facts;
      return {
        title: 'Transfer returned: the case stays where it is',
        detail: paragraph(`Returned by ${f.returnedBy}`, labelled('Comments', f.comments)),
      };
    }
    case 'AppointmentScheduled': {
      const f = entry.facts;
      return {
        title: `Appointment scheduled (${words(f.channel)})`,
        detail: paragraph(
          `Appointment ${f.appointmentId} from ${f.startsAt} to ${f.endsAt}, on the agenda of ${f.ownerId}${f.rescheduledFromAppointmentId === null ? '' : `, replacing ${f.rescheduledFromAppointmentId}`}`,
          listed('Goals', f.goalIds),
          listed('Referrals', f.referralIds),
          labelled('Note', f.note),
        ),
      };
    }
    case 'AppointmentOutcomeRecorded': {
      const f = entry.facts;
      const by = f.cancelledBy === null ? '' : ` by the ${words(f.cancelledBy)}`;
      const moved = f.rescheduledToAppointmentId === null ? '' : `, moved to ${f.rescheduledToAppointmentId}`;
      const contact = f.contactId === null ? '' : `, contact ${f.contactId} recorded`;
      return {
        title: `Appointment ${words(f.outcome)}`,
        detail: paragraph(
          `Appointment ${f.appointmentId}: ${words(f.outcome)}${by}${moved}${contact}`,
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'TaskCreated': {
      const f = entry.facts;
      return {
        title: 'Task created',
        detail: paragraph(
          `Task ${f.taskId} for ${f.ownerId}, due ${f.dueAt}`,
          labelled('Task', f.title),
          listed('Goals', f.goalIds),
        ),
      };
    }
    case 'TaskClosed': {
      const f = entry.facts;
      return {
        title: `Task ${f.resolution}`,
        detail: paragraph(`Task ${f.taskId} ${f.resolution}`, labelled('Note', f.note)),
      };
    }
    case 'ItemDueSoon': {
      const f = entry.facts;
      return {
        title: `Reminder: ${f.itemKind} due soon`,
        detail: paragraph(`The ${f.itemKind} ${f.itemId} is due at ${f.dueAt}; ${f.ownerId} reminded`),
      };
    }
    case 'HouseholdMemberJoined': {
      const f = entry.facts;
      const name = [f.givenName, f.familyName].filter((part) => part !== null).join(' ');
      return {
        title: `Household member joined: ${words(f.relationship)}`,
        detail: paragraph(
          `Member ${f.memberId} (${words(f.relationship)}) joined the household`,
          labelled('Name', name === '' ? null : name),
          labelled('Date of birth', f.dateOfBirth),
        ),
      };
    }
    case 'NeedIdentified': {
      const f = entry.facts;
      return {
        title: `Need identified: ${words(f.domain)} (${f.severity})`,
        detail: paragraph(
          `Need ${f.needId} in ${words(f.domain)}, ${f.severity}${f.memberId === null ? '' : `, for member ${f.memberId}`}`,
          labelled('Description', f.description),
        ),
      };
    }
    case 'MilestoneMet': {
      const f = entry.facts;
      return {
        title: `Milestone ${f.milestoneId} met`,
        detail: paragraph(`Milestone ${f.milestoneId} of goal ${f.goalId} met`, labelled('Note', f.note)),
      };
    }
    case 'HouseholdMemberLeft': {
      const f = entry.facts;
      return {
        title: 'Household member left',
        detail: paragraph(`Member ${f.memberId} left the household`, labelled('Note', f.note)),
      };
    }
    case 'SafetyFlagSet': {
      const f = entry.facts;
      return {
        title: `Safety flag set: ${words(f.kind)}`,
        detail: paragraph(
          `Flag ${f.flagId} (${words(f.kind)}) set by ${f.setBy}`,
          labelled('Do not contact', f.doNotContact),
          labelled('Reason', f.reason),
        ),
      };
    }
    case 'SafetyFlagCleared': {
      const f = entry.facts;
      return {
        title: 'Safety flag cleared',
        detail: paragraph(`Flag ${f.flagId} cleared by ${f.clearedBy}`, labelled('Reason', f.reason)),
      };
    }
    case 'CommunicationNeedsRecorded': {
      const f = entry.facts;
      const interpreter = f.interpreterNeeded
        ? `an interpreter in ${f.interpreterLanguage ?? '?'}`
        : 'no interpreter';
      return {
        title: `Communication needs: ${f.preferredLanguage}`,
        detail: paragraph(`Prefers ${f.preferredLanguage}; needs ${interpreter}`, labelled('Notes', f.notes)),
      };
    }
    case 'FormAnswered': {
      const f = entry.facts;
      const where =
        f.attachedTo.entryId === null ? f.attachedTo.type : `${f.attachedTo.type} ${f.attachedTo.entryId}`;
      return {
        title: `Form ${f.formId} (version ${f.formVersion}) answered at ${where}`,
        detail: paragraph(
          listed('Answers', answerList(f.answers)),
          listed('Personal answers', answerList(f.personalAnswers ?? {})),
        ),
      };
    }
    case 'CaseClientChanged': {
      const f = entry.facts;
      return {
        title: 'Client records merged',
        detail: paragraph(
          `The case moved from client ${f.fromClientId} to client ${f.toClientId} (merge ${f.mergeId})`,
          labelled('Reason', f.reason),
        ),
      };
    }
    default: {
      // Compile-time exhaustiveness; at run time a type stored by a newer projector reads as its name.
      const unknown: never = entry;
      return { title: (unknown as { type: string }).type, detail: '' };
    }
  }
};
