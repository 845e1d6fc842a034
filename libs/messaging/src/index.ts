export * from './transport.port';
export * from './message-codec';
export * from './publisher';
export * from './kafka/kafka-transport';
export * from './local/in-process-transport';
export * from './local/in-memory-checkpoints';
export * from './mongo/mongo-checkpoints';
export * from './case-event-decoder';
