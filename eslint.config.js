import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.angular/**', 'coverage/**', 'docs/api/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // The SDK runs in browsers, Deno and Bun too: no Node built-ins.
          paths: [
            'fs',
            'path',
            'http',
            'https',
            'crypto',
            'stream',
            'events',
            'url',
            'buffer',
            'util',
            'os',
            'child_process',
            'net',
            'zlib',
            'ws',
          ],
          patterns: ['node:*'],
        },
      ],
    },
  },
);
