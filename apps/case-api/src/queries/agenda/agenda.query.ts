import { IsOptional } from 'class-validator';
import { Moment } from '../../http/fields';

export class AgendaQuery {
  /** Start of the window (inclusive); default: now. */
  @IsOptional() @Moment() from?: string;
  /** End of the window (exclusive); default: seven days after `from`. */
  @IsOptional() @Moment() to?: string;
}
