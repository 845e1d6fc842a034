import { IsInt, Max, Min } from 'class-validator';
import {
  APPOINTMENT_CANCELLERS,
  APPOINTMENT_OUTCOMES,
  type AppointmentCanceller,
  type AppointmentOutcome,
  type ContactTypeCode,
} from '@casetrail/domain';
import { Code, Id, Instant, Narrative, Nested, NestedList, OneOf, Optional } from '../../http/fields';
import { ParticipantDto } from '../shared-dtos';

export class RescheduleDto {
  /** The new appointment's id; minted when absent. */
  @Optional() @Id() appointmentId?: string;
  @Instant() startsAt!: string;
  @Optional() @Instant() endsAt?: string;
  @Optional() @IsInt() @Min(1) @Max(24 * 60) durationMinutes?: number;
  @Optional() @Narrative(500) location?: string;
}

export class AppointmentContactDto {
  /** Minted when absent. */
  @Optional() @Id() contactId?: string;
  @Code() contactType!: ContactTypeCode;
  /** Defaults to the appointment's participants. */
  @Optional() @NestedList(() => ParticipantDto, 20) participants?: ParticipantDto[];
  @Optional() @IsInt() @Min(1) @Max(24 * 60) durationMinutes?: number;
  /** The case note of the meeting. */
  @Narrative() summary!: string;
}

export class RecordAppointmentOutcomeDto {
  @OneOf(APPOINTMENT_OUTCOMES) outcome!: AppointmentOutcome;
  /** For cancelled and rescheduled; defaults to worker. */
  @Optional() @OneOf(APPOINTMENT_CANCELLERS) cancelledBy?: AppointmentCanceller;
  @Optional() @Narrative(2_000) reason?: string;
  /** Required for rescheduled: the new appointment, linked to this one. */
  @Optional() @Nested(() => RescheduleDto) reschedule?: RescheduleDto;
  /** Only for kept: the contact record of the meeting, dated at its start. */
  @Optional() @Nested(() => AppointmentContactDto) contact?: AppointmentContactDto;
  @Optional() @Instant() occurredAt?: string;
}
