export * from './case-event-message';
export * from './schema-files';
export * from './validate';
export { ENVELOPE_SCHEMA, EVENT_SCHEMAS, type EventSchemaEntry } from './schema-manifest.generated';
export * from './partner-feed-message';
