import { ArrayMaxSize, IsArray, IsOptional, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN, Moment, QueryList } from '../../http/fields';

export { PageQuery as AccessLogQuery } from '../page.query';

export class EmergencyAccessQuery {
  /** The teams whose cases to list; absent: every team. */
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(50)
  @MaxLength(128, { each: true })
  @Matches(ID_PATTERN, { each: true })
  teamId?: string[];
  /** Reads at or after this instant. */
  @IsOptional() @Moment() from?: string;
  /** Reads before this instant. */
  @IsOptional() @Moment() to?: string;
}
