import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_DEMO_KEYS } from '../../src/index.js';
import { missingProjectWarning, parseCli } from '../../src/cli.js';

const BIN = fileURLToPath(new URL('../../bin/supabase-rx-emulator.mjs', import.meta.url));
const EMPTY_PROJECT = fileURLToPath(new URL('../helpers/empty-project', import.meta.url));

/** Resolves with everything printed once `pattern` appears on stdout (rejects if the process exits first). */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) resolve(out);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${out}\n${err}`)),
    );
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('supabase-rx-emulator (the command)', () => {
  it('starts, prints the URL and the keys, serves, and stops cleanly on SIGTERM', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, '--port', '0', '--project-dir', EMPTY_PROJECT], {
      env,
    });
    try {
      const out = await waitForOutput(child, /Press Ctrl-C to stop/);
      const url = /API URL: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toContain(`anon key: ${CLI_DEMO_KEYS.anon}`);
      expect(out).toContain(`service_role key: ${CLI_DEMO_KEYS.serviceRole}`);
      const res = await fetch(`${url}/nowhere`);
      expect(res.status).toBe(404);

      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('exits 1 with a message naming the migration that failed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-cli-'));
    await mkdir(join(dir, 'migrations'));
    await writeFile(join(dir, 'migrations', '20240101000000_bad.sql'), 'select * from nowhere;');
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, '--port', '0', '--project-dir', dir], { env });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await exitCode(child)).toBe(1);
    expect(err).toContain(
      'could not start: migration 20240101000000_bad.sql failed: relation "nowhere" does not exist',
    );
    await rm(dir, { recursive: true, force: true });
  }, 180_000);

  it('warns on stderr when there is no project folder, and still serves', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'emu-cli-empty-'));
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, '--port', '0'], { cwd, env });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await waitForOutput(child, /Press Ctrl-C to stop/);
      expect(err).toContain(`no Supabase project folder at ${join(cwd, 'supabase')}`);
      expect(err).toContain('--project-dir DIR');
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      await exited;
      await rm(cwd, { recursive: true, force: true });
    }
  }, 180_000);

  it('does not warn when the project folder exists', () => {
    expect(missingProjectWarning(EMPTY_PROJECT)).toBeUndefined();
    expect(missingProjectWarning(join(EMPTY_PROJECT, 'nowhere'))).toContain(
      join(EMPTY_PROJECT, 'nowhere'),
    );
  });

  it('prints usage and exits 2 on an unknown option', async () => {
    const child = spawn(process.execPath, [BIN, '--bogus']);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(err).toContain("Unknown option '--bogus'");
    expect(err).toContain('Usage: supabase-rx-emulator');
  }, 60_000);
});

describe('parseCli', () => {
  it('maps the options, and DATABASE_URL from the environment', () => {
    expect(
      parseCli(['--port', '0', '--project-dir', 'p', '--data-dir', 'd'], {
        DATABASE_URL: 'postgres://x/y',
      }),
    ).toEqual({ port: 0, projectDir: 'p', dataDir: 'd', databaseUrl: 'postgres://x/y' });
    expect(
      parseCli(['--database-url', 'postgres://a/b'], { DATABASE_URL: 'postgres://x/y' }),
    ).toEqual({
      databaseUrl: 'postgres://a/b',
    });
    expect(parseCli(['--help'], {})).toBe('help');
    expect(parseCli([], {})).toEqual({});
  });

  it.each([['abc'], ['-1'], ['70000'], ['1.5']])(
    'refuses --port %s with a clear message',
    (port) => {
      expect(() => parseCli([`--port=${port}`], {})).toThrow(
        /--port must be a number from 0 to 65535/,
      );
    },
  );
});
