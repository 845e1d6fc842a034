export * from './event-store.port';
export * from './local/local-event-store';
export * from './mongo/mongo-event-store';
export * from './as-of';
export * from './upcasting/upcasters';
export * from './access/access-recorder';
