import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entries = [
  'src/index.ts',
  'src/postgrest.ts',
  'src/auth.ts',
  'src/operators/index.ts',
  'src/testing/index.ts',
];

// The SDK's bundles run in browsers, Deno and Bun: bundling each entry for the browser must not
// need a single Node built-in, and the code must not reach for Node-only globals.
describe('SDK entry points are portable', () => {
  it.each(entries)('%s bundles for the browser without Node built-ins', async (entry) => {
    const result = await build({
      entryPoints: [`${root}/${entry}`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      metafile: true,
      logLevel: 'silent',
      external: ['rxjs', 'jose'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('node_modules'))).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/\b(require\(|Buffer\.|process\.env|__dirname)/);
  });
});
