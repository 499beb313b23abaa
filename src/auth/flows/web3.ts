import { defer, from, map, switchMap, type Observable } from 'rxjs';
import { securityMeta, type AuthCore } from '../auth-core.js';
import { AuthInvalidCredentialsError } from '../errors.js';
import { base64Url } from '../base64url.js';
import type { AuthSessionResponse } from '../types.js';
import { coldWith, requireSessionFrom } from './session-result.js';
import { siweMessage, siwsMessage } from './web3-messages.js';

export { siweMessage, siwsMessage };

/** An EIP-1193 provider (`window.ethereum`, a WalletConnect provider …). */
export interface EthereumWallet {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** A Solana wallet adapter with `signIn` (SIWS) or `signMessage` + `publicKey`. */
export interface SolanaWallet {
  publicKey?: { toBase58(): string } | null;
  signMessage?(message: Uint8Array, encoding?: 'utf8'): Promise<Uint8Array>;
  signIn?(input: Record<string, unknown>): Promise<unknown>;
}

/** Optional fields of the sign-in message. */
export interface Web3MessageOptions {
  /** The page URL named in the message (required outside browsers). */
  url?: string;
  captchaToken?: string;
  signInWithEthereum?: {
    chainId?: number;
    nonce?: string;
    issuedAt?: Date;
    expirationTime?: Date;
    notBefore?: Date;
    requestId?: string;
    resources?: string[];
  };
  signInWithSolana?: {
    issuedAt?: string;
    expirationTime?: string;
    notBefore?: string;
    chainId?: string;
    nonce?: string;
    requestId?: string;
    resources?: string[];
  };
}

/** Arguments of `signInWithWeb3`: a wallet to sign with, or a message already signed. */
export type Web3Credentials =
  | { chain: 'ethereum'; wallet: EthereumWallet; statement?: string; options?: Web3MessageOptions }
  | { chain: 'ethereum'; message: string; signature: string; options?: { captchaToken?: string } }
  | { chain: 'solana'; wallet: SolanaWallet; statement?: string; options?: Web3MessageOptions }
  | {
      chain: 'solana';
      message: string;
      signature: Uint8Array;
      options?: { captchaToken?: string };
    };

function pageUrl(options?: Web3MessageOptions): URL {
  const href = options?.url ?? (globalThis as { location?: { href?: string } }).location?.href;
  if (!href)
    throw new AuthInvalidCredentialsError('signInWithWeb3 needs options.url outside a browser');
  return new URL(href);
}

function hexUtf8(value: string): string {
  return `0x${Array.from(new TextEncoder().encode(value), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function signEthereum(
  wallet: EthereumWallet,
  statement: string | undefined,
  options: Web3MessageOptions | undefined,
  nowMs: number,
): Observable<{ message: string; signature: string }> {
  return defer(async () => {
    const url = pageUrl(options);
    const accounts = (await wallet.request({ method: 'eth_requestAccounts' })) as
      string[] | undefined;
    if (!accounts?.length)
      throw new AuthInvalidCredentialsError(
        'No Ethereum account available: is the wallet connected?',
      );
    const address = accounts[0];
    const siwe = options?.signInWithEthereum;
    const chainId =
      siwe?.chainId ?? parseInt(String(await wallet.request({ method: 'eth_chainId' })), 16);
    const message = siweMessage({
      domain: url.host,
      address,
      uri: url.href,
      chainId,
      statement,
      nonce: siwe?.nonce,
      issuedAt: siwe?.issuedAt ?? new Date(nowMs),
      expirationTime: siwe?.expirationTime,
      notBefore: siwe?.notBefore,
      requestId: siwe?.requestId,
      resources: siwe?.resources,
    });
    const signature = (await wallet.request({
      method: 'personal_sign',
      params: [hexUtf8(message), address.toLowerCase()],
    })) as string;
    return { message, signature };
  });
}

function signSolana(
  wallet: SolanaWallet,
  statement: string | undefined,
  options: Web3MessageOptions | undefined,
  nowMs: number,
): Observable<{ message: string; signature: Uint8Array }> {
  return defer(async () => {
    const url = pageUrl(options);
    const siws = options?.signInWithSolana;
    if (typeof wallet.signIn === 'function') {
      const output = await wallet.signIn({
        issuedAt: new Date(nowMs).toISOString(),
        ...siws,
        version: '1',
        domain: url.host,
        uri: url.href,
        ...(statement ? { statement } : null),
      });
      const first = (Array.isArray(output) ? output[0] : output) as
        { signedMessage?: Uint8Array | string; signature?: Uint8Array } | undefined;
      if (!first?.signedMessage || !(first.signature instanceof Uint8Array)) {
        throw new AuthInvalidCredentialsError(
          'Wallet signIn() returned no signedMessage and signature',
        );
      }
      const message =
        typeof first.signedMessage === 'string'
          ? first.signedMessage
          : new TextDecoder().decode(first.signedMessage);
      return { message, signature: first.signature };
    }
    if (
      typeof wallet.signMessage !== 'function' ||
      typeof wallet.publicKey?.toBase58 !== 'function'
    ) {
      throw new AuthInvalidCredentialsError(
        'The Solana wallet has neither signIn() nor signMessage() with publicKey',
      );
    }
    const message = siwsMessage({
      domain: url.host,
      address: wallet.publicKey.toBase58(),
      uri: url.href,
      statement,
      ...siws,
      issuedAt: siws?.issuedAt ?? new Date(nowMs).toISOString(),
    });
    const signature = await wallet.signMessage(new TextEncoder().encode(message), 'utf8');
    if (!(signature instanceof Uint8Array))
      throw new AuthInvalidCredentialsError('Wallet signMessage() returned no bytes');
    return { message, signature };
  });
}

/**
 * `POST /token?grant_type=web3`: signs in with an Ethereum (SIWE, `personal_sign`, hex signature)
 * or Solana (SIWS, base64url signature) wallet, or with a message and signature you already have.
 *
 * @example
 * ```ts
 * signInWithWeb3(core, { chain: 'ethereum', wallet: window.ethereum, statement: 'Welcome' }).subscribe();
 * ```
 */
export function signInWithWeb3(
  core: AuthCore,
  credentials: Web3Credentials,
): Observable<AuthSessionResponse> {
  return coldWith(() => {
    const c = credentials as Web3Credentials & {
      message?: string;
      signature?: unknown;
      wallet?: unknown;
    };
    const chain: string | undefined = (c as { chain?: string } | undefined)?.chain;
    if (chain !== 'ethereum' && chain !== 'solana') {
      throw new AuthInvalidCredentialsError(`signInWithWeb3: unsupported chain "${String(chain)}"`);
    }
    const captchaToken = c.options?.captchaToken;
    let signed$: Observable<{ message: string; signature: string }>;
    if (typeof c.message === 'string') {
      if (c.chain === 'ethereum' && typeof c.signature !== 'string') {
        throw new AuthInvalidCredentialsError('An Ethereum signature must be a hex string');
      }
      if (c.chain === 'solana' && !(c.signature instanceof Uint8Array)) {
        throw new AuthInvalidCredentialsError('A Solana signature must be a Uint8Array');
      }
      const signature =
        c.chain === 'solana' ? base64Url(c.signature as Uint8Array) : (c.signature as string);
      signed$ = from([{ message: c.message, signature }]);
    } else if (c.wallet && typeof c.wallet === 'object') {
      const opts = 'options' in c ? (c.options as Web3MessageOptions | undefined) : undefined;
      const statement = 'statement' in c ? c.statement : undefined;
      signed$ =
        c.chain === 'ethereum'
          ? signEthereum(c.wallet as EthereumWallet, statement, opts, core.now())
          : signSolana(c.wallet as SolanaWallet, statement, opts, core.now()).pipe(
              map(({ message, signature }) => ({ message, signature: base64Url(signature) })),
            );
    } else {
      throw new AuthInvalidCredentialsError(
        'signInWithWeb3 needs a wallet, or a message and a signature',
      );
    }
    return signed$.pipe(
      switchMap(({ message, signature }) =>
        core.api.request('POST', '/token', {
          query: { grant_type: 'web3' },
          body: {
            chain: c.chain,
            message,
            signature,
            ...(captchaToken ? { gotrue_meta_security: securityMeta(captchaToken) } : null),
          },
        }),
      ),
      requireSessionFrom(core, 'SIGNED_IN'),
    );
  });
}
