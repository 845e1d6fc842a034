import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { AppointmentParams } from '../case-params';
import { toParticipant } from '../shared-dtos';
import { RecordAppointmentOutcomeDto } from './record-appointment-outcome.dto';

@Controller('cases')
export class RecordAppointmentOutcomeController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordAppointmentOutcome',
    ':caseId/appointments/:appointmentId/outcome',
    'Record what became of an appointment: kept (with its contact), missed by the client, cancelled or rescheduled',
    RecordAppointmentOutcomeDto,
  )
  record(
    @Body() body: RecordAppointmentOutcomeDto,
    @OnCase(AppointmentParams) on: CaseCommandContext<AppointmentParams>,
  ) {
    const { reschedule, contact } = body;
    return this.bus.execute(
      on.command('RecordAppointmentOutcome', {
        appointmentId: on.params.appointmentId,
        outcome: body.outcome,
        cancelledBy: body.cancelledBy,
        reason: body.reason,
        reschedule:
          reschedule === undefined
            ? undefined
            : {
                appointmentId: on.id(reschedule.appointmentId, 'appointment'),
                startsAt: reschedule.startsAt,
                endsAt: reschedule.endsAt,
                durationMinutes: reschedule.durationMinutes,
                location: reschedule.location,
              },
        contact:
          contact === undefined
            ? undefined
            : {
                contactId: on.id(contact.contactId, 'contact'),
                contactType: contact.contactType,
                participants: contact.participants?.map(toParticipant),
                durationMinutes: contact.durationMinutes ?? null,
                summary: contact.summary,
              },
        occurredAt: body.occurredAt,
      }),
    );
  }
}
