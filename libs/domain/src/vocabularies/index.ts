export * from './vocabulary-kinds';
export * from './vocabulary-version-published.event';
export * from './publish-vocabulary-version';
export * from './vocabulary-catalog';
