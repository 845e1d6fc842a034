// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers, lowest first, and what each may import besides itself. A lib never imports an
 * app, and no import runs back up. case-api hosts the projector in embedded mode, so it may
 * import the projector app's module.
 */
const LIBS = [
  'domain',
  'identity',
  'contracts',
  'event-store',
  'protection',
  'messaging',
  'read-models',
  'platform',
];
const LAYERS = {
  domain: [],
  identity: ['domain'],
  contracts: ['domain'],
  'event-store': ['domain'],
  messaging: ['domain', 'contracts', 'event-store'],
  protection: ['domain', 'event-store'],
  'read-models': ['domain', 'event-store', 'protection'],
  platform: ['domain', 'identity', 'contracts', 'event-store', 'protection', 'messaging', 'read-models'],
  projector: LIBS,
  'case-api': [...LIBS, 'projector'],
  cli: [...LIBS, 'projector'],
  bench: [...LIBS, 'case-api', 'projector', 'cli'],
};
const ELEMENTS = [
  ...LIBS.map((lib) => ({ type: lib, pattern: `libs/${lib}` })),
  ...['case-api', 'projector', 'cli'].map((app) => ({ type: app, pattern: `apps/${app}` })),
  { type: 'bench', pattern: 'bench' },
  { type: 'test', pattern: 'test' },
];
/** Tests may also reach the shared test support, and check one lib against another (never an app above them). */
const layerPolicies = (extra) =>
  Object.entries(LAYERS).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { types: { anyOf: [from, ...to, ...extra] } } } },
  }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'test/support/esm-only-transform.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'bench/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: { 'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies([]) }] },
  },
  {
    files: [
      '{apps,libs,bench}/**/*.spec.ts',
      '{apps,libs,bench}/**/testing/**/*.ts',
      '{apps,libs,bench}/**/testing.ts',
    ],
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', policies: layerPolicies(['test', ...LIBS]) },
      ],
    },
  },
  {
    // The domain stays framework-free: no Nest, no driver, no clock.
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'mongodb', 'kafkajs', 'class-validator'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The clock comes with the command metadata.' },
      ],
    },
  },
  {
    // Plain ES module scripts (the test IdP process): linted, but outside the TypeScript project.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // Identity is a plain library the CLI and benches use too: no Nest in it.
    files: ['libs/identity/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@nestjs/*'] }] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', '**/testing/**/*.ts', '**/testing.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Response bodies in tests are untyped JSON by nature.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  prettier,
);
