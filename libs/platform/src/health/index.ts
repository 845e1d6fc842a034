export * from './shutdown-state';
export * from './readiness.service';
export * from './health.module';
export * from './graceful-shutdown';
