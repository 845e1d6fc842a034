export * from './event-store.port';
export * from './local/local-event-store';
export {
  JournalDamagedError,
  JournalFailedError,
  JournalInUseError,
  journalRepairCommand,
  nodeJournalFs,
  readJournalLines,
  repairJournal,
  type JournalLineRead,
  type JournalFs,
  type JournalRepair,
} from './local/journal';
export * from './mongo/mongo-event-store';
export * from './as-of';
export * from './upcasting/upcasters';
export * from './upcasting/upcasting-store';
export * from './access/access-recorder';
export * from './chain/hash-chain';
export * from './anchoring/anchor';
export * from './anchoring/file-anchor-store';
export * from './anchoring/mongo-anchor-store';
export * from './verify/sources';
export * from './verify/verify';
