// What tests across the tree import as '@casetrail/domain/testing'.
export * from './fixtures';
export * from './recorded';
export * from './history';
