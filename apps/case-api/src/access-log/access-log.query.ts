import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN, Instant } from '../http/fields';

export { PageQuery as AccessLogQuery } from '../read-models/caseload.query';

/** `?teamId=a,b` and `?teamId=a&teamId=b` both mean a list. */
const list = () =>
  Transform(({ value }: { value: unknown }): unknown[] =>
    (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v): unknown[] =>
      typeof v === 'string' ? v.split(',') : [v],
    ),
  );

export class EmergencyAccessQuery {
  /** The teams whose cases to list; absent: every team. */
  @IsOptional()
  @list()
  @IsArray()
  @ArrayMaxSize(50)
  @MaxLength(128, { each: true })
  @Matches(ID_PATTERN, { each: true })
  teamId?: string[];
  /** Reads at or after this instant. */
  @IsOptional() @Instant() from?: string;
  /** Reads before this instant. */
  @IsOptional() @Instant() to?: string;
}
