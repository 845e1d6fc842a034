export * from './metrics';
export * from './metrics.module';
export * from './timed-event-store';
export * from './metrics-endpoint.middleware';
