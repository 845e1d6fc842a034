import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option, type Help } from 'commander';
import { partnerDisclosures, ROLES, type AccessedCase, type AccessEntry } from '@casetrail/domain';
import {
  AccessRecorder,
  AnchorWriter,
  FileAnchorStore,
  journalSource,
  MongoAnchorStore,
  mongoSource,
  type AnchorStore,
  type EventStore,
  type RawEventSource,
} from '@casetrail/event-store';
import { loadConfig, openProtectionFor, prepareMasterKey, type CasetrailConfig } from '@casetrail/platform';
import { FileProtectionStore, MongoProtectionStore, type Protection } from '@casetrail/protection';
import { CliError, EXIT_FAILURE, EXIT_USAGE, type Output } from './cli-error';
import { jsonLines } from './json-output';
import { READ_MODEL_NAMES, rebuild } from './rebuild.command';
import {
  parseBasis,
  parseInstant,
  runReplayAll,
  runReplayCase,
  runReplayPseudonymised,
  type AsOf,
  type RecordAccess,
} from './replay.command';
import { openStores } from './stores';
import { runDeadLetters } from './dead-letters.command';
import { runJournalRepair } from './journal.command';
import { runToken, tokenRequestFrom } from './token.command';
import { runVerify } from './verify.command';
import { runDisclosuresVerify } from './disclosures.command';
import { FileDisclosureStore, MongoDisclosureStore } from '@casetrail/platform';
import { newMasterKeyFor, runRotateMasterKey } from './rotate-master-key.command';
import { runReindexClients } from './reindex-clients.command';

const configFrom = (env: NodeJS.ProcessEnv): CasetrailConfig => {
  try {
    return loadConfig(env);
  } catch (error) {
    throw new CliError(`Configuration: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** Who runs the CLI: the operating-system user, as the access log's actor. */
const cliUser = (env: NodeJS.ProcessEnv): string => {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
};

export const CASES_PER_ACCESS_ENTRY = 500;

/** A replay of every case names them all, in entries of a bounded size (so a commit stays small). */
export const replayAccessEntries = (
  cases: readonly AccessedCase[],
  route: string,
  actorId: string,
  at: string,
  correlationId: string,
): AccessEntry[] => {
  const entries: AccessEntry[] = [];
  for (let i = 0; i < cases.length; i += CASES_PER_ACCESS_ENTRY) {
    entries.push({
      actor: { id: actorId, role: 'system' },
      route,
      outcome: 'granted',
      denial: null,
      cases: cases.slice(i, i + CASES_PER_ACCESS_ENTRY),
      reason: null,
      emergencyUntil: null,
      at,
      correlationId,
    });
  }
  return entries;
};

/** A replay's access entries, recorded in the store it reads before anything is printed. */
const accessRecording = (store: EventStore, route: string, env: NodeJS.ProcessEnv): RecordAccess => {
  const recorder = new AccessRecorder(store);
  return async (cases: readonly AccessedCase[]) => {
    const entries = replayAccessEntries(
      cases,
      route,
      `cli:${cliUser(env)}`,
      new Date().toISOString(),
      randomUUID(),
    );
    try {
      await Promise.all(entries.map((entry) => recorder.record(entry)));
    } catch (error) {
      throw new CliError(
        `Cannot record this replay in the access log, so it prints nothing: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      await recorder.close();
    }
  };
};

export interface ReplayValues {
  readonly case?: string;
  readonly all?: boolean;
  readonly asOf?: string;
  readonly basis?: string;
  readonly batchSize?: number;
  readonly pseudonymise?: boolean;
  readonly shiftDates?: boolean;
  readonly pseudonymScope?: string;
}

/** What commander cannot say in a declaration: which options go together. */
export const checkReplay = (values: ReplayValues): void => {
  if (!values.pseudonymise && (values.shiftDates || values.pseudonymScope !== undefined))
    throw usageError('--shift-dates and --pseudonym-scope apply to replay --pseudonymise only');
  if (values.pseudonymScope !== undefined && values.pseudonymScope.trim() === '')
    throw usageError('--pseudonym-scope must name a scope');
  if ((values.case === undefined) === !values.all)
    throw usageError('replay needs exactly one of --case <caseId> or --all');
  if (values.case !== undefined && values.batchSize !== undefined)
    throw usageError('--batch-size applies to replay --all only');
};

const runReplay = async (values: ReplayValues, env: NodeJS.ProcessEnv, io: Output): Promise<void> => {
  checkReplay(values);
  const when: AsOf = {
    instant: values.asOf === undefined ? undefined : parseInstant(values.asOf),
    basis: parseBasis(values.basis),
  };
  const json = io.json ?? false;
  const size = values.batchSize ?? 1000;
  const config = configFrom(env);
  const opened = await openStores(config, io);
  const timeZone = config.agencyTimeZone;
  try {
    if (values.pseudonymise)
      await runReplayPseudonymised(
        opened.store,
        // A scope of its own per run unless named: two exports cannot be joined by accident.
        opened.protection.pseudonyms(values.pseudonymScope ?? `export:${randomUUID()}`),
        when,
        { caseId: values.case, shiftDates: values.shiftDates ?? false, batchSize: size },
        io,
        accessRecording(
          opened.store,
          `CLI replay --pseudonymise ${values.case === undefined ? '--all' : '--case'}`,
          env,
        ),
      );
    else if (values.case !== undefined)
      await runReplayCase(
        opened.store,
        opened.protection.opener,
        values.case,
        when,
        { json, timeZone },
        io,
        accessRecording(opened.store, 'CLI replay --case', env),
      );
    else
      await runReplayAll(
        opened.store,
        opened.protection.opener,
        when,
        { json, batchSize: size, timeZone },
        io,
        accessRecording(opened.store, 'CLI replay --all', env),
      );
  } finally {
    await opened.close();
  }
};

/** The embedded data directory a command names, or the configuration's in embedded mode. */
const dataDirectory = (given: string | undefined, env: NodeJS.ProcessEnv, what: string): string => {
  if (given !== undefined) return resolve(given);
  const config = configFrom(env);
  if (config.mode === 'external')
    throw usageError(
      `${what} applies to embedded mode: pass --data-dir, or unset MONGODB_URI and KAFKA_BROKERS`,
    );
  return config.dataDir;
};

const runJournal = (dataDir: string | undefined, env: NodeJS.ProcessEnv, io: Output): void =>
  runJournalRepair(dataDirectory(dataDir, env, 'journal repair'), io);

const runDeadLettersCommand = (dataDir: string | undefined, env: NodeJS.ProcessEnv, io: Output): void =>
  runDeadLetters(dataDirectory(dataDir, env, 'dead-letters'), { json: io.json ?? false }, io);

/**
 * Where verify reads: the stored log itself, and its anchors. External mode takes them from the
 * apps' own modules (openStores: an existing store only, nothing changed in it); embedded mode
 * reads the journal's file without opening the store, so that verify works while the app holds
 * the journal's lock and on a journal the app refuses to open.
 */
const logAndAnchors = async (
  config: CasetrailConfig,
  io: Output,
): Promise<{
  source: RawEventSource;
  anchors: AnchorStore;
  protection: Protection;
  close(): Promise<void>;
}> => {
  if (config.mode === 'embedded') {
    const protection = await openProtectionFor(config, null);
    return {
      source: journalSource(config.dataDir),
      anchors: new FileAnchorStore(config.dataDir),
      protection,
      close: () => protection.close(),
    };
  }
  const stores = await openStores(config, io);
  const db = stores.db;
  if (db === null) {
    await stores.close();
    throw new CliError('External mode without a database');
  }
  return {
    source: mongoSource(db),
    anchors: new MongoAnchorStore(db),
    protection: stores.protection,
    close: () => stores.close(),
  };
};

const failure = (what: string, error: unknown): CliError =>
  error instanceof CliError
    ? error
    : new CliError(`${what}: ${error instanceof Error ? error.message : String(error)}`);

const runVerifyCommand = async (
  caseId: string | undefined,
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<number> => {
  let opened;
  try {
    opened = await logAndAnchors(configFrom(env), io);
  } catch (error) {
    throw failure('Cannot open the store to verify', error);
  }
  try {
    const protection = opened.protection;
    return await runVerify({
      source: opened.source,
      anchors: opened.anchors,
      mac: (bytes) => protection.anchorMac(bytes),
      ...(caseId === undefined ? {} : { caseId }),
      json: io.json ?? false,
      out: io,
    });
  } finally {
    await opened.close();
  }
};

const runDisclosuresCommand = async (
  verify: boolean,
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<number> => {
  if (!verify) throw usageError('disclosures takes --verify');
  const config = configFrom(env);
  const stores = await openStores(config, io);
  try {
    const categories = config.sharing.programCategories;
    return await runDisclosuresVerify({
      store: stores.store,
      opener: stores.protection.opener,
      records: stores.db ? new MongoDisclosureStore(stores.db) : new FileDisclosureStore(config.dataDir),
      isErased: async (clientId) =>
        ((await stores.protection.erasures.get(clientId))?.destroyedAt ?? null) !== null,
      partnerDisclosures,
      context: { programCategory: (programId) => categories[programId] ?? null },
      topic: config.kafka.topic,
      json: io.json ?? false,
      out: io,
    });
  } finally {
    await stores.close();
  }
};

const runReindexCommand = async (env: NodeJS.ProcessEnv, io: Output): Promise<void> => {
  const config = configFrom(env);
  const stores = await openStores(config, io);
  try {
    await runReindexClients({
      store: stores.store,
      protection: stores.protection,
      json: io.json ?? false,
      out: io,
    });
  } finally {
    await stores.close();
  }
};

const runAnchorCommand = async (env: NodeJS.ProcessEnv, io: Output): Promise<void> => {
  const config = configFrom(env);
  // The apps' own store (the journal's lock included): the digest reads only what every reader sees.
  const stores = await openStores(config, io);
  try {
    const db = stores.db;
    const anchor = await new AnchorWriter({
      store: stores.store,
      anchors: db ? new MongoAnchorStore(db) : new FileAnchorStore(config.dataDir),
      mac: (bytes) => stores.protection.anchorMac(bytes),
      clock: () => new Date().toISOString(),
    }).anchor();
    if (io.json) return void io.stdout.write(`${JSON.stringify({ anchor })}\n`);
    io.stdout.write(
      anchor === null
        ? 'Nothing new since the last anchor.\n'
        : `Anchor ${anchor.n} through position ${anchor.through} (${anchor.events} events): ${anchor.digest}\n`,
    );
  } finally {
    await stores.close();
  }
};

const runRotateCommand = async (
  values: { readonly newKeyFile?: string; readonly newKeyOut?: string },
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<void> => {
  const config = configFrom(env);
  let current;
  try {
    current = prepareMasterKey(config);
  } catch (error) {
    throw failure('The current master key', error);
  }
  const dataDir = config.mode === 'embedded' && current.source === 'data-dir' ? config.dataDir : undefined;
  const next = newMasterKeyFor({
    ...(values.newKeyFile === undefined ? {} : { newKeyFile: resolve(values.newKeyFile) }),
    ...(values.newKeyOut === undefined ? {} : { newKeyOut: resolve(values.newKeyOut) }),
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  if (config.mode === 'embedded') {
    // Holding the journal's lock keeps the app from running (and rewriting the key files) meanwhile.
    const stores = await openStores(config, io);
    const store = FileProtectionStore.open(config.dataDir);
    try {
      await runRotateMasterKey({
        store,
        currentKey: current.key,
        newKey: next.key,
        out: io,
        ...(dataDir ? { dataDir } : {}),
      });
    } finally {
      await store.close();
      await stores.close();
    }
    return;
  }
  // The apps' own modules open the database (an existing store only); the key store is the one
  // they read, re-wrapped in place.
  const stores = await openStores(config, io);
  try {
    if (stores.db === null) throw new CliError('External mode without a database');
    const store = await new MongoProtectionStore(stores.db).init();
    await runRotateMasterKey({ store, currentKey: current.key, newKey: next.key, out: io });
  } finally {
    await stores.close();
  }
};

const USAGE_HINT = 'run "casetrail <command> --help" for its options';
const usageError = (message: string) => new CliError(`${message} (${USAGE_HINT})`, EXIT_USAGE);

/** --batch-size N: a whole number from 1 to 100000. */
export const parseBatchSize = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw new InvalidArgumentError('it must be a whole number from 1 to 100000');
  return n;
};

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

const FOOTER = `
Reads the same environment as the apps: MONGODB_URI and KAFKA_BROKERS (external mode,
MONGODB_DATABASE), or neither (embedded mode: the journal in CASETRAIL_DATA_DIR, which a
running app holds locked). Results go to stdout (\`npm run -s casetrail -- ...\` keeps npm's own
lines out of it); progress, warnings and errors to stderr. With --json, results are JSON on
stdout (one document, or JSON lines for a stream) and diagnostics JSON lines on stderr.
Exit codes: 0 done, 1 failed, 2 bad command line (usage, unknown read model).
`;

/** The usage line of each command in the overview, arguments first: "rebuild <readModel|all> [options]". */
const subcommandTerm = (cmd: Command): string => {
  const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
  return [cmd.name(), ...args, ...(cmd.options.length > 0 ? ['[options]'] : [])].join(' ');
};

/**
 * Every command and option, declared. Each action resolves to the exit code in `exit`; commander
 * never exits the process itself (exitOverride), so `run` maps its errors to exit code 2.
 */
export const buildProgram = (env: NodeJS.ProcessEnv, io: Output, exit: { code: number }): Command => {
  const program = new Command('npm run casetrail --')
    .usage('<command> [options]')
    .description('The Casetrail operator CLI: npm run -s casetrail -- <command> [options]')
    .option('--json', 'machine-readable output: JSON on stdout, JSON lines for streams and on stderr')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Errors are written once, by run, in the mode's format.
      outputError: () => undefined,
    })
    .configureHelp({
      subcommandTerm,
      sortSubcommands: false,
    } as Partial<Help>)
    .addHelpText('after', FOOTER);
  const done = (code = 0) => {
    exit.code = code;
  };

  program
    .command('rebuild')
    .argument('<readModel|all>', `a read model (${READ_MODEL_NAMES.join(', ')}) or all`)
    .description(
      'Rebuild read models from the whole event store into a new collection while the live one keeps serving, then swap it in. External mode only.',
    )
    .addOption(
      new Option('--batch-size <n>', 'events read per round trip').argParser(parseBatchSize).default(500),
    )
    .action(async (name: string, values: { batchSize: number }) => {
      await rebuild(configFrom(env), name, { batchSize: values.batchSize }, io);
      done();
    });

  program
    .command('replay')
    .description(
      'One case (--case) or every case (--all) as it stood at --as-of (default: now); with --pseudonymise, every event as a JSON line with no one named, for analysts.',
    )
    .option('--case <caseId>', 'the case to replay')
    .option('--all', 'every case existing then: one line (or JSON object) per case')
    .option(
      '--as-of <when>',
      'a day (2025-03-01, the start of that UTC day) or an instant with a zone (2025-03-01T12:00:00Z)',
    )
    .addOption(
      new Option(
        '--basis <basis>',
        'recorded: what the agency knew then; occurred: what had happened by then',
      ).choices(['recorded', 'occurred']),
    )
    .addOption(
      new Option('--batch-size <n>', 'events read per round trip (--all; default 1000)').argParser(
        parseBatchSize,
      ),
    )
    .option('--pseudonymise', 'no client data, no free text, ids as pseudonyms')
    .option('--shift-dates', 'with --pseudonymise: dates shifted per case')
    .option(
      '--pseudonym-scope <name>',
      'with --pseudonymise: keep pseudonyms stable across exports of this scope (default: fresh per run)',
    )
    .action(async (values: ReplayValues) => {
      await runReplay(values, env, io);
      done();
    });

  program
    .command('token')
    .description(
      'An access token from the development issuer of CASETRAIL_DATA_DIR (embedded mode, or any mode without OIDC_ISSUER), printed as the last line. Works while the server runs.',
    )
    .option('--sub <id>', 'the subject the token is for')
    .option('--role <role>', `a role, repeatable: ${ROLES.join(', ')}`, collect)
    .option('--team <id>', 'a team, repeatable', collect)
    .option('--program <id>', 'a program, repeatable', collect)
    .option('--ttl <duration>', 'lifetime from 1s to 7d, e.g. 1s, 15m, 2h (default 15m)')
    .action(async (values: Parameters<typeof tokenRequestFrom>[0]) => {
      let request;
      try {
        request = tokenRequestFrom(values);
      } catch (error) {
        if (error instanceof CliError && error.exitCode === EXIT_USAGE) throw usageError(error.message);
        throw error;
      }
      await runToken(request, configFrom(env), io);
      done();
    });

  const journal = program
    .command('journal')
    .description('The embedded journal: repair')
    .addHelpText('after', '\nCommands:\n  repair [--data-dir <dir>]\n');
  journal
    .command('repair')
    .description(
      'Embedded mode: move the damaged lines of the journal (the ones that stop the app from starting) to a file beside it, keep every intact commit, and say what the log now lacks. Deletes nothing. Stop the app first.',
    )
    .option('--data-dir <dir>', 'the embedded data directory (default CASETRAIL_DATA_DIR, else .data)')
    .action((values: { dataDir?: string }) => {
      runJournal(values.dataDir, env, io);
      done();
    });

  program
    .command('verify')
    .description(
      'Walk the whole store (or one case) as stored: every hash chain and every signed anchor. Exit 1 naming the first broken link per stream. Works while the app runs.',
    )
    .option('--case <caseId>', 'one case only')
    .action(async (values: { case?: string }) => done(await runVerifyCommand(values.case, env, io)));

  program
    .command('disclosures')
    .description(
      'With --verify: recompute every partner disclosure from the event store alone and compare it with the accounting of disclosures; exit 1 and a summary of each difference. Embedded mode: stop the app first.',
    )
    .option('--verify', 'recompute and compare')
    .action(async (values: { verify?: boolean }) =>
      done(await runDisclosuresCommand(values.verify ?? false, env, io)),
    );

  program
    .command('anchor')
    .description(
      'Append a signed anchor (a digest of the whole log so far) now; prints its number, position and digest.',
    )
    .action(async () => {
      await runAnchorCommand(env, io);
      done();
    });

  program
    .command('reindex-clients')
    .description(
      'Write the blind-index and matching entries (phonetic name, phone) of every client again from their first engagement: for clients engaged before those entries existed. Idempotent; prints counts, never names. Embedded mode: stop the app first.',
    )
    .action(async () => {
      await runReindexCommand(env, io);
      done();
    });

  program
    .command('rotate-master-key')
    .description(
      'Re-wrap every data key under a new master key; no event changes. Stop the apps first. A rerun resumes an interrupted rotation.',
    )
    .addOption(new Option('--new-key-file <file>', 'the new key').conflicts('newKeyOut'))
    .option('--new-key-out <file>', 'make a new key in this file (external mode)')
    .action(async (values: { newKeyFile?: string; newKeyOut?: string }) => {
      await runRotateCommand(values, env, io);
      done();
    });

  program
    .command('dead-letters')
    .description(
      'Embedded mode: the events the projector parked (ids, types, versions, reasons), oldest first. Works while the app runs. External mode parks them on the topic <KAFKA_TOPIC>.dlq.',
    )
    .option('--data-dir <dir>', 'the embedded data directory (default CASETRAIL_DATA_DIR, else .data)')
    .action((values: { dataDir?: string }) => {
      runDeadLettersCommand(values.dataDir, env, io);
      done();
    });

  return program;
};

/** --json anywhere before "--" selects machine mode, for errors found before any action runs too. */
const wantsJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

/** The help of the (sub)command a command line names, else the overview. */
const helpFor = (program: Command, argv: readonly string[]): string => {
  let command = program;
  for (const word of argv.filter((a) => !a.startsWith('-'))) {
    const sub = command.commands.find((c) => c.name() === word);
    if (sub === undefined) break;
    command = sub;
  }
  return command.helpInformation();
};

/** Runs one command line; resolves to the exit code. Never throws. */
export const run = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  given: Output,
): Promise<number> => {
  const json = wantsJson(argv);
  const io: Output = json ? jsonLines(given) : given;
  const exit = { code: 0 };
  const program = buildProgram(env, io, exit);
  const fail = (message: string, exitCode: number): number => {
    if (io.logger) io.logger.error({ exitCode }, message);
    else io.stderr.write(`casetrail: ${message}\n`);
    // A person who typed a bad command line sees how that command is used.
    if (!json && exitCode === EXIT_USAGE) io.stderr.write(`\n${helpFor(program, argv)}`);
    return exitCode;
  };
  if (argv.filter((a) => a !== '--json').length === 0) {
    io.stdout.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code))
        return error.exitCode === 0 ? 0 : EXIT_USAGE;
      return fail(`${error.message.replace(/^error: /, '')} (${USAGE_HINT})`, EXIT_USAGE);
    }
    if (error instanceof CliError) return fail(error.message, error.exitCode);
    return fail(
      `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      EXIT_FAILURE,
    );
  }
};

if (require.main === module) {
  // `... | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  void run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
      if (code === 0) return;
      // A failure is the end: nothing more will be written. Waiting for the event loop to empty
      // would hang it when opening the stores failed half-way (a wrong master key, say), since Nest
      // closes nothing of an application context it could not finish building, and the database
      // connection it had opened stays. Exit once both streams have written what they hold.
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
    },
  );
}
