export * from './timeline-entry';
export * from './timeline.projection';
export * from './timeline-wording';
export * from './timeline.queries';
export * from './timeline-client-data';
