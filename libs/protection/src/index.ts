export * from './sealed';
export * from './protection.port';
