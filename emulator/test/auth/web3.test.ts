import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import ws from 'ws';
import type { EmulatorHandle } from '../../src/index.js';
import { base58Decode, base58Encode } from '../../src/auth/base58.js';
import { authApi, jwtPayload, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth]
site_url = "https://app.example.com"
[auth.web3.solana]
enabled = true
[auth.web3.ethereum]
enabled = true
`;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function ethereumWallet() {
  const sk = secp256k1.utils.randomSecretKey();
  const pub = secp256k1.getPublicKey(sk, false);
  const address = `0x${hex(keccak_256(pub.slice(1)).slice(-20))}`;
  const sign = (message: string) => {
    const body = new TextEncoder().encode(message);
    const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${body.length}`);
    const hash = keccak_256(Uint8Array.from([...prefix, ...body]));
    const sig = secp256k1.Signature.fromBytes(
      secp256k1.sign(hash, sk, { prehash: false, format: 'recovered' }),
      'recovered',
    );
    const rs = sig.toBytes('compact');
    return `0x${hex(rs)}${(27 + sig.recovery!).toString(16)}`;
  };
  return { address, sign };
}

function solanaMessage(address: string, issuedAt = new Date().toISOString()) {
  return [
    'app.example.com wants you to sign in with your Solana account:',
    address,
    '',
    'I accept the terms',
    '',
    'Version: 1',
    'URI: https://app.example.com/login',
    `Issued At: ${issuedAt}`,
  ].join('\n');
}

describe('auth: web3 sign-in (Ethereum and Solana)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it('base58 round-trips, leading zeros included', () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 255, 7]);
    expect(base58Decode(base58Encode(bytes))).toEqual(bytes);
    expect(base58Decode('0OIl')).toBeUndefined();
  });

  it('Solana: a signed message signs in a web3 user; a wrong signature or stale message is refused', async () => {
    const sk = ed25519.utils.randomSecretKey();
    const address = base58Encode(ed25519.getPublicKey(sk));
    const message = solanaMessage(address);
    const signature = Buffer.from(ed25519.sign(new TextEncoder().encode(message), sk)).toString(
      'base64url',
    );
    const ok = await api.post(
      '/token',
      { chain: 'solana', message, signature },
      { query: { grant_type: 'web3' } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user.identities[0]).toMatchObject({
      provider: 'web3',
      id: `web3:solana:${address}`,
    });
    expect(jwtPayload(ok.body.access_token).amr[0].method).toBe('web3');

    const other = Buffer.from(ed25519.sign(new TextEncoder().encode(`${message} `), sk)).toString(
      'base64url',
    );
    const bad = await api.post(
      '/token',
      { chain: 'solana', message, signature: other },
      { query: { grant_type: 'web3' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Signature does not match address in message',
    });

    const stale = solanaMessage(address, new Date(Date.now() - 3600_000).toISOString());
    const staleSig = Buffer.from(ed25519.sign(new TextEncoder().encode(stale), sk)).toString(
      'base64url',
    );
    const old = await api.post(
      '/token',
      { chain: 'solana', message: stale, signature: staleSig },
      { query: { grant_type: 'web3' } },
    );
    expect(old.status).toBe(400);
    expect(old.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Solana message was issued too long ago',
    });
  });

  it('Ethereum through supabase-js signInWithWeb3 (message and signature)', async () => {
    const wallet = ethereumWallet();
    const message = [
      'app.example.com wants you to sign in with your Ethereum account:',
      wallet.address,
      '',
      'Sign in to the app',
      '',
      'URI: https://app.example.com/login',
      'Version: 1',
      'Chain ID: 1',
      'Nonce: abcdef12345678',
      `Issued At: ${new Date().toISOString()}`,
    ].join('\n');
    const sb = createClient(emu.url, emu.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as never },
    });
    const { data, error } = await sb.auth.signInWithWeb3({
      chain: 'ethereum',
      message,
      signature: wallet.sign(message) as `0x${string}`,
    });
    expect(error).toBeNull();
    expect(data.user?.identities?.[0].id).toBe(`web3:ethereum:${wallet.address}`);
    const forged = ethereumWallet().sign(message);
    const res = await api.post(
      '/token',
      { chain: 'ethereum', message, signature: forged },
      { query: { grant_type: 'web3' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a URI outside the allowed redirects and an unknown chain are refused', async () => {
    const sk = ed25519.utils.randomSecretKey();
    const address = base58Encode(ed25519.getPublicKey(sk));
    const message = solanaMessage(address)
      .replace('https://app.example.com/login', 'https://evil.example.net/')
      .replace('app.example.com wants', 'evil.example.net wants');
    const signature = Buffer.from(ed25519.sign(new TextEncoder().encode(message), sk)).toString(
      'base64url',
    );
    const res = await api.post(
      '/token',
      { chain: 'solana', message, signature },
      { query: { grant_type: 'web3' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error_description).toBe(
      'Signed Solana message is using URI which is not allowed on this server, message was signed for another app',
    );
    const chain = await api.post(
      '/token',
      { chain: 'bitcoin', message, signature },
      { query: { grant_type: 'web3' } },
    );
    expect(chain.status).toBe(400);
    expect(chain.body).toEqual({ code: 'web3_unsupported_chain', message: 'Unsupported chain' });
  });
});

describe('auth: web3 disabled by default', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator('');
  });
  afterAll(() => emu?.stop());

  it('answers 422 web3_provider_disabled', async () => {
    const res = await authApi(emu).post(
      '/token',
      { chain: 'solana', message: 'x', signature: 'y' },
      { query: { grant_type: 'web3' } },
    );
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      code: 'web3_provider_disabled',
      message: 'Web3 provider is disabled',
    });
  });
});
