import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58Decode } from './base58.js';
import { AuthHttpError, OAuthGrantError, validationFailed } from './errors.js';
import { resolveRedirect } from './redirects.js';
import type { AuthSettings } from './settings.js';

/** GoTrue's default `GOTRUE_EXTERNAL_WEB3_*_MAXIMUM_VALIDITY_DURATION` (10m), both ways. */
const MAX_VALIDITY_MS = 10 * 60_000;

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

/**
 * GoTrue's checks after the signature (internal/api/web3.go), in its order and words: the URI
 * (HTTPS unless localhost, an allowed redirect), the domain, Not Before, Expiration Time, then
 * Issued At within the maximum validity either way. Each failure is an OAuth `invalid_grant`.
 */
function checkMessage(settings: AuthSettings, m: Web3Message, now: number): void {
  const label = m.chain === 'solana' ? 'Solana' : 'Ethereum';
  const fail = (text: string) => new OAuthGrantError('invalid_grant', text);
  const uri = new URL(m.fields.URI!);
  const localhost = uri.hostname === 'localhost';
  const allowed = (url: string) => resolveRedirect(settings, url) === url;
  if (uri.protocol !== 'https:' && !localhost) {
    throw fail(`Signed ${label} message is using URI which does not use HTTPS`);
  }
  if (!allowed(m.fields.URI!)) {
    throw fail(
      `Signed ${label} message is using URI which is not allowed on this server, message was signed for another app`,
    );
  }
  if (!localhost && (uri.host !== m.domain || !allowed(`https://${m.domain}/`))) {
    throw fail(
      `Signed ${label} message is using a Domain that does not match the one in URI which is not allowed on this server`,
    );
  }
  const nbf = m.fields['Not Before'] ? Date.parse(m.fields['Not Before']) : NaN;
  if (!Number.isNaN(nbf) && now < nbf)
    throw fail(`Signed ${label} message becomes valid in the future`);
  const exp = m.fields['Expiration Time'] ? Date.parse(m.fields['Expiration Time']) : NaN;
  // GoTrue's Ethereum branch only looks at Expiration Time when Not Before is also present.
  const expChecked = m.chain === 'solana' || !Number.isNaN(nbf);
  if (expChecked && !Number.isNaN(exp) && now > exp)
    throw fail(`Signed ${label} message is expired`);
  const issued = Date.parse(m.fields['Issued At']!);
  if (now > issued + MAX_VALIDITY_MS) throw fail(`${label} message was issued too long ago`);
  if (now < issued - MAX_VALIDITY_MS)
    throw fail(`${label} message was issued too far in the future`);
}

/** Parse-stage checks of the fields the later checks read (GoTrue's parser refuses these). */
function requireFields(m: Web3Message): void {
  const uri = m.fields.URI;
  if (!uri || !URL.canParse(uri)) throw validationFailed('Web3 message is missing its URI');
  if (Number.isNaN(Date.parse(m.fields['Issued At'] ?? ''))) {
    throw validationFailed('Web3 message is missing Issued At');
  }
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

const CHAINS = { solana: 'Solana', ethereum: 'Ethereum' } as const;

/**
 * `grant_type=web3`, with GoTrue's checks in GoTrue's order (internal/api/web3.go `Web3Grant`):
 * no chain enabled at all → 422 `web3_provider_disabled` "Web3 provider is disabled"; then the
 * chain: disabled → 422 "<Chain> Web3 provider is disabled", unknown → 400
 * `web3_unsupported_chain` "Unsupported chain"; then the message length and the signature's
 * encoding (400 `validation_failed`), the message's syntax, the signature itself — Ethereum:
 * EIP-191 `personal_sign`, hex; Solana: Ed25519, base64 — and {@link checkMessage}. Returns the
 * identity it proves.
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
  const enabled = (c: string) => web3[c]?.enabled === true;
  if (!enabled('solana') && !enabled('ethereum')) {
    throw new AuthHttpError(422, 'web3_provider_disabled', 'Web3 provider is disabled');
  }
  const chain = body.chain;
  if (chain !== 'ethereum' && chain !== 'solana') {
    throw new AuthHttpError(400, 'web3_unsupported_chain', 'Unsupported chain');
  }
  if (!enabled(chain)) {
    throw new AuthHttpError(
      422,
      'web3_provider_disabled',
      `${CHAINS[chain]} Web3 provider is disabled`,
    );
  }
  const text = body.message ?? '';
  const signature = body.signature ?? '';
  const bytes = Buffer.byteLength(text);
  if (bytes < 64) throw validationFailed('message is too short');
  if (bytes > 20 * 1024) throw validationFailed('message must not exceed 20KB');
  let solanaSig: Buffer | undefined;
  if (chain === 'solana') {
    if (signature.length !== 86 && signature.length !== 88) {
      throw validationFailed(
        'signature must be 64 bytes encoded as base64 with or without padding',
      );
    }
    const url = signature.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    if (!/^[A-Za-z0-9_-]*$/.test(url) || url.length % 4 === 1) {
      throw validationFailed('signature does not contain valid base64 characters');
    }
    solanaSig = Buffer.from(url, 'base64url');
  } else if (signature.replace(/^0x/, '').length !== 130) {
    throw validationFailed(
      'signature must be 65 bytes long, encoded as a 130 character-long hexadecimal string',
    );
  }
  const message = parseWeb3Message(chain, text);
  requireFields(message);
  const mismatch = () =>
    new OAuthGrantError('invalid_grant', 'Signature does not match address in message');
  let address: string;
  if (chain === 'ethereum') {
    const signer = ethereumSigner(text, signature);
    if (!signer || signer.toLowerCase() !== message.address.toLowerCase()) throw mismatch();
    address = signer;
  } else {
    const key = base58Decode(message.address);
    const ok =
      key?.length === 32 &&
      solanaSig!.length === 64 &&
      ed25519.verify(solanaSig!, new TextEncoder().encode(text), key);
    if (!ok) throw mismatch();
    address = message.address;
  }
  checkMessage(settings, message, now);
  return { chain, address, message };
}
