export * from './agenda.projection';
export * from './agenda.queries';
