/**
 * What of an event's `data` pseudonymised output cannot keep as it is: string fields that say in
 * words what a worker typed or chose freely (a tool's name, a participant's role, an
 * organisation's name, a legal basis), and id-valued fields whose names do not end in `Id`. A test
 * in libs/contracts walks the published schemas and fails for a free string field that is in
 * neither list nor named as an id, so a new field is classified here before it can leak.
 */
import type { CaseEventType } from '../cases/case-events';

/** Free-form strings in `data`, dropped from pseudonymised output whatever the role may see. */
export const FREE_FORM_DATA_FIELDS: Readonly<Record<CaseEventType, readonly string[]>> = {
  ClientEngaged: [],
  CaseAssigned: [],
  CaseTransferred: [],
  NeedAssessed: ['scores[].tool'],
  PlanAmended: [
    'goalsAdded[].target.metric',
    'goalsAdded[].target.unit',
    'goalsRevised[].target.metric',
    'goalsRevised[].target.unit',
  ],
  ReferralMade: [],
  ReferralStatusChanged: [],
  ContactRecorded: ['participants[].role'],
  CaseNoteCorrected: [],
  GoalProgressRecorded: [],
  GoalAchieved: [],
  // An organisation typed by the worker: a name that may say where the client is (a shelter).
  AdvocacyActionRecorded: ['targetOrganisation'],
  CaseReviewed: ['goalMeasures[].unit'],
  CaseTerminated: [],
  CaseReopened: [],
  EntryVoided: [],
  EntryCorrected: [],
  // Who asked for an erasure, and why, in the words of the request: often the client's own name.
  ClientDataErased: ['legalBasis', 'requestedBy'],
  ConsentGranted: [],
  ConsentNarrowed: [],
  ConsentRevoked: [],
  PlanApprovalRequested: [],
  PlanApproved: [],
  PlanReturned: [],
  ClosingRequested: [],
  ClosingApproved: [],
  ClosingReturned: [],
  AppointmentScheduled: ['participants[].role'],
  AppointmentOutcomeRecorded: [],
  TaskCreated: [],
  TaskClosed: [],
  ItemDueSoon: [],
  HouseholdMemberJoined: [],
  HouseholdMemberLeft: [],
  TransferRequested: [],
  TransferApproved: [],
  TransferReturned: [],
  SafetyFlagSet: [],
  SafetyFlagCleared: [],
  CommunicationNeedsRecorded: [],
  CaseClientChanged: [],
  NeedIdentified: [],
  MilestoneMet: [],
  // An agency's own answers: values of its own lists, typed per program, that no shared vocabulary bounds.
  FormAnswered: ['answers.*', 'selections.*[]'],
};

/** Ids in fields not named `…Id`, `…Ids[]` or `id`, with the kind of thing they name. */
export const OTHER_ID_FIELDS: Readonly<Partial<Record<CaseEventType, Readonly<Record<string, string>>>>> = {
  ClientEngaged: { 'consent.sharingWith[]': 'org' },
  PlanAmended: { 'goalsDropped[]': 'goal' },
  // Who asked for and who decided an approval: staff members.
  PlanApprovalRequested: { requestedBy: 'staff' },
  PlanApproved: { approvedBy: 'staff' },
  PlanReturned: { returnedBy: 'staff' },
  ClosingRequested: { requestedBy: 'staff' },
  ClosingApproved: { approvedBy: 'staff' },
  ClosingReturned: { returnedBy: 'staff' },
  TransferRequested: { requestedBy: 'staff' },
  TransferApproved: { approvedBy: 'staff' },
  TransferReturned: { returnedBy: 'staff' },
  // Who set and who cleared a safety flag: staff members.
  SafetyFlagSet: { setBy: 'staff' },
  SafetyFlagCleared: { clearedBy: 'staff' },
};

/**
 * Dates the schemas publish as plain strings (a pattern, no `format`): they are shifted like every
 * other date value, and named here so the completeness test knows them for what they are. A date
 * published with `format: date` (a goal's `dueDate`, added or revised) is known by its format and
 * is not listed; a test holds every entry to a plain string of the published schema.
 */
export const UNFORMATTED_DATE_FIELDS: Readonly<Partial<Record<CaseEventType, readonly string[]>>> = {
  EntryCorrected: ['occurredAt', 'previousOccurredAt'],
  ConsentGranted: ['from', 'until'],
  ConsentNarrowed: ['until'],
  AppointmentScheduled: ['startsAt', 'endsAt'],
  TaskCreated: ['dueAt'],
  ItemDueSoon: ['dueAt'],
  CaseReviewed: ['goalMeasures[].measuredAt'],
};

/** Fields dropped from pseudonymised output outright: the case number is the case's name in the office. */
export const DROPPED_DATA_FIELDS: readonly string[] = ['caseNumber'];

/** Whether a declared path is an id by its name: `clientId`, `goalIds[]`, `participants[].id`. */
export const isIdPath = (path: string): boolean => {
  const last = path.split('.').at(-1) ?? '';
  return /Id$/.test(last) || /Ids\[\]$/.test(last) || last === 'id';
};
