import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The emulator is a Node package: compiled ESM and CommonJS with types, its dependencies left as imports.
export default defineConfig({
  // The embedded Postgres runs in a worker thread; worker-link.ts finds its entry beside the chunks.
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    'pglite-worker': 'src/db/pglite-worker/worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  target: 'node20',
  platform: 'node',
  // `import.meta.url` (for files beside the code, e.g. deno-bootstrap.mjs) in the CommonJS build.
  shims: true,
  // An optional dependency: loaded when an image transform is asked for, where it installed.
  external: ['sharp'],
  async onSuccess() {
    // Deno runs this file as is; deno-worker.ts finds it beside the compiled chunks.
    await copyFile('src/functions/deno-bootstrap.mjs', 'dist/deno-bootstrap.mjs');
  },
});
