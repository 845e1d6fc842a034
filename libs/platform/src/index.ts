export * from './config';
export * from './infrastructure.module';
export * from './access-log.module';
export * from './outage';
export * from './protection';
