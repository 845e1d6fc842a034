export * from './case-facts.projection';
export * from './outcome-report';
export * from './approved-plans';
