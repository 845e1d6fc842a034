/**
 * What never reaches a log line. The request and response loggers serialise only method, path and
 * status (no headers, no query, no body: see logger.ts), so this list is the second line of defence
 * for objects a log call passes on purpose or by mistake: credentials, bodies, and every key under
 * which the domain keeps client personal data or free text about the client.
 */
export const SENSITIVE_KEYS = [
  // Credentials
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'password',
  'secret',
  'masterKey',
  'x-api-key',
  // Bodies, whoever logs them
  'body',
  'rawBody',
  'payload',
  // Sealed or opened client data
  'pii',
  'name',
  'names',
  'givenName',
  'familyName',
  'preferredName',
  'fullName',
  'firstName',
  'lastName',
  'alias',
  'aliases',
  'dob',
  'dateOfBirth',
  'birthDate',
  'phone',
  'phoneNumber',
  'email',
  'address',
  'contact',
  'notes',
  'note',
  'text',
  'narrative',
  'summary',
  'description',
] as const;

/** Keys that are not plain identifiers are quoted the way pino's paths want them. */
const segment = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);
const join = (prefix: string, key: string): string =>
  prefix === ''
    ? segment(key)
    : key.match(/^[A-Za-z_$][\w$]*$/)
      ? `${prefix}.${key}`
      : `${prefix}${segment(key)}`;

/** At the top of a log object and up to three levels down (`err.response.body`, `req.headers.cookie`). */
const DEPTHS = ['', '*', '*.*', '*.*.*'];

export const REDACT_PATHS: readonly string[] = DEPTHS.flatMap((prefix) =>
  SENSITIVE_KEYS.map((key) => join(prefix, key)),
);

export const REDACTED = '[redacted]';
