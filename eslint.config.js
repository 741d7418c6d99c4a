// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Import boundaries of docs/ARCHITECTURE (shared/ARCHITECTURE.md): what each folder may import. */
const ours = {
  model: '**/model/**',
  validate: '**/validate/**',
  generators: '**/generators/**',
  importers: '**/importers/**',
  simulate: '**/simulate/**',
  deploy: '**/deploy/**',
  monitor: '**/monitor/**',
  lab: '**/lab/**',
  patterns: '**/patterns/**',
  services: '**/services/**',
  cli: '**/cli/**',
  host: '**/host/**',
  renderer: '**/renderer/**',
  electron: '**/electron/**',
};
const runtimes = {
  node: ['node:*'],
  ui: ['react', 'react-dom', '@xyflow/*', 'zustand'],
  electron: ['electron'],
};

/** A no-restricted-imports rule allowing only `allowed` of our folders. */
function onlyImports(allowed, extra = []) {
  const banned = Object.entries(ours)
    .filter(([name]) => !allowed.includes(name))
    .map(([, glob]) => glob);
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: banned,
            message: 'this folder may not import that one (see the architecture table)',
          },
          ...(extra.length
            ? [{ group: extra, message: 'this folder is runtime-neutral or runs elsewhere' }]
            : []),
        ],
      },
    ],
  };
}

const plain = [...runtimes.node, ...runtimes.ui, ...runtimes.electron, 'ssh2', 'ws'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'release/',
      'test-results/',
      'renderer/dist/',
      '**/*.actual',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'use named exports' },
      ],
    },
  },
  { files: ['*.config.{js,ts}'], rules: { 'no-restricted-syntax': 'off' } },
  // Tests assert shapes first; a `!` after an assertion reads better than another guard.
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['src/model/**'], rules: onlyImports(['model'], plain) },
  { files: ['src/validate/**'], rules: onlyImports(['model', 'validate'], plain) },
  { files: ['src/patterns/**'], rules: onlyImports(['model', 'patterns'], plain) },
  { files: ['src/generators/**'], rules: onlyImports(['model', 'generators'], plain) },
  { files: ['src/importers/**'], rules: onlyImports(['model', 'importers'], plain) },
  {
    files: ['src/simulate/**'],
    rules: onlyImports(
      ['model', 'generators', 'deploy', 'simulate'],
      [...runtimes.ui, ...runtimes.electron],
    ),
  },
  {
    files: ['src/deploy/**'],
    rules: onlyImports(['model', 'generators', 'deploy'], [...runtimes.ui, ...runtimes.electron]),
  },
  {
    files: ['src/monitor/**'],
    rules: onlyImports(['model', 'deploy', 'monitor'], [...runtimes.ui, ...runtimes.electron]),
  },
  {
    files: ['src/lab/**'],
    rules: onlyImports(['model', 'deploy', 'lab'], [...runtimes.ui, ...runtimes.electron]),
  },
  {
    files: ['src/services/**'],
    rules: onlyImports(
      [
        'model',
        'validate',
        'patterns',
        'generators',
        'importers',
        'simulate',
        'deploy',
        'monitor',
        'lab',
        'services',
      ],
      [...runtimes.ui, ...runtimes.electron],
    ),
  },
  {
    files: ['src/cli/**'],
    rules: onlyImports(['services', 'cli'], [...runtimes.ui, ...runtimes.electron]),
  },
  {
    files: ['src/host/**'],
    rules: onlyImports(['services', 'host'], [...runtimes.ui, ...runtimes.electron]),
  },
  { files: ['electron/**'], rules: onlyImports(['services', 'electron'], runtimes.ui) },
  {
    files: ['renderer/**'],
    rules: onlyImports(
      ['model', 'services', 'renderer'],
      [...runtimes.node, ...runtimes.electron, 'ssh2', 'ws'],
    ),
  },
);
