import { Module } from '@nestjs/common';
import { PublisherModule } from '@casetrail/messaging';
import { AccessModule } from '../access/access.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { AchieveGoalController } from './achieving-goal/achieve-goal.controller';
import { IdentifyNeedController } from './identifying-need/identify-need.controller';
import { MeetMilestoneController } from './meeting-milestone/meet-milestone.controller';
import { AmendPlanController } from './amending-plan/amend-plan.controller';
import { AssessNeedsController } from './assessing-needs/assess-needs.controller';
import { AssignCaseController } from './assigning-case/assign-case.controller';
import { ChangeReferralStatusController } from './changing-referral-status/change-referral-status.controller';
import { CorrectCaseNoteController } from './correcting-case-note/correct-case-note.controller';
import { EngageClientController } from './engaging-client/engage-client.controller';
import { ExecuteCaseCommandHandler } from './execute-case-command';
import { MakeReferralController } from './making-referral/make-referral.controller';
import { ScheduleAppointmentController } from './scheduling-appointment/schedule-appointment.controller';
import { RecordAppointmentOutcomeController } from './recording-appointment-outcome/record-appointment-outcome.controller';
import { CreateTaskController } from './creating-task/create-task.controller';
import { CloseTaskController } from './closing-task/close-task.controller';
import { GrantConsentController } from './granting-consent/grant-consent.controller';
import { NarrowConsentController } from './narrowing-consent/narrow-consent.controller';
import { RevokeConsentController } from './revoking-consent/revoke-consent.controller';
import { AddHouseholdMemberController } from './adding-household-member/add-household-member.controller';
import { RecordHouseholdMemberDepartureController } from './recording-household-member-departure/record-household-member-departure.controller';
import { SetSafetyFlagController } from './setting-safety-flag/set-safety-flag.controller';
import { ClearSafetyFlagController } from './clearing-safety-flag/clear-safety-flag.controller';
import { RecordCommunicationNeedsController } from './recording-communication-needs/record-communication-needs.controller';
import { CasesController } from './reading-cases/cases.controller';
import { RecordAdvocacyActionController } from './recording-advocacy-action/record-advocacy-action.controller';
import { RecordContactController } from './recording-contact/record-contact.controller';
import { RecordGoalProgressController } from './recording-goal-progress/record-goal-progress.controller';
import { ReopenCaseController } from './reopening-case/reopen-case.controller';
import { ReviewCaseController } from './reviewing-case/review-case.controller';
import { TerminateCaseController } from './terminating-case/terminate-case.controller';
import { DecidePlanApprovalController } from './approving-plan/decide-plan-approval.controller';
import { DecideClosingApprovalController } from './approving-closing/decide-closing-approval.controller';
import { TransferCaseController } from './transferring-case/transfer-case.controller';
import { VoidEntryController } from './voiding-entry/void-entry.controller';
import { CorrectEntryDateController } from './correcting-entry-date/correct-entry-date.controller';
import { DecideTransferApprovalController } from './approving-transfer/decide-transfer-approval.controller';

/**
 * One controller per use case, in the order of the case's life. Each command puts an
 * ExecuteCaseCommand on the command bus, which the one handler decides: load the stream,
 * authorize, decide, append. Reading a case comes last: it reads the stream itself.
 */
@Module({
  imports: [AccessModule, PublisherModule, VocabulariesModule],
  controllers: [
    EngageClientController,
    AssignCaseController,
    TransferCaseController,
    AssessNeedsController,
    AmendPlanController,
    MakeReferralController,
    ChangeReferralStatusController,
    GrantConsentController,
    NarrowConsentController,
    RevokeConsentController,
    AddHouseholdMemberController,
    RecordHouseholdMemberDepartureController,
    SetSafetyFlagController,
    ClearSafetyFlagController,
    RecordCommunicationNeedsController,
    RecordContactController,
    CorrectCaseNoteController,
    RecordGoalProgressController,
    AchieveGoalController,
    MeetMilestoneController,
    IdentifyNeedController,
    RecordAdvocacyActionController,
    ReviewCaseController,
    TerminateCaseController,
    DecidePlanApprovalController,
    DecideClosingApprovalController,
    ReopenCaseController,
    VoidEntryController,
    CorrectEntryDateController,
    ScheduleAppointmentController,
    RecordAppointmentOutcomeController,
    CreateTaskController,
    CloseTaskController,
    DecideTransferApprovalController,
    CasesController,
  ],
  providers: [ExecuteCaseCommandHandler],
})
export class CasesModule {}
