export * from './case-facts.projection';
export * from './outcome-report';
