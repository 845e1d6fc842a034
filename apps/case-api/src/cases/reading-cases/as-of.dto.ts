import { IsIn, IsOptional } from 'class-validator';
import { Instant } from '../../http/fields';

export class AsOfQuery {
  /** Show the case as it stood at this instant. */
  @IsOptional() @Instant() asOf?: string;
  /**
   * `recorded` (default): what the agency knew then, i.e. events recorded by `asOf`.
   * `occurred`: what had happened by then, including what was only recorded later.
   */
  @IsOptional() @IsIn(['recorded', 'occurred']) basis?: 'recorded' | 'occurred';
}
