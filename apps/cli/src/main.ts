import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { partnerDisclosures, type AccessedCase, type AccessEntry } from '@casetrail/domain';
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
import {
  connectMongo,
  loadConfig,
  openProtectionFor,
  prepareMasterKey,
  type CasetrailConfig,
} from '@casetrail/platform';
import { FileProtectionStore, MongoProtectionStore, type Protection } from '@casetrail/protection';
import { CliError, EXIT_FAILURE, EXIT_USAGE, type Output } from './cli-error';
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
import { parseTokenArgs, runToken } from './token.command';
import { runVerify } from './verify.command';
import { runDisclosuresVerify } from './disclosures.command';
import { FileDisclosureStore, MongoDisclosureStore } from '@casetrail/platform';
import { newMasterKeyFor, runRotateMasterKey } from './rotate-master-key.command';

export const USAGE = `Usage: npm run casetrail -- <command> [options]

Commands:
  rebuild <readModel|all> [--batch-size N]
      Rebuild read models from the whole event store into a new collection while the live
      one keeps serving, then swap it in. External mode only. Read models: ${READ_MODEL_NAMES.join(', ')}.
  replay --case <caseId> [--as-of <when>] [--basis recorded|occurred] [--json]
      One case's timeline and state as they stood at <when> (default: now).
  replay --all [--as-of <when>] [--basis recorded|occurred] [--json] [--batch-size N]
      Every case as it stood at <when>: one line (or JSON object) per case existing then.
  replay --case <caseId> | --all --pseudonymise [--shift-dates] [--pseudonym-scope <name>] [...]
      For analysts: every event as a JSON line with no one named (no client data, no free text,
      ids as pseudonyms, dates shifted per case with --shift-dates). Pseudonyms are fresh per run
      unless --pseudonym-scope names a scope to keep them stable across exports.
  token --sub <id> --role <role> [--role ...] [--team <id>]... [--program <id>]... [--ttl 15m]
      An access token from the development issuer of CASETRAIL_DATA_DIR (embedded mode, or any
      mode without OIDC_ISSUER), printed as the last line. Works while the server runs.
      Roles: intake_worker, case_manager, supervisor, program_manager, analyst, auditor,
      administrator, service. --ttl: 1s to 7d, e.g. 1s, 15m, 2h (default 15m).
  journal repair [--data-dir <dir>]
      Embedded mode: move the damaged lines of the journal (the ones that stop the app from
      starting) to a file beside it, keep every intact commit, and say what the log now lacks.
      Deletes nothing. Stop the app first.
  verify [--case <caseId>] [--json]
      Walk the whole store (or one case) as stored: every stream's hash chain, and every signed
      anchor of the log. Names the first broken link per stream; exit 1 when there is one. Never
      opens the store, so it works while the app runs and on a journal the app refuses to open.
  disclosures --verify [--json]
      Recompute every partner disclosure from the event store alone (the discloser's own rules,
      nothing sent) and compare it with the accounting of disclosures; exit 1 and a summary of
      each difference (ids and field names only). Embedded mode: stop the app first.
  anchor
      Append a signed anchor (a digest of the whole log so far) now; the apps write one every
      ANCHOR_INTERVAL_MS. Prints its number, position and digest: keep them apart from the data.
  rotate-master-key [--new-key-file <file> | --new-key-out <file>]
      Re-wrap every data key under a new master key; no event changes. Embedded mode: a new key is
      made beside master.key (or taken from --new-key-file) and installed when all keys are re-wrapped.
      External mode: give the new key's file, or --new-key-out to make one; then switch
      CASETRAIL_MASTER_KEY. Stop the apps first. A rerun resumes an interrupted rotation.
  dead-letters [--data-dir <dir>] [--json]
      Embedded mode: the events the projector parked (ids, types, versions, reasons), oldest
      first. Works while the app runs. External mode parks them on the topic <KAFKA_TOPIC>.dlq.

Options:
  --as-of <when>      a day (2025-03-01, the start of that UTC day) or an instant with a zone
                      (2025-03-01T12:00:00Z)
  --basis recorded    what the agency knew then: events recorded by <when> (default)
  --basis occurred    what had happened by then, including what was only recorded later
  --json              machine-readable output on stdout (JSON lines for --all)
  --batch-size N      events read per round trip (default 500 for rebuild, 1000 for replay)
  --data-dir <dir>    the embedded data directory (default CASETRAIL_DATA_DIR, else .data)
  -h, --help          this text

Reads the same environment as the apps: MONGODB_URI and KAFKA_BROKERS (external mode,
MONGODB_DATABASE), or neither (embedded mode: the journal in CASETRAIL_DATA_DIR, which a
running app holds locked). Results go to stdout (\`npm run -s casetrail -- ...\` keeps npm's own
lines out of it); progress, warnings and errors to stderr.
Exit codes: 0 done, 1 failed, 2 bad command line (usage, unknown read model).
`;

const usageError = (message: string) => new CliError(`${message}\n\n${USAGE}`, EXIT_USAGE);

const parse = <T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) => {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
};

const batchSize = (value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw usageError(`--batch-size must be a whole number from 1 to 100000, not "${value}"`);
  return n;
};

const configFrom = (env: NodeJS.ProcessEnv): CasetrailConfig => {
  try {
    return loadConfig(env);
  } catch (error) {
    throw new CliError(`Configuration: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const runRebuild = async (args: readonly string[], env: NodeJS.ProcessEnv, io: Output): Promise<void> => {
  const { values, positionals } = parse(args, {
    'batch-size': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void io.stdout.write(USAGE);
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0)
    throw usageError(
      `rebuild takes one read model name or "all": ${[...READ_MODEL_NAMES, 'all'].join(', ')}`,
    );
  await rebuild(configFrom(env), name, { batchSize: batchSize(values['batch-size'], 500) }, io);
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

const runReplay = async (args: readonly string[], env: NodeJS.ProcessEnv, io: Output): Promise<void> => {
  const { values, positionals } = parse(args, {
    case: { type: 'string' },
    all: { type: 'boolean' },
    'as-of': { type: 'string' },
    basis: { type: 'string' },
    json: { type: 'boolean' },
    'batch-size': { type: 'string' },
    pseudonymise: { type: 'boolean' },
    'shift-dates': { type: 'boolean' },
    'pseudonym-scope': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void io.stdout.write(USAGE);
  if (!values.pseudonymise && (values['shift-dates'] || values['pseudonym-scope'] !== undefined))
    throw usageError('--shift-dates and --pseudonym-scope apply to replay --pseudonymise only');
  if (values['pseudonym-scope'] !== undefined && values['pseudonym-scope'].trim() === '')
    throw usageError('--pseudonym-scope must name a scope');
  if (positionals.length > 0)
    throw usageError(`replay takes no arguments besides its options: ${positionals.join(' ')}`);
  if ((values.case === undefined) === !values.all)
    throw usageError('replay needs exactly one of --case <caseId> or --all');
  if (values.case !== undefined && values['batch-size'] !== undefined)
    throw usageError('--batch-size applies to replay --all only');
  const when: AsOf = {
    instant: values['as-of'] === undefined ? undefined : parseInstant(values['as-of']),
    basis: parseBasis(values.basis),
  };
  const json = values.json ?? false;
  const size = batchSize(values['batch-size'], 1000);
  const config = configFrom(env);
  const opened = await openStores(config);
  const timeZone = config.agencyTimeZone;
  try {
    if (values.pseudonymise)
      await runReplayPseudonymised(
        opened.store,
        // A scope of its own per run unless named: two exports cannot be joined by accident.
        opened.protection.pseudonyms(values['pseudonym-scope'] ?? `export:${randomUUID()}`),
        when,
        { caseId: values.case, shiftDates: values['shift-dates'] ?? false, batchSize: size },
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

const runTokenCommand = async (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<void> => {
  if (args.includes('--help') || args.includes('-h')) return void io.stdout.write(USAGE);
  let request;
  try {
    request = parseTokenArgs(args);
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT_USAGE) throw usageError(error.message);
    throw error;
  }
  await runToken(request, configFrom(env), io);
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

const runJournal = (args: readonly string[], env: NodeJS.ProcessEnv, io: Output): void => {
  const { values, positionals } = parse(args, {
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void io.stdout.write(USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'repair')
    throw usageError('journal takes one subcommand: repair');
  runJournalRepair(dataDirectory(values['data-dir'], env, 'journal repair'), io);
};

const runDeadLettersCommand = (args: readonly string[], env: NodeJS.ProcessEnv, io: Output): void => {
  const { values, positionals } = parse(args, {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void io.stdout.write(USAGE);
  if (positionals.length > 0)
    throw usageError(`dead-letters takes no arguments besides its options: ${positionals.join(' ')}`);
  runDeadLetters(dataDirectory(values['data-dir'], env, 'dead-letters'), { json: values.json ?? false }, io);
};

/** Where verify and anchor read: the stored log itself, and its anchors, in either mode. */
const logAndAnchors = async (
  config: CasetrailConfig,
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
  const client = await connectMongo(config);
  const db = client.db(config.mongo.database);
  try {
    const protection = await openProtectionFor(config, db);
    return {
      source: mongoSource(db),
      anchors: new MongoAnchorStore(db),
      protection,
      close: async () => {
        await protection.close();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
};

const failure = (what: string, error: unknown): CliError =>
  error instanceof CliError
    ? error
    : new CliError(`${what}: ${error instanceof Error ? error.message : String(error)}`);

const runVerifyCommand = async (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<number> => {
  const { values, positionals } = parse(args, {
    case: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void io.stdout.write(USAGE), 0);
  if (positionals.length > 0)
    throw usageError(`verify takes no arguments besides its options: ${positionals.join(' ')}`);
  let opened;
  try {
    opened = await logAndAnchors(configFrom(env));
  } catch (error) {
    throw failure('Cannot open the store to verify', error);
  }
  try {
    const protection = opened.protection;
    return await runVerify({
      source: opened.source,
      anchors: opened.anchors,
      mac: (bytes) => protection.anchorMac(bytes),
      ...(values.case === undefined ? {} : { caseId: values.case }),
      json: values.json ?? false,
      out: io,
    });
  } finally {
    await opened.close();
  }
};

const runDisclosuresCommand = async (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<number> => {
  const { values, positionals } = parse(args, {
    verify: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void io.stdout.write(USAGE), 0);
  if (positionals.length > 0 || !values.verify) throw usageError('disclosures takes --verify (and --json)');
  const config = configFrom(env);
  const stores = await openStores(config);
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
      json: values.json ?? false,
      out: io,
    });
  } finally {
    await stores.close();
  }
};

const runAnchorCommand = async (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<void> => {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) return void io.stdout.write(USAGE);
  if (positionals.length > 0) throw usageError('anchor takes no arguments');
  const config = configFrom(env);
  // The apps' own store (the journal's lock included): the digest reads only what every reader sees.
  const stores = await openStores(config);
  try {
    const db = stores.db;
    const anchor = await new AnchorWriter({
      store: stores.store,
      anchors: db ? new MongoAnchorStore(db) : new FileAnchorStore(config.dataDir),
      mac: (bytes) => stores.protection.anchorMac(bytes),
      clock: () => new Date().toISOString(),
    }).anchor();
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
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<void> => {
  const { values, positionals } = parse(args, {
    'new-key-file': { type: 'string' },
    'new-key-out': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void io.stdout.write(USAGE);
  if (positionals.length > 0) throw usageError('rotate-master-key takes no arguments besides its options');
  const config = configFrom(env);
  let current;
  try {
    current = prepareMasterKey(config);
  } catch (error) {
    throw failure('The current master key', error);
  }
  const dataDir = config.mode === 'embedded' && current.source === 'data-dir' ? config.dataDir : undefined;
  const next = newMasterKeyFor({
    ...(values['new-key-file'] === undefined ? {} : { newKeyFile: resolve(values['new-key-file']) }),
    ...(values['new-key-out'] === undefined ? {} : { newKeyOut: resolve(values['new-key-out']) }),
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  if (config.mode === 'embedded') {
    // Holding the journal's lock keeps the app from running (and rewriting the key files) meanwhile.
    const stores = await openStores(config);
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
  const client = await connectMongo(config);
  try {
    const store = await new MongoProtectionStore(client.db(config.mongo.database)).init();
    await runRotateMasterKey({ store, currentKey: current.key, newKey: next.key, out: io });
  } finally {
    await client.close();
  }
};

/** Runs one command line; resolves to the exit code. Never throws. */
export const run = async (argv: readonly string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> => {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT_USAGE : 0;
      case 'rebuild':
        await runRebuild(args, env, io);
        return 0;
      case 'replay':
        await runReplay(args, env, io);
        return 0;
      case 'token':
        await runTokenCommand(args, env, io);
        return 0;
      case 'journal':
        runJournal(args, env, io);
        return 0;
      case 'dead-letters':
        runDeadLettersCommand(args, env, io);
        return 0;
      case 'verify':
        return await runVerifyCommand(args, env, io);
      case 'disclosures':
        return await runDisclosuresCommand(args, env, io);
      case 'anchor':
        await runAnchorCommand(args, env, io);
        return 0;
      case 'rotate-master-key':
        await runRotateCommand(args, env, io);
        return 0;
      default:
        throw usageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`casetrail: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`casetrail: unexpected failure: ${detail}\n`);
    return EXIT_FAILURE;
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
    },
  );
}
