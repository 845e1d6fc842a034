import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthenticator, loadIdentityConfig } from '@casetrail/identity';
import { EXIT_USAGE } from './cli-error';
import { run } from './main';
import { parseTokenArgs } from './token.command';
import { captureOutput } from './testing/capture-output';

describe('token arguments', () => {
  it('reads a subject, repeated roles, teams and programs, and a lifetime', () => {
    expect(
      parseTokenArgs([
        '--sub',
        'sup-1',
        '--role',
        'supervisor',
        '--role',
        'case_manager',
        '--team',
        'north',
        '--team',
        'east',
        '--program',
        'housing',
        '--ttl',
        '2h',
      ]),
    ).toEqual({
      sub: 'sup-1',
      roles: ['supervisor', 'case_manager'],
      teams: ['north', 'east'],
      programs: ['housing'],
      ttlSeconds: 7200,
    });
    expect(parseTokenArgs(['--sub', 'a', '--role', 'auditor']).ttlSeconds).toBe(900);
    expect(parseTokenArgs(['--sub', 'a', '--role', 'auditor', '--ttl', '1s']).ttlSeconds).toBe(1);
  });

  it.each([
    [['--role', 'case_manager'], /needs --sub/],
    [['--sub', 'a'], /at least one --role: case_manager, supervisor, intake_worker/],
    [['--sub', 'a', '--role', 'root'], /--role "root" is not a role/],
    [['--sub', 'a b', '--role', 'auditor'], /--sub must be 1-255 visible ASCII/],
    [['--sub', 'a', '--role', 'auditor', '--team', ''], /--team must be/],
    [['--sub', 'a', '--role', 'auditor', '--ttl', 'soon'], /--ttl must be a duration from 1s to 7d/],
    [['--sub', 'a', '--role', 'auditor', '--ttl', '0s'], /--ttl must be/],
    [['--sub', 'a', '--role', 'auditor', '--ttl', '8d'], /--ttl must be/],
    [['--sub', 'a', '--role', 'auditor', 'extra'], /no arguments besides its options: extra/],
    [['--sub', 'a', '--role', 'auditor', '--admin'], /Unknown option '--admin'/],
    [['--sub'], /--sub/],
  ])('refuses %j', (args, message) => {
    expect(() => parseTokenArgs(args)).toThrow(message);
  });
});

describe('casetrail token', () => {
  it('prints, as the last line, a token the server of that data dir accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-token-'));
    const { out, err, io } = captureOutput();
    const code = await run(
      ['token', '--sub', 'cm-1', '--role', 'case_manager', '--program', 'housing'],
      { CASETRAIL_DATA_DIR: dir },
      io,
    );
    expect({ code, err: err.join('') }).toEqual({ code: 0, err: expect.stringContaining('Token for cm-1') });
    const token = out.join('').trim().split('\n').at(-1)!;
    const { authenticator } = await createAuthenticator(loadIdentityConfig({}, dir));
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toEqual({
      id: 'cm-1',
      kind: 'person',
      roles: ['case_manager'],
      teams: [],
      programs: ['housing'],
    });
  });

  it('--json: the token and what it grants as one JSON document on stdout, notes as JSON lines on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-token-'));
    const { out, err, io } = captureOutput();
    const code = await run(
      ['token', '--sub', 'cm-2', '--role', 'case_manager', '--ttl', '1h', '--json'],
      { CASETRAIL_DATA_DIR: dir },
      io,
    );
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      sub: 'cm-2',
      roles: ['case_manager'],
      audience: expect.any(String),
      ttlSeconds: 3600,
    });
    const notes = err
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(notes).toEqual(
      expect.arrayContaining([
        {
          level: 'info',
          msg: expect.stringContaining('Token for cm-2'),
          app: 'cli',
          time: expect.any(String),
        },
      ]),
    );
  });

  it('refuses when OIDC_ISSUER is set, saying why', async () => {
    const { err, io } = captureOutput();
    const code = await run(
      ['token', '--sub', 'a', '--role', 'auditor'],
      {
        OIDC_ISSUER: 'https://idp.example',
        OIDC_AUDIENCE: 'casetrail-api',
        CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-token-')),
      },
      io,
    );
    expect(code).toBe(1);
    expect(err.join('')).toMatch(
      /OIDC_ISSUER is set \(https:\/\/idp\.example\).*development issuer runs only without/,
    );
  });

  it('answers a bad command line with exit code 2 and the usage', async () => {
    const { err, io } = captureOutput();
    expect(await run(['token', '--sub', 'a', '--role', 'root'], {}, io)).toBe(EXIT_USAGE);
    expect(err.join('')).toMatch(/--role "root" is not a role[\s\S]*Usage: npm run casetrail/);
  });
});
