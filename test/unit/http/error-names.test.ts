import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Minifiers rename classes, so an error class that named itself from its constructor would be
 * called `e` in a production bundle, and `isAuthApiError` (which compares names, as supabase-js
 * does) would answer false. This bundles the SDK minified, as an app's build would.
 */
describe('error names survive minification', () => {
  it('every exported error class keeps its name in a minified bundle', async () => {
    const app = `
      import * as rx from './src/index.ts';
      import * as auth from './src/auth.ts';
      import * as http from './src/http/errors.ts';
      const all = { ...rx, ...auth, ...http };
      // FunctionsError takes its name as an argument (functions-js's signature).
      const args = { FunctionsError: ['m', 'FunctionsError', undefined] };
      const names = {};
      for (const [exported, value] of Object.entries(all)) {
        if (typeof value !== 'function' || !/Error$/.test(exported)) continue;
        if (!(value.prototype instanceof Error)) continue;
        const instance = Reflect.construct(value, args[exported] ?? ['m', { message: 'm' }, 400]);
        names[exported] = instance.name;
      }
      names.isAuthApiError = auth.isAuthApiError(new auth.AuthApiError('m', 400));
      export default names;`;
    const out = await build({
      stdin: { contents: app, resolveDir: root, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const dir = mkdtempSync(join(tmpdir(), 'error-names-'));
    const file = join(dir, 'bundle.mjs');
    writeFileSync(file, out.outputFiles[0].contents);
    const mod = (await import(pathToFileURL(file).href)) as { default: Record<string, unknown> };
    rmSync(dir, { recursive: true, force: true });
    const names = mod.default;
    const classes = Object.keys(names).filter((k) => k !== 'isAuthApiError');
    expect(classes.length).toBeGreaterThan(15);
    for (const exported of classes)
      expect([exported, names[exported]]).toEqual([exported, exported]);
    expect(names.isAuthApiError).toBe(true);
  });
});
