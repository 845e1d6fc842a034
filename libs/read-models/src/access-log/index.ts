export * from './access-log.projection';
export * from './access-log.queries';
