import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { proxyRequest } from './http-proxy.js';
import { FunctionBootError, type BootOptions, type FunctionHost } from './function-host.js';

const LISTENING = '@@supabase-rx-functions listening ';
const BOOTSTRAP = fileURLToPath(new URL('./deno-bootstrap.mjs', import.meta.url));
// What Deno itself needs from the OS; the bootstrap hides these from the function's Deno.env.
const OS_ENV = ['HOME', 'PATH', 'DENO_DIR', 'TMPDIR', 'TMP', 'TEMP', 'SystemRoot', 'USERPROFILE'];

function denoArgs(options: BootOptions): string[] {
  const args = ['run', '--allow-all', '--no-prompt'];
  const folder = dirname(options.entrypoint);
  const config = ['deno.json', 'deno.jsonc'].map((f) => join(folder, f)).find(existsSync);
  if (config) args.push('--config', config);
  else args.push('--no-config');
  if (options.importMap) args.push('--import-map', options.importMap);
  args.push(BOOTSTRAP, pathToFileURL(options.entrypoint).href);
  return args;
}

function osEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1' };
  for (const name of OS_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * Starts one function in a Deno process of its own (the bootstrap imports the entry module and
 * makes its `Deno.serve` listen on a free loopback port), and resolves once it listens. Rejects
 * with a `FunctionBootError` when the module fails, never calls `Deno.serve`, or takes longer than
 * `bootTimeoutMs` (the process is killed). The process also exits when the emulator's process
 * goes away, however it ends (its stdin closes).
 *
 * @example
 * ```ts
 * const fn = await startDenoFunction('/usr/bin/deno', { name: 'hello', entrypoint, env, bootTimeoutMs: 10_000, log: console.log });
 * const res = await fn.fetch(request, '/hello');
 * await fn.close();
 * ```
 */
export function startDenoFunction(deno: string, options: BootOptions): Promise<FunctionHost> {
  const child = spawn(deno, denoArgs(options), {
    cwd: dirname(options.entrypoint),
    env: { ...osEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let alive = true;
  void exited.then(() => (alive = false));
  const errLines: string[] = [];

  createInterface({ input: child.stderr }).on('line', (line) => {
    errLines.push(line);
    if (errLines.length > 20) errLines.shift();
    options.log(line);
  });

  const close = async () => {
    if (alive) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(force);
    }
  };

  return new Promise<FunctionHost>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const detail = errLines.length > 0 ? `\n${errLines.join('\n')}` : '';
      void close().then(() =>
        reject(new FunctionBootError(options.name, `Function "${options.name}" ${why}${detail}`)),
      );
    };
    const timer = setTimeout(
      () =>
        fail(
          `did not start listening within ${options.bootTimeoutMs} ms (functions.bootTimeoutMs)`,
        ),
      options.bootTimeoutMs,
    );
    child.once('error', (error) => fail(`could not start Deno (${deno}): ${error.message}`));
    void exited.then(() => {
      if (child.exitCode !== null || child.signalCode !== null) {
        fail(`exited while booting (code ${child.exitCode ?? child.signalCode})`);
      }
    });
    let port: number | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (port === undefined && !settled && line.startsWith(LISTENING)) {
        port = Number(line.slice(LISTENING.length));
        settled = true;
        clearTimeout(timer);
        resolve({
          runtime: 'deno',
          pid: child.pid,
          exited,
          fetch: (request, path) => proxyRequest(request, port!, path),
          close,
        });
      } else {
        options.log(line);
      }
    });
  });
}
