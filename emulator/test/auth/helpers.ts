import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, type TestEngine } from '../helpers/index.js';

/**
 * Starts an emulator whose project folder holds only the given `config.toml` text (the CLI's
 * defaults for everything it does not set), with `env` set in the environment while it starts.
 */
export async function startAuthEmulator(
  configToml = '',
  engine: TestEngine = 'pglite',
  env: Record<string, string> = {},
): Promise<EmulatorHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-emu-'));
  await writeFile(join(dir, 'config.toml'), configToml);
  // Settings read from the environment (GOTRUE_SAML_ENABLED, …) are read once, at start.
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startTestEmulator({ projectDir: dir, engine });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A parsed response of the auth API. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of one call: the bearer (default the anon key), extra headers, the API version. */
export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** `null` sends no `X-Supabase-Api-Version` (the legacy error shape). */
  version?: string | null;
  query?: Record<string, string>;
}

/** A tiny fetch client for `/auth/v1`, as supabase-js calls it. */
export function authApi(emu: EmulatorHandle) {
  async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    o: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(`${emu.url}/auth/v1${path}`);
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      apikey: emu.anonKey,
      authorization: `Bearer ${o.token ?? emu.anonKey}`,
      ...o.headers,
    };
    const version = o.version === undefined ? '2024-01-01' : o.version;
    if (version) headers['x-supabase-api-version'] = version;
    if (body !== undefined) headers['content-type'] = 'application/json;charset=UTF-8';
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // HTML pages and empty bodies stay text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    call,
    get: <T = any>(path: string, o?: CallOptions) => call<T>('GET', path, undefined, o),
    post: <T = any>(path: string, body: unknown = {}, o?: CallOptions) =>
      call<T>('POST', path, body, o),
    put: <T = any>(path: string, body: unknown = {}, o?: CallOptions) =>
      call<T>('PUT', path, body, o),
    del: <T = any>(path: string, body?: unknown, o?: CallOptions) =>
      call<T>('DELETE', path, body, o),
    admin: (o: CallOptions = {}) => ({ ...o, token: emu.serviceRoleKey }),
  };
}

/** Decodes a JWT's payload (no verification: the tests check what the server put in it). */
export function jwtPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

let counter = 0;
/** A fresh e-mail address for one test. */
export function newEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}
