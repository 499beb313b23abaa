import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58Decode } from './base58.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { resolveRedirect } from './redirects.js';
import type { AuthSettings } from './settings.js';

/** How old a sign-in message may be (GoTrue refuses stale ones). */
const MAX_AGE_MS = 10 * 60_000;

/** A parsed Sign-In-With-Ethereum / Solana message. */
export interface Web3Message {
  chain: 'ethereum' | 'solana';
  domain: string;
  address: string;
  fields: Record<string, string>;
}

/**
 * Parses an EIP-4361 (SIWE) or Solana sign-in message: `<domain> wants you to sign in with your
 * <Chain> account:`, the address, then `Key: value` lines.
 *
 * @example
 * parseWeb3Message('solana', text).address;
 */
export function parseWeb3Message(chain: 'ethereum' | 'solana', text: string): Web3Message {
  const lines = text.split('\n');
  const head = /^(\S+) wants you to sign in with your (Ethereum|Solana) account:$/.exec(
    lines[0] ?? '',
  );
  if (!head || head[2].toLowerCase() !== chain) {
    throw validationFailed(`Invalid sign in with ${chain} message: bad first line`);
  }
  const address = (lines[1] ?? '').trim();
  if (!address) throw validationFailed(`Invalid sign in with ${chain} message: no address`);
  const fields: Record<string, string> = {};
  for (const line of lines.slice(2)) {
    const m = /^([A-Za-z][A-Za-z ]*): (.*)$/.exec(line);
    if (m) fields[m[1]] = m[2];
  }
  return { chain, domain: head[1], address, fields };
}

/** Checks the message's URI, domain and times against the settings and the clock. */
function checkMessage(settings: AuthSettings, m: Web3Message, now: number): void {
  const uri = m.fields.URI;
  if (!uri) throw validationFailed('Web3 message is missing its URI');
  if (resolveRedirect(settings, uri) !== uri) {
    throw new AuthHttpError(
      403,
      'validation_failed',
      'Web3 message URI is not an allowed redirect URL',
    );
  }
  if (new URL(uri).host !== m.domain)
    throw validationFailed('Web3 message domain does not match its URI');
  const issued = Date.parse(m.fields['Issued At'] ?? '');
  if (Number.isNaN(issued)) throw validationFailed('Web3 message is missing Issued At');
  if (issued > now + 60_000 || now - issued > MAX_AGE_MS) {
    throw new AuthHttpError(403, 'validation_failed', 'Web3 message is not fresh (Issued At)');
  }
  const exp = m.fields['Expiration Time'];
  if (exp && Date.parse(exp) <= now)
    throw new AuthHttpError(403, 'validation_failed', 'Web3 message has expired');
  const nbf = m.fields['Not Before'];
  if (nbf && Date.parse(nbf) > now)
    throw new AuthHttpError(403, 'validation_failed', 'Web3 message is not valid yet');
}

const hexBytes = (hex: string): Uint8Array | undefined => {
  const h = hex.replace(/^0x/, '');
  if (!/^([0-9a-f]{2})*$/i.test(h)) return undefined;
  return Uint8Array.from(h.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
};

/** The Ethereum address (0x + 40 hex) whose key made `signature` over `message` (EIP-191). */
function ethereumSigner(message: string, signature: string): string | undefined {
  const sig = hexBytes(signature);
  if (!sig || sig.length !== 65) return undefined;
  const body = new TextEncoder().encode(message);
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${body.length}`);
  const hash = keccak_256(Uint8Array.from([...prefix, ...body]));
  const v = sig[64] >= 27 ? sig[64] - 27 : sig[64];
  try {
    const recovered = secp256k1.recoverPublicKey(Uint8Array.from([v, ...sig.slice(0, 64)]), hash, {
      prehash: false,
    });
    const full = secp256k1.Point.fromBytes(recovered).toBytes(false);
    const addr = keccak_256(full.slice(1)).slice(-20);
    return `0x${Buffer.from(addr).toString('hex')}`;
  } catch {
    return undefined;
  }
}

/**
 * `grant_type=web3`: checks the chain is enabled (`[auth.web3.<chain>] enabled`), the message
 * (domain, URI allowed, freshness) and the signature — Ethereum: EIP-191 `personal_sign`, hex;
 * Solana: Ed25519 over the message, base64url — and returns the identity it proves.
 *
 * @example
 * const { chain, address } = verifyWeb3(settings, raw, body);
 */
export function verifyWeb3(
  settings: AuthSettings,
  web3: Record<string, { enabled?: unknown }>,
  body: { chain?: string; message?: string; signature?: string },
  now = Date.now(),
): { chain: 'ethereum' | 'solana'; address: string; message: Web3Message } {
  const chain = body.chain;
  if (chain !== 'ethereum' && chain !== 'solana')
    throw validationFailed('Unsupported chain: use ethereum or solana');
  if (web3[chain]?.enabled !== true) {
    throw new AuthHttpError(422, 'web3_provider_disabled', `Web3 provider ${chain} is disabled`);
  }
  if (!body.message || !body.signature)
    throw validationFailed('message and signature are required');
  const message = parseWeb3Message(chain, body.message);
  checkMessage(settings, message, now);
  if (chain === 'ethereum') {
    const signer = ethereumSigner(body.message, body.signature);
    if (!signer || signer.toLowerCase() !== message.address.toLowerCase()) {
      throw validationFailed('Signature does not match the address in the message');
    }
    return { chain, address: signer, message };
  }
  const key = base58Decode(message.address);
  const sig = Buffer.from(body.signature, 'base64url');
  const ok =
    key?.length === 32 &&
    sig.length === 64 &&
    ed25519.verify(sig, new TextEncoder().encode(body.message), key);
  if (!ok) throw validationFailed('Signature does not match the address in the message');
  return { chain, address: message.address, message };
}
