import { IsInt, Max, Min } from 'class-validator';
import { APPOINTMENT_CHANNELS, type AppointmentChannel } from '@casetrail/domain';
import { Id, IdList, Instant, Narrative, NestedList, OneOf, Optional } from '../../http/fields';
import { ParticipantDto } from '../shared-dtos';

export class ScheduleAppointmentDto {
  /** Minted when absent. */
  @Optional() @Id() appointmentId?: string;
  /** When the meeting starts; may be in the future. */
  @Instant() startsAt!: string;
  /** When it ends; give this or durationMinutes. */
  @Optional() @Instant() endsAt?: string;
  /** How long it lasts, in whole minutes; give this or endsAt. */
  @Optional() @IsInt() @Min(1) @Max(24 * 60) durationMinutes?: number;
  @OneOf(APPOINTMENT_CHANNELS) channel!: AppointmentChannel;
  /** The client, household members (kind `family`, id the member id), professionals. */
  @NestedList(() => ParticipantDto, 20) participants!: ParticipantDto[];
  /** Whose agenda it is on; defaults to the case manager holding the case. */
  @Optional() @Id() ownerId?: string;
  @Optional() @IdList(20) goalIds?: string[];
  @Optional() @IdList(20) referralIds?: string[];
  /** Where: may be the client's address, so it is sealed with the client's data. */
  @Optional() @Narrative(500) location?: string;
  @Optional() @Narrative(2_000) note?: string;
  /** When it was arranged; defaults to now. */
  @Optional() @Instant() occurredAt?: string;
}
