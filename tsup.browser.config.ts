import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

// The CDN builds: one file each, every dependency inside except rxjs, which the page loads
// itself — `import 'rxjs'` in the ESM file, the `rxjs` global (rxjs's UMD file) in the IIFE one.

const internals = fileURLToPath(new URL('./src/browser/rxjs-internals.ts', import.meta.url));

/** rxjs as one file has no `internal/*` subpaths: the scheduler's two go to src/browser. */
const rxjsInternals: Plugin = {
  name: 'rxjs-internals',
  setup(build) {
    build.onResolve({ filter: /^rxjs\/internal\/scheduler\/\w+$/ }, () => ({ path: internals }));
  },
};

/** `rxjs` and `rxjs/operators` as the global that rxjs's UMD file defines. */
const rxjsGlobal: Plugin = {
  name: 'rxjs-global',
  setup(build) {
    build.onResolve({ filter: /^rxjs(\/operators)?$/ }, (args) => ({
      path: args.path,
      namespace: 'rxjs-global',
    }));
    build.onLoad({ filter: /.*/, namespace: 'rxjs-global' }, () => ({
      contents: 'module.exports = globalThis.rxjs;',
      loader: 'js',
    }));
  },
};

/** `rxjs` and `rxjs/operators` left as imports, for the page's import map or a CDN to resolve. */
const rxjsExternal: Plugin = {
  name: 'rxjs-external',
  setup(build) {
    build.onResolve({ filter: /^rxjs(\/operators)?$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

const common: Options = {
  entry: { 'supabase-rx': 'src/index.ts' },
  outDir: 'dist/browser',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  dts: false,
  splitting: false,
  clean: false,
  // Everything inside; the plugins decide what rxjs becomes.
  noExternal: [/.*/],
};

export default defineConfig([
  {
    ...common,
    format: ['esm'],
    esbuildPlugins: [rxjsInternals, rxjsExternal],
  },
  {
    ...common,
    format: ['iife'],
    globalName: 'supabaseRx',
    esbuildPlugins: [rxjsInternals, rxjsGlobal],
  },
]);
