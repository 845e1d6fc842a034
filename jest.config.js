/** Four projects, one per test kind; `npm test` runs all of them. */
const moduleNameMapper = {
  '^@casetrail/domain$': '<rootDir>/libs/domain/src',
  '^@casetrail/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@casetrail/(event-store|messaging|read-models|platform|contracts|identity|protection)$':
    '<rootDir>/libs/$1/src',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose and @nestjs/config ship ES modules only; Node runs them through require(esm), Jest's loader cannot.
    '^.+/node_modules/(jose|@nestjs/config)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs' } },
    ],
    // Likewise @nestjs/terminus, which also reads import.meta (the transform says how).
    '^.+/node_modules/@nestjs/terminus/.+\\.js$': '<rootDir>/test/support/esm-only-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|@nestjs/config/|@nestjs/terminus/)'],
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-tests.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-tests.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      maxWorkers: 1,
    },
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/test/api/**/*.api.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      maxWorkers: 1,
    },
  ],
};
