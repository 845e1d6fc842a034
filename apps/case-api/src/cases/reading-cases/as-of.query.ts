import { IsIn, IsOptional } from 'class-validator';
import { AS_OF_BASES, type AsOfBasis } from '@casetrail/event-store';
import { Moment } from '../../http/fields';

export class AsOfQuery {
  /** Show the case as it stood at this instant. */
  @IsOptional() @Moment() asOf?: string;
  /**
   * `recorded` (default): what the agency knew then, i.e. events recorded by `asOf`.
   * `occurred`: what had happened by then, including what was only recorded later.
   */
  @IsOptional() @IsIn(AS_OF_BASES) basis?: AsOfBasis;
}
