/**
 * Why a request could not be authenticated. The code is stable (clients and tests match on it);
 * the message says what was wrong without ever echoing the token.
 */
export type AuthenticationErrorCode =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_TOO_LARGE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_INVALID'
  | 'ISSUER_UNAVAILABLE';

export class AuthenticationError extends Error {
  constructor(
    readonly code: AuthenticationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }

  /** 503 when the issuer's keys could not be fetched: the caller's token may be fine. */
  get status(): 401 | 503 {
    return this.code === 'ISSUER_UNAVAILABLE' ? 503 : 401;
  }
}
