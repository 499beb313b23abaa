import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  AuthClient,
  AuthInvalidCredentialsError,
  type EthereumWallet,
  type SolanaWallet,
} from 'supabase-rx/auth';
import { fakeTransport, json, mapStorage, tokenBody } from './helpers.js';

function client() {
  const transport = fakeTransport(() => json(200, tokenBody(Date.now(), 3600, 'w')));
  const auth = new AuthClient({
    url: 'http://proj.test/auth/v1',
    transport,
    storage: mapStorage(),
    autoRefreshToken: false,
  });
  return { auth, transport };
}

describe('signInWithWeb3 with wallets', () => {
  it('Ethereum: asks for the account and chain, personal_signs the SIWE message (hex), sends it', async () => {
    const calls: Array<{ method: string; params?: unknown[] }> = [];
    const wallet: EthereumWallet = {
      request: async (args) => {
        calls.push(args);
        if (args.method === 'eth_requestAccounts')
          return ['0xAbCdEf0123456789abcdef0123456789ABCDEF01'];
        if (args.method === 'eth_chainId') return '0x89';
        return '0xsignature';
      },
    };
    const { auth, transport } = client();
    await lastValueFrom(
      auth.signInWithWeb3({
        chain: 'ethereum',
        wallet,
        statement: 'Hi',
        options: { url: 'https://app.io/login', signInWithEthereum: { nonce: 'abcdefgh' } },
      }),
    );
    const body = transport.requests[0].body as {
      chain: string;
      message: string;
      signature: string;
    };
    expect(transport.requests[0].query).toEqual({ grant_type: 'web3' });
    expect(body.chain).toBe('ethereum');
    expect(body.signature).toBe('0xsignature');
    expect(body.message).toMatch(
      /^app\.io wants you to sign in with your Ethereum account:\n0xabcdef0123456789abcdef0123456789abcdef01\n\nHi\n\nURI: https:\/\/app\.io\/login\nVersion: 1\nChain ID: 137\nNonce: abcdefgh\nIssued At: \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    const sign = calls.find((c) => c.method === 'personal_sign')!;
    expect(Buffer.from((sign.params![0] as string).slice(2), 'hex').toString('utf8')).toBe(
      body.message,
    );
    expect(sign.params![1]).toBe('0xabcdef0123456789abcdef0123456789abcdef01');
  });

  it('Solana with signIn(): sends the signed message and a base64url signature', async () => {
    const wallet: SolanaWallet = {
      signIn: async (input) => ({
        signedMessage: new TextEncoder().encode(`signed ${String(input.domain)}`),
        signature: new Uint8Array([255, 254]),
      }),
    };
    const { auth, transport } = client();
    await lastValueFrom(
      auth.signInWithWeb3({ chain: 'solana', wallet, options: { url: 'https://app.io/' } }),
    );
    expect(transport.requests[0].body).toEqual({
      chain: 'solana',
      message: 'signed app.io',
      signature: '__4',
    });
  });

  it('a wallet without a usable API, or no URL outside a browser, is AuthInvalidCredentialsError; nothing is sent', async () => {
    const { auth, transport } = client();
    await expect(
      lastValueFrom(
        auth.signInWithWeb3({ chain: 'solana', wallet: {}, options: { url: 'https://app.io/' } }),
      ),
    ).rejects.toBeInstanceOf(AuthInvalidCredentialsError);
    const eth: EthereumWallet = { request: async () => [] };
    await expect(
      lastValueFrom(auth.signInWithWeb3({ chain: 'ethereum', wallet: eth })),
    ).rejects.toThrow(/options\.url/);
    await expect(
      lastValueFrom(
        auth.signInWithWeb3({ chain: 'ethereum', wallet: eth, options: { url: 'https://a.io' } }),
      ),
    ).rejects.toThrow(/account/);
    expect(transport.requests).toHaveLength(0);
  });
});
