import { applyDecorators } from '@nestjs/common';
import { IsNumber, Max, Min } from 'class-validator';
import {
  PARTICIPANT_KINDS,
  type Descriptions,
  type GoalTarget,
  type Participant,
  type ParticipantKind,
} from '@casetrail/domain';
import { Id, Narrative, OneOf, Optional, Text } from '../http/fields';

/** A finite number within bounds: JSON cannot carry NaN, but a string or a huge value must not pass either. */
export const NumberIn = (min: number, max: number) =>
  applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max));

/** Bounds for measured quantities (dollars, sessions, vouchers...). */
export const MEASURE_LIMIT = 1_000_000_000;

/** Free text describing one item (a need, a goal, a milestone), kept in the event's `pii.descriptions`. */
export const Description = () => applyDecorators(Optional(), Narrative(2_000));

export class GoalTargetDto {
  @Text(100) metric!: string;
  @NumberIn(-MEASURE_LIMIT, MEASURE_LIMIT) value!: number;
  @Text(40) unit!: string;
}

export const toGoalTarget = (dto: GoalTargetDto): GoalTarget => ({
  metric: dto.metric,
  value: dto.value,
  unit: dto.unit,
});

export class ParticipantDto {
  @OneOf(PARTICIPANT_KINDS) kind!: ParticipantKind;
  /** A professional's or organisation's id when known. */
  @Optional() @Id() id?: string;
  @Optional() @Text(100) role?: string;
}

export const toParticipant = (dto: ParticipantDto): Participant => ({
  kind: dto.kind,
  ...(dto.id ? { id: dto.id } : {}),
  ...(dto.role ? { role: dto.role } : {}),
});

/** Per-item descriptions keyed by the (given or minted) id of what they describe. */
export const descriptionsOf = (entries: readonly (readonly [string, string | undefined])[]): Descriptions =>
  Object.fromEntries(
    entries.filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string'),
  );
