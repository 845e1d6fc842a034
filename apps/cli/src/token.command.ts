import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@casetrail/domain';
import { loadOrCreateDevIssuerKey, parseDurationSeconds, signDevToken } from '@casetrail/identity';
import type { CasetrailConfig } from '@casetrail/platform';
import { CliError, EXIT_USAGE, type Output } from './cli-error';

export interface TokenRequest {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly teams: readonly string[];
  readonly programs: readonly string[];
  readonly ttlSeconds: number;
}

const DEFAULT_TTL_SECONDS = 15 * 60;
const MAX_TTL_SECONDS = 7 * 86_400;
/** What the API accepts as a subject and as team and program ids. */
const SUBJECT = /^[\x21-\x7e]{1,255}$/;

const usage = (message: string) => new CliError(message, EXIT_USAGE);

/** The token command's options, checked: every failure names the option and the rule. */
export const parseTokenArgs = (args: readonly string[]): TokenRequest => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        sub: { type: 'string' },
        role: { type: 'string', multiple: true },
        team: { type: 'string', multiple: true },
        program: { type: 'string', multiple: true },
        ttl: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0)
    throw usage(`token takes no arguments besides its options: ${positionals.join(' ')}`);
  return tokenRequestFrom(values);
};

/** The options as parsed (by commander in the CLI), checked: every failure names the option and the rule. */
export const tokenRequestFrom = (values: {
  readonly sub?: string | undefined;
  readonly role?: readonly string[] | undefined;
  readonly team?: readonly string[] | undefined;
  readonly program?: readonly string[] | undefined;
  readonly ttl?: string | undefined;
}): TokenRequest => {
  if (values.sub === undefined) throw usage('token needs --sub <id>: the subject the token is for');
  if (!SUBJECT.test(values.sub)) throw usage('--sub must be 1-255 visible ASCII characters, no spaces');
  const roles = values.role ?? [];
  if (roles.length === 0) throw usage(`token needs at least one --role: ${ROLES.join(', ')}`);
  for (const role of roles)
    if (!(ROLES as readonly string[]).includes(role))
      throw usage(`--role "${role}" is not a role; roles: ${ROLES.join(', ')}`);
  for (const [option, ids] of [
    ['--team', values.team ?? []],
    ['--program', values.program ?? []],
  ] as const)
    for (const id of ids)
      if (!SUBJECT.test(id)) throw usage(`${option} must be 1-255 visible ASCII characters, no spaces`);
  let ttlSeconds = DEFAULT_TTL_SECONDS;
  if (values.ttl !== undefined) {
    const parsedTtl = parseDurationSeconds(values.ttl);
    if (parsedTtl === null || parsedTtl < 1 || parsedTtl > MAX_TTL_SECONDS)
      throw usage(`--ttl must be a duration from 1s to 7d such as 15m, 1s or 2h, not "${values.ttl}"`);
    ttlSeconds = parsedTtl;
  }
  return {
    sub: values.sub,
    roles: [...new Set(roles)] as Role[],
    teams: [...new Set(values.team ?? [])],
    programs: [...new Set(values.program ?? [])],
    ttlSeconds,
  };
};

/**
 * Mints an access token from the development issuer of the data dir. It reads only the key file
 * (creating it like the server would on first start), never the journal, so it works while the
 * server runs. The token is the last line of stdout.
 */
export const runToken = async (
  request: TokenRequest,
  config: CasetrailConfig,
  io: Output,
): Promise<string> => {
  if (config.identity.issuer !== null)
    throw new CliError(
      `OIDC_ISSUER is set (${config.identity.issuer}): the API trusts that issuer only, so get a token from it. ` +
        'The development issuer runs only without OIDC_ISSUER.',
    );
  const { key, created } = await loadOrCreateDevIssuerKey(config.identity.devIssuerKeyFile);
  const token = await signDevToken(key, { ...request, audience: config.identity.audience });
  io.stderr.write(
    `${created ? 'Created the development issuer key' : 'Development issuer key'} ${key.file}\n` +
      `Token for ${request.sub} (roles ${request.roles.join(', ')}), audience ${config.identity.audience}, ` +
      `valid for ${request.ttlSeconds}s:\n`,
  );
  io.stdout.write(
    io.json
      ? `${JSON.stringify({ token, sub: request.sub, roles: request.roles, audience: config.identity.audience, ttlSeconds: request.ttlSeconds })}\n`
      : `${token}\n`,
  );
  return token;
};
