import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMasterKeyFile,
  fsyncDirectory,
  LocalKeyManagement,
  MASTER_KEY_FILE_NAME,
  readMasterKeyFile,
  rotateMasterKey,
  type ProtectionStore,
  type RotationResult,
} from '@casetrail/protection';
import { CliError, type Output } from './cli-error';

/** Embedded mode: where the new master key waits until every key is re-wrapped under it. */
export const PENDING_MASTER_KEY_FILE_NAME = `${MASTER_KEY_FILE_NAME}.new`;

export interface NewMasterKey {
  readonly key: Buffer;
  /** The file that holds it. */
  readonly path: string;
  readonly generated: boolean;
}

/**
 * Where the new key comes from: `--new-key-file <file>` (a key the operator made, e.g. for a secret
 * manager), or generated into `--new-key-out <file>` (external mode) or `<dataDir>/master.key.new`
 * (embedded mode, the default there). A pending key left by an interrupted embedded run is reused, so
 * a rerun without flags finishes the same rotation. The key's text is never printed.
 */
export const newMasterKeyFor = (options: {
  readonly newKeyFile?: string;
  readonly newKeyOut?: string;
  /** Embedded mode with its key in `<dataDir>/master.key`. */
  readonly dataDir?: string;
}): NewMasterKey => {
  const { newKeyFile, newKeyOut, dataDir } = options;
  if (newKeyFile !== undefined && newKeyOut !== undefined)
    throw new CliError('Give --new-key-file or --new-key-out, not both', 2);
  const pending = dataDir === undefined ? undefined : join(dataDir, PENDING_MASTER_KEY_FILE_NAME);
  if (pending !== undefined && existsSync(pending)) {
    const key = readMasterKeyFile(pending);
    if (newKeyFile !== undefined && !readMasterKeyFile(newKeyFile).equals(key))
      throw new CliError(
        `${pending} holds the new key of an unfinished rotation, and ${newKeyFile} holds another: rerun without --new-key-file to finish that rotation`,
      );
    return { key, path: pending, generated: false };
  }
  if (newKeyFile !== undefined) {
    const key = readMasterKeyFile(newKeyFile, `--new-key-file ${newKeyFile}`);
    if (pending === undefined) return { key, path: newKeyFile, generated: false };
    // Copied beside master.key first: the rename that installs it must not cross filesystems.
    const created = createMasterKeyFile(pending, key);
    return { key: created.key, path: pending, generated: false };
  }
  const target = newKeyOut ?? pending;
  if (target === undefined)
    throw new CliError(
      'External mode needs the new key: --new-key-file <file> (a key you made) or --new-key-out <file> (one made now)',
      2,
    );
  if (existsSync(target))
    throw new CliError(
      `${target} exists: pass it as --new-key-file to finish a rotation to it, or name a new file`,
      2,
    );
  return { key: createMasterKeyFile(target).key, path: target, generated: true };
};

/**
 * `rotate-master-key`: re-wraps every data key under the new master key and touches no event. With
 * `dataDir` (embedded mode, key in `<dataDir>/master.key`) the new key, already beside it as
 * master.key.new, is renamed over master.key once every key is re-wrapped: a crash before leaves the
 * old key in place and a rerun finishes; a crash after leaves nothing to do. Prints key fingerprints,
 * never keys. Stop the apps first: they hold unwrapped keys and refuse to start while a rotation runs.
 */
export const runRotateMasterKey = async (options: {
  readonly store: ProtectionStore;
  readonly currentKey: Buffer;
  readonly newKey: Buffer;
  readonly out: Output;
  readonly dataDir?: string;
}): Promise<RotationResult> => {
  const { store, currentKey, newKey, out, dataDir } = options;
  const from = new LocalKeyManagement(currentKey);
  const to = new LocalKeyManagement(newKey);
  if (dataDir !== undefined) {
    const pending = join(dataDir, PENDING_MASTER_KEY_FILE_NAME);
    if (!existsSync(pending) || !readMasterKeyFile(pending).equals(newKey))
      throw new CliError(`${pending} must hold the new key before the rotation starts (see newMasterKeyFor)`);
  }
  out.stderr.write(`Re-wrapping every data key from master key ${from.keyId} to ${to.keyId}...\n`);
  let result: RotationResult;
  try {
    result = await rotateMasterKey({ store, from, to });
  } catch (error) {
    throw new CliError(
      `Rotation stopped: ${error instanceof Error ? error.message : String(error)}. Rerun the same command to resume it.`,
    );
  }
  const lines = [
    `Re-wrapped ${result.rewrapped} key(s) under master key ${to.keyId}; ${result.skipped} already under it or erased. No event was changed.`,
  ];
  if (dataDir !== undefined) {
    renameSync(join(dataDir, PENDING_MASTER_KEY_FILE_NAME), join(dataDir, MASTER_KEY_FILE_NAME));
    fsyncDirectory(dataDir);
    lines.push(`${join(dataDir, MASTER_KEY_FILE_NAME)} now holds the new key; the old one opens nothing.`);
  } else
    lines.push(
      `Set CASETRAIL_MASTER_KEY (or CASETRAIL_MASTER_KEY_FILE) to the new key (${to.keyId}) before starting the apps; the old key (${from.keyId}) opens nothing now.`,
    );
  out.stdout.write(
    out.json
      ? `${JSON.stringify({ ...result, from: from.keyId, to: to.keyId, installedIn: dataDir === undefined ? null : join(dataDir, MASTER_KEY_FILE_NAME) })}\n`
      : `${lines.join('\n')}\n`,
  );
  return result;
};
