/**
 * Auth benchmarks, supabase-rx against supabase-js in the same run:
 * - `getClaims` on an ES256 token with the JWKS cached: verifications per second;
 * - 1,000 concurrent REST requests meeting an expired session: time until all are served, and how
 *   many refresh requests went out (single-flight: one).
 * A local `node:http` server plays GoTrue and PostgREST.
 */
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import ws from 'ws';
import { createClient } from 'supabase-rx';
import { fmt } from './stats.js';

const KEY = 'bench-anon-key';
const VERIFICATIONS = Number(process.env.BENCH_CLAIMS ?? 5_000);
const CONCURRENT = 1_000;

interface Stub {
  url: string;
  refreshes: number;
  close(): void;
}

async function startAuthStub(jwks: unknown, freshToken: () => Promise<string>): Promise<Stub> {
  const stub = { url: '', refreshes: 0, close: () => server.close() };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const path = req.url ?? '';
      let body: unknown = [];
      if (path.startsWith('/auth/v1/.well-known/jwks.json')) body = jwks;
      else if (path.startsWith('/auth/v1/token')) {
        stub.refreshes++;
        body = session(await freshToken(), 3600);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

function session(accessToken: string, expiresIn: number) {
  return {
    access_token: accessToken,
    refresh_token: `refresh-${Math.random()}`,
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    user: {
      id: 'u1',
      aud: 'authenticated',
      role: 'authenticated',
      app_metadata: {},
      user_metadata: {},
    },
  };
}

/** A storage adapter already holding a session of supabase-js's shape. */
function storageWith(key: string, value: unknown) {
  const map = new Map<string, string>([[key, JSON.stringify(value)]]);
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

export async function authBench(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'ES256', use: 'sig' };
  const sign = (expSeconds: number) =>
    new SignJWT({ role: 'authenticated', aud: 'authenticated', session_id: 's1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench-key', typ: 'JWT' })
      .setSubject('u1')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expSeconds)
      .sign(privateKey);
  const stub = await startAuthStub({ keys: [jwk] }, () => sign(3600));
  try {
    await claimsBench(stub, await sign(3600));
    await refreshBench(stub, await sign(-60));
  } finally {
    stub.close();
  }
}

async function claimsBench(stub: Stub, token: string): Promise<void> {
  const common = { auth: { persistSession: false, autoRefreshToken: false } };
  const js = createSupabaseJs(stub.url, KEY, { ...common, realtime: { transport: ws as never } });
  const rx = createClient(stub.url, KEY, common);
  const contenders = {
    'supabase-js': async () => {
      const { error } = await js.auth.getClaims(token);
      if (error) throw error;
    },
    'supabase-rx': async () => {
      await firstValueFrom(rx.auth.getClaims(token));
    },
  };
  const rates: Record<string, number> = {};
  for (const [name, once] of Object.entries(contenders)) {
    for (let i = 0; i < 200; i++) await once(); // warm-up, and the JWKS fetched once
    const start = performance.now();
    for (let i = 0; i < VERIFICATIONS; i++) await once();
    rates[name] = VERIFICATIONS / ((performance.now() - start) / 1000);
  }
  console.log(`\n## getClaims, ES256, JWKS cached (${VERIFICATIONS} verifications each)`);
  console.log('| client | verifications/s | × supabase-js |');
  console.log('| --- | --- | --- |');
  for (const [name, rate] of Object.entries(rates)) {
    console.log(`| ${name} | ${fmt(rate, 0)} | ${fmt(rate / rates['supabase-js'], 2)} |`);
  }
}

async function refreshBench(stub: Stub, expiredToken: string): Promise<void> {
  const storageKey = 'sb-127-auth-token';
  const expired = {
    ...session(expiredToken, 3600),
    expires_at: Math.floor(Date.now() / 1000) - 60,
  };
  const results: string[] = [];
  const run = async (name: string, query: () => Promise<unknown>) => {
    stub.refreshes = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, query));
    const ms = performance.now() - start;
    results.push(`| ${name} | ${fmt(ms, 0)} | ${stub.refreshes} |`);
  };
  const options = () => ({
    auth: { storage: storageWith(storageKey, expired), storageKey, autoRefreshToken: false },
  });
  const js = createSupabaseJs(stub.url, KEY, {
    ...options(),
    realtime: { transport: ws as never },
  });
  await run('supabase-js', async () => {
    const { error } = await js.from('notes').select();
    if (error) throw error;
  });
  const rx = createClient(stub.url, KEY, options());
  await run('supabase-rx', () => firstValueFrom(rx.from('notes').select()));
  console.log(`\n## ${CONCURRENT} concurrent requests after the access token expired`);
  console.log('| client | ms until all served | refresh requests |');
  console.log('| --- | --- | --- |');
  for (const line of results) console.log(line);
}
