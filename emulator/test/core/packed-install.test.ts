import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EMULATOR = join(ROOT, 'emulator');

/** The environment of a user's shell: none of the npm variables of the `npm test` running this. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
  delete env.DATABASE_URL;
  return env;
}

const MIGRATION = `create table public.notes (id int primary key, body text not null);
grant select on public.notes to anon;
insert into public.notes values (1, 'packed'), (2, 'installed');
`;

const SCRIPT_BODY = (load: string) => `${load}
(async () => {
  const emu = await startEmulator({ port: 0, projectDir: 'supabase' });
  try {
    const supabase = createClient(emu.url, emu.anonKey);
    const { data, error } = await firstValueFrom(supabase.from('notes').select('id, body').order('id'));
    if (error) throw error;
    console.log(JSON.stringify(data));
  } finally {
    await emu.stop();
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;

const EXPECTED_ROWS = [
  { id: 1, body: 'packed' },
  { id: 2, body: 'installed' },
];

// What a user gets from npm: both packages packed as they would be published, installed into an
// empty folder (from the npm cache where it can), used from plain Node with no TypeScript loader.
describe('the packed packages, installed into a fresh folder', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    for (const built of [join(ROOT, 'dist/index.js'), join(EMULATOR, 'dist/index.js')]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    }
    env = userEnv();
    dir = await mkdtemp(join(tmpdir(), 'supabase-rx-packed-'));
    const pack = { cwd: ROOT, env };
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], pack);
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
      ...pack,
      cwd: EMULATOR,
    });
    const tarballs = (await readdir(dir)).filter((f) => f.endsWith('.tgz')).map((f) => `./${f}`);
    expect(tarballs).toHaveLength(2);
    await writeFile(join(dir, 'package.json'), '{ "name": "fresh-app", "private": true }\n');
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], {
      cwd: dir,
      env,
    });
    await mkdir(join(dir, 'supabase/migrations'), { recursive: true });
    await writeFile(join(dir, 'supabase/migrations/20240101000000_notes.sql'), MIGRATION);
    await mkdir(join(dir, 'supabase/functions/hello'), { recursive: true });
    await writeFile(
      join(dir, 'supabase/functions/hello/index.ts'),
      'Deno.serve((req: Request) => new Response(`hello from ${req.method}`));\n',
    );
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('needs no TypeScript loader at run time', () => {
    expect(existsSync(join(dir, 'node_modules/supabase-rx-emulator/dist/index.js'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/supabase-rx-emulator/src'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/tsx'))).toBe(false);
  });

  it('runs a plain .mjs script: the emulator and the SDK by their package names', async () => {
    const load = `import { startEmulator } from 'supabase-rx-emulator';
import { createClient } from 'supabase-rx';
import { firstValueFrom } from 'rxjs';`;
    await writeFile(join(dir, 'check.mjs'), SCRIPT_BODY(load));
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: dir, env });
    expect(JSON.parse(stdout)).toEqual(EXPECTED_ROWS);
  }, 120_000);

  it('runs a plain .cjs script through require()', async () => {
    const load = `const { startEmulator } = require('supabase-rx-emulator');
const { createClient } = require('supabase-rx');
const { firstValueFrom } = require('rxjs');`;
    await writeFile(join(dir, 'check.cjs'), SCRIPT_BODY(load));
    const { stdout } = await run(process.execPath, ['check.cjs'], { cwd: dir, env });
    expect(JSON.parse(stdout)).toEqual(EXPECTED_ROWS);
  }, 120_000);

  it('serves the project with `npx supabase-rx-emulator` and stops on Ctrl-C', async () => {
    const child = spawn('npx', ['--no-install', 'supabase-rx-emulator', '--port', '0'], {
      cwd: dir,
      env,
      // Its own process group, as a terminal gives it: Ctrl-C reaches npm and the emulator both.
      detached: true,
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Press Ctrl-C to stop')) resolve(text);
        });
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${text}\n${err}`)));
      });
      const url = /API URL: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const key = /anon key: (\S+)/.exec(out)?.[1];
      const res = await fetch(`${url}/rest/v1/notes?select=body&order=id`, {
        headers: { apikey: key! },
      });
      expect(await res.json()).toEqual([{ body: 'packed' }, { body: 'installed' }]);
      // The compiled functions host finds its Deno bootstrap file inside the package.
      const fn = await fetch(`${url}/functions/v1/hello`, {
        method: 'POST',
        headers: { apikey: key!, authorization: `Bearer ${key}` },
      });
      expect(await fn.text()).toBe('hello from POST');
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.once('exit', (code, signal) => resolve([code, signal])),
      );
      process.kill(-child.pid!, 'SIGINT');
      const [code, signal] = await exited;
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      await expect(fetch(`${url}/rest/v1/`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid!, 'SIGKILL');
    }
  }, 120_000);
});
