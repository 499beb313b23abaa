/**
 * Minified + gzipped size of a small browser app that runs one query (rxjs bundled in), through
 * `supabase-rx/postgrest`, through `createClient`, and the same app on supabase-js.
 */
import { build, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { fmt } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const apps: Record<string, string> = {
  'supabase-rx/postgrest': `
    import { PostgrestClient } from 'supabase-rx/postgrest';
    const db = new PostgrestClient('https://x.supabase.co/rest/v1', { headers: { apikey: 'k' } });
    db.from('movies').select('id, title').eq('year', 1999).subscribe((r) => console.log(r.data));`,
  'supabase-rx (createClient)': `
    import { createClient } from 'supabase-rx';
    const supabase = createClient('https://x.supabase.co', 'k');
    supabase.from('movies').select('id, title').eq('year', 1999).subscribe((r) => console.log(r.data));`,
  'supabase-js (createClient)': `
    import { createClient } from '@supabase/supabase-js';
    const supabase = createClient('https://x.supabase.co', 'k');
    supabase.from('movies').select('id, title').eq('year', 1999).then((r) => console.log(r.data));`,
};

// What the app loads at start: a dynamic `import()` (`query.live()`'s chunk, the auth flows,
// `auth.admin`, `auth.mfa`, the URL-session code, createClient's realtime, storage and functions)
// loads on first use.
// Left out rather than bundled: esbuild inlines it without `splitting`, and with `splitting` puts
// every rxjs module either side imports through the `rxjs` barrel into a shared chunk.
const lazyImportsExternal: Plugin = {
  name: 'lazy-imports-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

export async function bundleSize(): Promise<void> {
  console.log(
    '\n## Browser bundle of a one-query app (esbuild, minified, gzip -9; lazy chunks left out)',
  );
  console.log('| through | minified KB | gzipped KB | gzipped bytes |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, contents] of Object.entries(apps)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // As Angular's and most modern bundlers resolve rxjs: its ES2015 build, without tslib.
      conditions: ['es2015'],
      write: false,
      logLevel: 'silent',
      tsconfig: `${root}/tsconfig.json`,
      plugins: [lazyImportsExternal],
      alias: {
        'supabase-rx/postgrest': `${root}/src/postgrest.ts`,
        'supabase-rx': `${root}/src/index.ts`,
      },
    });
    const code = result.outputFiles[0].contents;
    const gz = gzipSync(code, { level: 9 });
    console.log(
      `| ${name} | ${fmt(code.length / 1024, 1)} | ${fmt(gz.length / 1024, 1)} | ${gz.length} |`,
    );
  }
}
