export * from './errors';
export * from './claims';
export * from './durations';
export * from './identity-config';
export * from './dev-issuer';
export * from './discovery';
export * from './authenticator';
export * from './env-schema';
