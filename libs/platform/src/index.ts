export * from './config';
export * from './infrastructure.module';
export * from './events-appended';
export * from './publisher.module';
export * from './projector.module';
export * from './access-log.module';
