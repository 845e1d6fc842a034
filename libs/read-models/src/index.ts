export * from './store/read-model-store.port';
export * from './store/in-memory-read-model-store';
export * from './store/mongo-read-model-store';
export * from './projection';
export * from './caseloads/caseload.projection';
export * from './caseloads/caseload.queries';
export * from './projections';
export * from './rebuild';
