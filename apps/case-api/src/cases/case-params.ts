import { Id } from '../http/fields';

/**
 * Path parameters, validated by the global pipe like any body: a bad id is a 400 that names
 * the parameter. An id that is well formed but unknown is the domain's to refuse (404 / 422).
 */
export class CaseParams {
  @Id() caseId!: string;
}

export class ReferralParams extends CaseParams {
  @Id() referralId!: string;
}

export class ContactParams extends CaseParams {
  @Id() contactId!: string;
}

export class GoalParams extends CaseParams {
  @Id() goalId!: string;
}

/** An entry of the case: the `eventId` of one of its events. */
export class EntryParams extends CaseParams {
  @Id() entryId!: string;
}

export class ConsentParams extends CaseParams {
  @Id() consentId!: string;
}

export class AppointmentParams extends CaseParams {
  @Id() appointmentId!: string;
}

export class TaskParams extends CaseParams {
  @Id() taskId!: string;
}

export class HouseholdMemberParams extends CaseParams {
  @Id() memberId!: string;
}

export class SafetyFlagParams extends CaseParams {
  @Id() flagId!: string;
}

export class MilestoneParams extends GoalParams {
  @Id() milestoneId!: string;
}
