import { ValidateIf } from 'class-validator';
import { CalendarDate, Optional, Text } from '../http/fields';

/**
 * A name (both parts), a date of birth, or both. Sent in a body, never in a URL: a name in a query
 * string lands in every proxy's and server's request log.
 */
export class SearchClientsDto {
  /** Required with familyName; required when no dateOfBirth is given. */
  @ValidateIf(
    (query: SearchClientsDto) =>
      query.givenName !== undefined || query.familyName !== undefined || query.dateOfBirth === undefined,
  )
  @Text(100)
  givenName?: string;
  /** Required with givenName; required when no dateOfBirth is given. */
  @ValidateIf(
    (query: SearchClientsDto) =>
      query.givenName !== undefined || query.familyName !== undefined || query.dateOfBirth === undefined,
  )
  @Text(100)
  familyName?: string;
  @Optional() @CalendarDate() dateOfBirth?: string;
}
