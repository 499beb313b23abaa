import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';
import { BROWSER_PAGES } from './browser-pages.js';
import { chromiumPath, scriptRuntimes } from './runtimes.js';
import { serveFiles } from './static-server.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./smoke-run.mjs', import.meta.url));

interface Seen {
  query: number[];
  signIn: { email: string; id: string };
  write: { owner: string; note: string };
  send: string;
  broadcast: { tag: string };
  upload: {
    progressEvents: number;
    last: { type: string; loaded: number; total: number };
    done: { type: string; data: { fullPath: string } };
  };
  download: { size: number; same: boolean };
}

const adminOf = (emu: EmulatorHandle) => createClient(emu.url, emu.serviceRoleKey);

// In CI every runtime must be there: a missing one fails, it is never skipped.
const required = process.env.CI === 'true';

describe('the built SDK on every runtime (smoke: query, write, sign-in, broadcast, upload)', () => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof adminOf>;

  beforeAll(async () => {
    if (!existsSync(`${ROOT}dist/index.js`)) throw new Error('dist/ is missing: npm run build');
    emu = await startEmulator({ port: 0, projectDir: `${ROOT}examples/supabase` });
    admin = adminOf(emu);
  }, 120_000);
  afterAll(() => emu?.stop());

  const config = (tag: string) => ({
    url: emu.url,
    anonKey: emu.anonKey,
    serviceRoleKey: emu.serviceRoleKey,
    tag,
  });

  /** What the steps saw, checked against what the emulator holds. */
  async function check(seen: Seen, tag: string) {
    expect(seen.query).toEqual([1, 2]);
    expect(seen.signIn.email).toBe(`smoke-${tag}@example.com`);
    expect(seen.write).toEqual({ owner: seen.signIn.id, note: `smoke ${tag}` });
    const { data: rows } = await firstValueFrom(
      admin.from('watchlist').select('owner').eq('note', `smoke ${tag}`),
    );
    expect(rows).toEqual([{ owner: seen.signIn.id }]);
    expect(seen.send).toBe('ok');
    expect(seen.broadcast).toEqual({ tag });
    expect(seen.upload.progressEvents).toBeGreaterThanOrEqual(1);
    expect(seen.upload.last.loaded).toBe(seen.upload.last.total);
    expect(seen.upload.done).toMatchObject({
      type: 'done',
      data: { fullPath: `smoke-${tag}/dir/smoke.bin` },
    });
    expect(seen.download).toEqual({ size: 300_000, same: true });
  }

  for (const runtime of scriptRuntimes()) {
    const tag = runtime.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const absent = !runtime.command && !required;
    it.skipIf(absent)(
      `${runtime.name}${absent ? ` (not installed: ${runtime.install})` : ''}`,
      async () => {
        if (!runtime.command)
          throw new Error(`${runtime.name} is not installed: ${runtime.install}`);
        const [file, ...args] = runtime.command;
        const { stdout } = await run(file, [...args, SCRIPT, JSON.stringify(config(tag))], {
          cwd: ROOT,
          timeout: 90_000,
        });
        await check(JSON.parse(stdout.trim().split('\n').at(-1)!) as Seen, tag);
      },
      120_000,
    );
  }

  const chromium = chromiumPath();
  const absent = !chromium && !required;
  for (const page of BROWSER_PAGES) {
    const tag = `chromium${page.path.replace(/\W/g, '')}`;
    it.skipIf(absent)(
      `headless Chromium, ${page.name}${absent ? ' (not installed: apt-get install chromium, or CHROMIUM_PATH)' : ''}`,
      async () => {
        if (!chromium) throw new Error('Chromium is not installed: apt-get install -y chromium');
        await check(await inChromium(chromium, page.path, page.html(), config(tag)), tag);
      },
      120_000,
    );
  }
});

/** Opens the page in headless Chromium and returns what its steps saw; any page error fails. */
async function inChromium(
  executablePath: string,
  path: string,
  html: string,
  config: object,
): Promise<Seen> {
  const { chromium: launcher } = await import('playwright-core');
  const files = await serveFiles(ROOT, { [path]: html });
  const browser = await launcher.launch({ executablePath, headless: true });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.url()}: ${r.status()}`));
    await page.goto(`${files.url}${path}#${encodeURIComponent(JSON.stringify(config))}`);
    // window.smokeDone is set once the page's modules have loaded (never, if one failed).
    await page
      .waitForFunction('window.smokeDone !== undefined || null', null, { timeout: 30_000 })
      .catch(() => undefined);
    const seen = (await page.evaluate('window.smokeDone')) as Seen | { error: string } | undefined;
    expect(errors).toEqual([]);
    if (seen === undefined) throw new Error('the page never started its steps');
    if ('error' in seen) throw new Error(`in the page: ${seen.error}`);
    return seen;
  } finally {
    await browser.close();
    await files.close();
  }
}
