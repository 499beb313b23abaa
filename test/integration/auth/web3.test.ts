import { generateKeyPairSync, sign } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import type { SolanaWallet } from 'supabase-rx/auth';
import { rxAuth, startAuthEmulator } from './helpers.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58 (Bitcoin alphabet), as Solana writes public keys. */
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

/** A Solana wallet with an Ed25519 key, signing with `signMessage` as wallet adapters do. */
function wallet(): SolanaWallet {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    publicKey: { toBase58: () => base58(new Uint8Array(raw)) },
    signMessage: async (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey)),
  };
}

describe('signInWithWeb3 (Solana) against the emulator', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator(
      '[auth]\nsite_url = "http://localhost:3000"\nadditional_redirect_urls = ["https://app.example.com/**"]\n[auth.web3.solana]\nenabled = true\n',
    );
  });
  afterAll(() => emu?.stop());

  it('builds the sign-in message, has the wallet sign it, and signs in', async () => {
    const auth = rxAuth(emu);
    const w = wallet();
    const { user, session } = await lastValueFrom(
      auth.signInWithWeb3({
        chain: 'solana',
        wallet: w,
        statement: 'Welcome to the app',
        options: { url: 'https://app.example.com/login' },
      }),
    );
    expect(session.access_token).toBeTruthy();
    expect(JSON.stringify(user)).toContain(w.publicKey!.toBase58());
  });

  it('a signature by another key is refused', async () => {
    const auth = rxAuth(emu);
    const a = wallet();
    const b = wallet();
    const forged: SolanaWallet = { publicKey: a.publicKey, signMessage: b.signMessage };
    await expect(
      lastValueFrom(
        auth.signInWithWeb3({
          chain: 'solana',
          wallet: forged,
          options: { url: 'https://app.example.com/login' },
        }),
      ),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    expect(auth.session).toBeNull();
  });
});
