import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, writeNewFileSynced } from './durable-file';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FILE_NAME = 'master.key';
/** Where the embedded file store keeps its keys: a data dir holding it has a master key somewhere. */
export const PROTECTION_DIR_NAME = 'protection';
/** The file store's key file: non-empty means keys exist that some master key wrapped. */
export const KEYS_FILE_NAME = 'keys.jsonl';

export type MasterKeySource = 'env' | 'file' | 'data-dir';

export interface MasterKey {
  readonly key: Buffer;
  readonly source: MasterKeySource;
  /** True when this call made it (embedded mode, first start): the caller says so in its first log line. */
  readonly created: boolean;
  /** The file it was read from or written to. */
  readonly path?: string;
}

export interface LoadMasterKeyOptions {
  readonly mode: 'embedded' | 'external';
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The master key is missing or malformed. The message never holds any of the key's text. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/**
 * Base64 or base64url text of exactly 32 bytes. `origin` names where the text came from (a variable or
 * a file): the message says what is wrong with it but never echoes it.
 */
export const parseMasterKey = (text: string, origin: string): Buffer => {
  const trimmed = text.trim();
  if (trimmed === '') throw new MasterKeyError(`${origin} is empty: it must hold a base64 key of 32 bytes`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new MasterKeyError(
      `${origin} is not base64 or base64url text: it must hold a base64 key of 32 bytes`,
    );
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== MASTER_KEY_BYTES)
    throw new MasterKeyError(
      `${origin} decodes to ${key.length} bytes, not ${MASTER_KEY_BYTES}: generate one with \`openssl rand -base64 32\``,
    );
  return key;
};

/** A fresh random master key as the text a key file or CASETRAIL_MASTER_KEY holds. */
export const newMasterKeyText = (): string => `${randomBytes(MASTER_KEY_BYTES).toString('base64url')}\n`;

export const readMasterKeyFile = (path: string, origin = path): Buffer => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new MasterKeyError(`${origin}: cannot read the master key file ${path} (${code})`);
  }
  return parseMasterKey(text, origin);
};

/**
 * Writes a new key file that no one else can read, durably, and never over an existing one: it is
 * linked into place, which fails when the name is taken, so two processes starting together agree on
 * one key. Answers the key the file holds afterwards (the other process's when it won). Without `key`, a
 * fresh random one.
 */
export const createMasterKeyFile = (path: string, key?: Buffer): { key: Buffer; created: boolean } => {
  const text = key === undefined ? newMasterKeyText() : `${key.toString('base64url')}\n`;
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeNewFileSynced(tmp, text, 0o600);
  try {
    linkSync(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readMasterKeyFile(path), created: false };
  } finally {
    unlinkSync(tmp);
  }
  fsyncDirectory(join(path, '..'));
  return { key: parseMasterKey(text, path), created: true };
};

const fromEnvironment = (env: NodeJS.ProcessEnv): MasterKey | null => {
  const inline = env.CASETRAIL_MASTER_KEY;
  const file = env.CASETRAIL_MASTER_KEY_FILE;
  if (inline !== undefined && inline !== '' && file !== undefined && file !== '')
    throw new MasterKeyError(
      'Both CASETRAIL_MASTER_KEY and CASETRAIL_MASTER_KEY_FILE are set: set one, so there is no doubt which key opens the data',
    );
  if (inline !== undefined && inline !== '')
    return { key: parseMasterKey(inline, 'CASETRAIL_MASTER_KEY'), source: 'env', created: false };
  if (file !== undefined && file !== '')
    return {
      key: readMasterKeyFile(file, 'CASETRAIL_MASTER_KEY_FILE'),
      source: 'file',
      created: false,
      path: file,
    };
  return null;
};

const holdsKeys = (dataDir: string): boolean => {
  const keys = join(dataDir, PROTECTION_DIR_NAME, KEYS_FILE_NAME);
  return existsSync(keys) && statSync(keys).size > 0;
};

/**
 * The key that wraps every data key. External mode takes it from the environment only and never
 * makes one: the database's data keys were wrapped by a key that exists somewhere, and a fresh one
 * would open none of them. Embedded mode keeps it in `<dataDir>/master.key`, made on first start,
 * unless the environment names one. A data dir whose keys exist without its master key is refused
 * rather than given a new one.
 */
export const loadMasterKey = ({ mode, dataDir, env }: LoadMasterKeyOptions): MasterKey => {
  const configured = fromEnvironment(env);
  if (configured) return configured;
  if (mode === 'external')
    throw new MasterKeyError(
      'No master key: external mode needs CASETRAIL_MASTER_KEY (base64 of 32 bytes) or CASETRAIL_MASTER_KEY_FILE ' +
        '(a file holding it). A new key is never made here: it would open none of the data keys in the database.',
    );
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  if (existsSync(path)) return { key: readMasterKeyFile(path), source: 'data-dir', created: false, path };
  if (holdsKeys(dataDir))
    throw new MasterKeyError(
      `${path} is missing but ${join(dataDir, PROTECTION_DIR_NAME)} holds data keys wrapped by a master key: ` +
        'restore master.key (or set CASETRAIL_MASTER_KEY); a new key would open none of them (lost master key)',
    );
  mkdirSync(dataDir, { recursive: true });
  const { key, created } = createMasterKeyFile(path);
  return { key, source: 'data-dir', created, path };
};
