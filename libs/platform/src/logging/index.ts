export * from './logger';
export * from './redaction';
export * from './request-context';
export * from './trace-context';
export * from './nest';
export * from './startup';
export * from './tracing';
