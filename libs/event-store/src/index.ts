export * from './event-store.port';
export * from './local/local-event-store';
export {
  JournalDamagedError,
  JournalFailedError,
  JournalInUseError,
  journalRepairCommand,
  nodeJournalFs,
  repairJournal,
  type JournalFs,
  type JournalRepair,
} from './local/journal';
export * from './mongo/mongo-event-store';
export * from './as-of';
export * from './upcasting/upcasters';
export * from './access/access-recorder';
