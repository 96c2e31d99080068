// ESLint flat config. Besides the usual TypeScript rules, it enforces the architecture in DESIGN.md §2:
// which package may import which, where process.env and process.exit may appear, and that the pure
// packages read no clock.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Allowed workspace imports for each package's production sources (DESIGN.md §2). */
const allowedDeps = {
  api: [],
  routing: ['api'],
  queue: ['api'],
  runtime: ['api'],
  k8s: [],
  operator: ['api', 'routing', 'k8s', 'runtime'],
  interceptor: ['api', 'routing', 'queue', 'k8s', 'runtime'],
  scaler: ['api', 'routing', 'queue', 'k8s', 'runtime'],
  devcluster: ['api'],
  testkit: ['devcluster', 'api', 'routing', 'queue', 'runtime', 'k8s'],
};
const deployables = ['operator', 'interceptor', 'scaler'];
const product = ['api', 'routing', 'queue', 'runtime', 'k8s', ...deployables];

const importRule = (pkg, extra = []) => {
  const allowed = [...new Set([pkg, ...allowedDeps[pkg], ...extra])];
  return [
    'error',
    {
      patterns: [
        {
          group: ['@keda-http/*', ...allowed.flatMap((d) => [`!@keda-http/${d}`, `!@keda-http/${d}/*`])],
          message: `DESIGN.md §2: @keda-http/${pkg} may only import ${allowed.map((d) => `@keda-http/${d}`).join(', ')}.`,
        },
      ],
    },
  ];
};

const sourceBlocks = Object.keys(allowedDeps).map((pkg) => ({
  files: [`packages/${pkg}/src/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': importRule(pkg) },
}));

// Tests may also use the test kit and the dev cluster, never another deployable.
const testBlocks = Object.keys(allowedDeps).map((pkg) => ({
  files: [`packages/${pkg}/src/**/*.test.ts`],
  rules: {
    'no-restricted-imports': importRule(pkg, pkg === 'devcluster' ? [] : ['testkit', 'devcluster']),
  },
}));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      '.devcluster/**',
      '.test-results/**',
      'bench/results/**',
      'bench/**/runs/**',
      'charts/**',
      'config/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      eqeqeq: ['error', 'smart'],
      // async functions without await are common for interface conformance (handlers, fakes)
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  ...sourceBlocks,
  ...testBlocks,
  {
    // vitest matchers (expect.objectContaining, expect.any, …) are typed `any`.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Only a deployable's config.ts reads the environment (DESIGN.md §2, habit 8).
    files: product.map((p) => `packages/${p}/src/**/*.ts`),
    ignores: ['**/config.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only config.ts reads process.env.' },
        { object: 'process', property: 'exit', message: 'Only main.ts may call process.exit.' },
      ],
    },
  },
  {
    files: deployables.map((p) => `packages/${p}/src/main.ts`),
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only config.ts reads process.env.' },
      ],
    },
  },
  {
    // routing and queue are pure: time is passed in, never read.
    files: ['packages/routing/src/**/*.ts', 'packages/queue/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'routing and queue read no clock; pass time in.' },
        { object: 'performance', property: 'now', message: 'routing and queue read no clock; pass time in.' },
        { object: 'process', property: 'env', message: 'Only config.ts reads process.env.' },
        { object: 'process', property: 'exit', message: 'Only main.ts may call process.exit.' },
      ],
    },
  },
);
