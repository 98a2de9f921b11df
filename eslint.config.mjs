// Lint rules that make the architecture real: the dependency direction of SPEC section 1
// (@nx/enforce-module-boundaries over `layer:*` tags), pure packages without tfjs, and small files.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layers = {
  'layer:foundation': [],
  'layer:base': ['layer:foundation'],
  'layer:ops': ['layer:base', 'layer:foundation'],
  'layer:model': ['layer:ops', 'layer:base', 'layer:foundation'],
  'layer:search': ['layer:model', 'layer:ops', 'layer:base', 'layer:foundation'],
  'layer:orchestration': ['layer:search', 'layer:model', 'layer:ops', 'layer:base', 'layer:foundation', 'layer:test-support'],
  'layer:app': ['layer:orchestration', 'layer:search', 'layer:model', 'layer:ops', 'layer:base', 'layer:foundation', 'layer:test-support'],
  // Private helpers of tests (tools/test-redis): dev dependencies only, never published.
  'layer:test-support': [],
  'layer:example': ['layer:model', 'layer:ops', 'layer:base', 'layer:foundation'],
  'layer:tooling': ['layer:app', 'layer:orchestration', 'layer:search', 'layer:model', 'layer:ops', 'layer:base', 'layer:foundation'],
};

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.mjs', '**/*.cjs', '**/vitest.config.ts', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            ...Object.entries(layers).map(([sourceTag, allowed]) => ({ sourceTag, onlyDependOnLibsWithTags: allowed })),
            { sourceTag: 'tensor:none', bannedExternalImports: ['@tensorflow/*'] },
            // Model code reaches tfjs only through @recnas/engine (its `tf` export), so the engine owns kernels.
            ...['layer:ops', 'layer:model', 'layer:search', 'layer:orchestration', 'layer:app', 'layer:example'].map((sourceTag) => ({
              sourceTag,
              bannedExternalImports: ['@tensorflow/*'],
            })),
          ],
        },
      ],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use named re-exports; no `export *`.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@recnas/*/src/*', '@recnas/*/src'], message: "Import a package's public entry point only." }] },
      ],
    },
  },
];
