export * from './upcasters';
export * from './case-event-decoder';
export * from './upcasting-event-store';
