import type { Command } from 'commander';
import { buildProgram, parseBatchSize, run } from './main';
import { captureOutput } from './testing/capture-output';

const noEnv = { PATH: process.env.PATH };

const runCaptured = async (argv: string[]) => {
  const { out, err, io } = captureOutput();
  const code = await run(argv, noEnv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
};

const command = (name: string): Command => {
  const program = buildProgram(noEnv, captureOutput().io, { code: 0 });
  const found = program.commands.find((c) => c.name() === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
};

describe('the CLI parser (commander)', () => {
  const OPTIONS: Record<string, readonly string[]> = {
    rebuild: ['--batch-size'],
    replay: [
      '--case',
      '--all',
      '--as-of',
      '--basis',
      '--batch-size',
      '--pseudonymise',
      '--shift-dates',
      '--pseudonym-scope',
    ],
    token: ['--sub', '--role', '--team', '--program', '--ttl'],
    verify: ['--case'],
    disclosures: ['--verify'],
    anchor: [],
    'rotate-master-key': ['--new-key-file', '--new-key-out'],
    'reindex-clients': [],
    'dead-letters': ['--data-dir'],
  };

  it.each(Object.entries(OPTIONS))(
    '%s --help lists each of its options, on stdout, exit 0',
    async (name, options) => {
      const help = await runCaptured([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run casetrail -- ${name}`);
      for (const option of options) expect(help.stdout).toContain(option);
      expect(help.stderr).toBe('');
    },
  );

  it('journal repair --help lists --data-dir', async () => {
    const help = await runCaptured(['journal', 'repair', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--data-dir <dir>');
  });

  it('the overview names every command with its arguments, and the global --json', async () => {
    const help = await runCaptured(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rebuild <readModel|all> [options]');
    for (const name of [...Object.keys(OPTIONS), 'journal']) expect(help.stdout).toContain(name);
    expect(help.stdout).toContain('--json');
    expect(help.stdout).toContain('Exit codes: 0 done, 1 failed, 2 bad command line');
  });

  it('with no command, shows the overview and exits 2', async () => {
    const none = await runCaptured([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: npm run casetrail -- <command> [options]');
  });

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['verify', '--frob'], "unknown option '--frob'"],
    [['rebuild'], "missing required argument 'readModel|all'"],
    [['rebuild', 'all', '--batch-size', '0'], 'must be a whole number from 1 to 100000'],
    [['replay', '--case', 'c-1', '--basis', 'sometime'], "'sometime' is invalid"],
    [['replay', '--case', 'c-1', '--all'], 'replay needs exactly one of --case <caseId> or --all'],
    [
      ['replay', '--all', '--shift-dates'],
      '--shift-dates and --pseudonym-scope apply to replay --pseudonymise only',
    ],
    [['replay', '--case', 'c-1', '--batch-size', '5'], '--batch-size applies to replay --all only'],
    [['token', '--role', 'auditor'], 'token needs --sub <id>'],
    [['token', '--sub', 'a', '--role', 'wizard'], '--role "wizard" is not a role'],
    [['rotate-master-key', '--new-key-file', 'a', '--new-key-out', 'b'], 'cannot be used with'],
    [['disclosures'], 'disclosures takes --verify'],
    [['anchor', 'now'], 'too many arguments'],
  ])('refuses %j with exit 2 and a clear message', async (argv, message) => {
    const refused = await runCaptured([...argv]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(/^casetrail: /);
    expect(refused.stderr).toContain(message);
    expect(refused.stderr).toContain('casetrail <command> --help');
    // Followed by the usage of the command it names (or the overview).
    expect(refused.stderr).toContain(
      `Usage: npm run casetrail -- ${argv[0] === 'frobnicate' ? '' : argv[0]}`,
    );
  });

  it('declares the defaults and collects repeated options', () => {
    const rebuild = command('rebuild');
    rebuild.parseOptions([]);
    expect(rebuild.opts()).toEqual({ batchSize: 500 });
    const token = command('token');
    token.parseOptions(['--sub', 'a', '--role', 'auditor', '--role', 'supervisor', '--team', 't1']);
    expect(token.opts()).toEqual({ sub: 'a', role: ['auditor', 'supervisor'], team: ['t1'] });
    const replay = command('replay');
    replay.parseOptions(['--all', '--batch-size', '25', '--pseudonymise', '--pseudonym-scope', 'q1']);
    expect(replay.opts()).toEqual({ all: true, batchSize: 25, pseudonymise: true, pseudonymScope: 'q1' });
  });

  it('reads --batch-size as a whole number from 1 to 100000', () => {
    expect(parseBatchSize('1')).toBe(1);
    expect(parseBatchSize('100000')).toBe(100_000);
    for (const bad of ['0', '100001', '1.5', '-3', 'ten', ''])
      expect(() => parseBatchSize(bad)).toThrow('whole number from 1 to 100000');
  });
});

describe('the CLI --json mode', () => {
  it('takes --json before or after the command, and reports errors as one JSON line on stderr', async () => {
    for (const argv of [
      ['--json', 'replay', '--case', 'c-1', '--all'],
      ['replay', '--case', 'c-1', '--all', '--json'],
    ]) {
      const refused = await runCaptured(argv);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toEqual({
        level: 'error',
        msg: expect.stringContaining('replay needs exactly one of --case <caseId> or --all'),
        exitCode: 2,
        // A pino line, as the apps write them.
        app: 'cli',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    }
    const unknown = await runCaptured(['--json', 'frobnicate']);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ level: 'error', exitCode: 2 });
  });
});
