import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the packages by name, as users do, but run against the sources.
    alias: [
      {
        find: /^supabase-rx\/storage\/resumable$/,
        replacement: at('./src/storage/resumable/index.ts'),
      },
      {
        find: /^supabase-rx\/(postgrest|auth|realtime|functions|storage)$/,
        replacement: at('./src/$1.ts'),
      },
      { find: /^supabase-rx\/(operators|testing)$/, replacement: at('./src/$1/index.ts') },
      { find: /^supabase-rx$/, replacement: at('./src/index.ts') },
      { find: /^supabase-rx-emulator$/, replacement: at('./emulator/src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'emulator/test/**/*.test.ts'],
    globalSetup: ['test/setup/temp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The type tests (*.test-d.ts) run as tests too: vitest hands them to tsc and reports each
    // `it` whose assertions do not compile as a failed test.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: 'tsconfig.typecheck.json',
    },
    // CI reads the counts from a JSON report (.ci/summarise.mjs).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results.json' } : undefined,
  },
});
