import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Every page runs the same steps and leaves their promise in window.smokeDone.
const RUN = `
  import { smoke } from '/test/runtimes/smoke-steps.mjs';
  const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  window.smokeDone = smoke(sdk, rx, config).catch((e) => ({ error: String(e?.stack ?? e) }));`;

const importMap = (imports: Record<string, string>) =>
  `<script type="importmap">${JSON.stringify({ imports })}</script>`;

// rxjs's own ESM files (they import tslib), as a CDN serves them.
const RXJS_ESM = {
  rxjs: '/node_modules/rxjs/dist/esm/index.js',
  tslib: '/node_modules/tslib/tslib.es6.mjs',
};

/**
 * `dist/index.js` as a bundler-free app loads it: bare imports mapped to the packages' browser
 * files, `#…` imports to what package.json gives browsers (its non-Node condition).
 */
function distPage(): string {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    imports: Record<string, { default: string }>;
  };
  const imports: Record<string, string> = {
    ...RXJS_ESM,
    // The transport's scheduler imports rxjs's public `internal/*` subpaths.
    'rxjs/': '/node_modules/rxjs/dist/esm/',
    jose: '/node_modules/jose/dist/webapi/index.js',
  };
  for (const [name, target] of Object.entries(pkg.imports)) {
    imports[name] = target.default.replace(/^\./, '');
  }
  return `<!doctype html>${importMap(imports)}
<script type="module">
  import * as rx from 'rxjs';
  import * as sdk from '/dist/index.js';${RUN}
</script>`;
}

/** The CDN ESM build: one file that imports only `rxjs`. */
function cdnModulePage(): string {
  return `<!doctype html>${importMap(RXJS_ESM)}
<script type="module">
  import * as rx from 'rxjs';
  import * as sdk from '/dist/browser/supabase-rx.js';${RUN}
</script>`;
}

/** The CDN IIFE build: `supabaseRx` beside the `rxjs` global of rxjs's UMD file. */
function cdnScriptPage(): string {
  return `<!doctype html>
<script src="/node_modules/rxjs/dist/bundles/rxjs.umd.min.js"></script>
<script src="/dist/browser/supabase-rx.global.js"></script>
<script type="module">
  const sdk = window.supabaseRx;
  const rx = window.rxjs;${RUN}
</script>`;
}

/** The browser pages of the smoke suite, by path, with what each one loads. */
export const BROWSER_PAGES: { path: string; name: string; html: () => string }[] = [
  { path: '/dist.html', name: 'dist/index.js through an import map', html: distPage },
  { path: '/cdn-esm.html', name: 'the CDN ESM build', html: cdnModulePage },
  { path: '/cdn-iife.html', name: 'the CDN IIFE build (supabaseRx global)', html: cdnScriptPage },
];
