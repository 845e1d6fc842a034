import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { toParticipant } from '../shared-dtos';
import { ScheduleAppointmentDto } from './schedule-appointment.dto';

@Controller('cases')
export class ScheduleAppointmentController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'ScheduleAppointment',
    ':caseId/appointments',
    'Schedule an appointment (when, by which channel, with whom, for which goals or referrals)',
    ScheduleAppointmentDto,
  )
  schedule(@Body() body: ScheduleAppointmentDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('ScheduleAppointment', {
        appointmentId: on.id(body.appointmentId, 'appointment'),
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        durationMinutes: body.durationMinutes,
        channel: body.channel,
        participants: body.participants.map(toParticipant),
        ownerId: body.ownerId,
        goalIds: body.goalIds ?? [],
        referralIds: body.referralIds ?? [],
        location: body.location,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
