import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { config, firstValueFrom } from 'rxjs';
import type { SampleGlobals } from './sample-globals.js';

/** The Supabase CLI's local URL, which samples use as the Supabase URL. */
const LOCAL_STACK = 'http://127.0.0.1:54321';

/**
 * Runs one `run` sample: its globals on `globalThis`, the local stack's URL in the sample pointed
 * at the test's emulator, its console quiet. It must finish without throwing, and no stream it
 * started may error unhandled while it runs; its channels are left afterwards.
 */
export async function runSample(path: string, code: string, globals: SampleGlobals): Promise<void> {
  const runnable = path.replace(/\.(ts|js)$/, '.run.$1');
  writeFileSync(runnable, `${code.replaceAll(LOCAL_STACK, globals.url)}\nexport {};\n`);
  const unhandled: unknown[] = [];
  const previous = config.onUnhandledError;
  config.onUnhandledError = (e) => unhandled.push(e);
  const target = globalThis as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(globals).map((k) => [k, target[k]]));
  Object.assign(target, globals);
  const log = console.log;
  console.log = () => undefined;
  try {
    await import(pathToFileURL(runnable).href);
    if (unhandled.length > 0) throw unhandled[0];
  } finally {
    console.log = log;
    config.onUnhandledError = previous;
    await firstValueFrom(globals.supabase.removeAllChannels());
    Object.assign(target, saved);
  }
}
