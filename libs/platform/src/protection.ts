import { join } from 'node:path';
import type { Db } from 'mongodb';
import {
  FileProtectionStore,
  LocalKeyManagement,
  loadMasterKey,
  MongoProtectionStore,
  openProtection,
  type MasterKey,
  type Protection,
} from '@casetrail/protection';
import type { CasetrailConfig } from './config';

/** Where embedded mode keeps its wrapped keys: beside the journal, never inside it. */
export const protectionDir = (config: CasetrailConfig): string => join(config.dataDir, 'protection');

/**
 * The master key for a configuration: from the environment (external mode, never made here) or the
 * data dir (embedded mode makes one on first start, and only where no key was ever stored: a lost
 * one stops start-up, since a fresh one would leave every client's data unopenable unannounced).
 */
export const prepareMasterKey = (config: CasetrailConfig): MasterKey =>
  loadMasterKey({ mode: config.mode, dataDir: config.dataDir, env: config.protection.masterKeyEnv });

/** The key hierarchy: the master key wraps the data keys kept in the database or the data dir. */
export const openProtectionFor = async (config: CasetrailConfig, db: Db | null): Promise<Protection> => {
  const master = prepareMasterKey(config);
  const store = db ? await new MongoProtectionStore(db).init() : FileProtectionStore.open(config.dataDir);
  return openProtection({
    store,
    kms: new LocalKeyManagement(master.key),
    cache: { maxKeys: config.protection.keyCacheSize, ttlMs: config.protection.keyCacheTtlMs },
  });
};
