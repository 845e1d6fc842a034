import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import {
  FileProtectionStore,
  LocalKeyManagement,
  loadMasterKey,
  MasterKeyError,
  MongoProtectionStore,
  openProtection,
  type Protection,
} from '@casetrail/protection';
import type { CasetrailConfig } from './config';

/** Where embedded mode keeps its keys: beside the journal, never inside it. */
export const protectionDir = (config: CasetrailConfig): string => join(config.dataDir, 'protection');

const holdsKeys = (dir: string): boolean => existsSync(dir) && readdirSync(dir).length > 0;

/** What opening found out about the master key, for the first log line. */
export interface MasterKeyNotice {
  readonly created: boolean;
  readonly path: string | null;
}

/**
 * The key hierarchy for a configuration: the master key from the environment (external mode) or
 * the data dir (embedded), the data keys it wraps from the database or the data dir. Embedded mode
 * makes a master key only where no key was ever stored: a lost one stops start-up, since a fresh
 * one would leave every client's data unopenable without saying so.
 */
export const prepareMasterKey = (config: CasetrailConfig): MasterKeyNotice & { readonly key: Buffer } => {
  const dir = protectionDir(config);
  if (config.mode === 'embedded' && holdsKeys(dir) && !existsSync(join(config.dataDir, 'master.key')) &&
    config.protection.masterKeyEnv.CASETRAIL_MASTER_KEY === undefined &&
    config.protection.masterKeyEnv.CASETRAIL_MASTER_KEY_FILE === undefined)
    throw new MasterKeyError(
      `The master key ${join(config.dataDir, 'master.key')} is missing, but ${dir} holds keys it wrapped: ` +
        'restore it from where it is kept (or set CASETRAIL_MASTER_KEY); a new key would open none of them',
    );
  const master = loadMasterKey({ mode: config.mode, dataDir: config.dataDir, env: config.protection.masterKeyEnv });
  return { created: master.created, path: master.path ?? null, key: master.key };
};

export const openProtectionFor = async (config: CasetrailConfig, db: Db | null): Promise<Protection> => {
  const master = prepareMasterKey(config);
  const dir = protectionDir(config);
  const store = db ? await MongoProtectionStore.open(db) : await FileProtectionStore.open(dir);
  return openProtection({
    store,
    kms: new LocalKeyManagement(master.key),
    cache: { maxKeys: config.protection.keyCacheSize, ttlMs: config.protection.keyCacheTtlMs },
  });
};
