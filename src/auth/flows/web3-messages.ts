import { AuthInvalidCredentialsError } from '../errors.js';
import type { Web3MessageOptions } from './web3.js';

/**
 * The EIP-4361 (Sign-In with Ethereum) message. Pure.
 *
 * @example
 * ```ts
 * siweMessage({ domain: 'app.io', address: '0xab…', uri: 'https://app.io/', chainId: 1, issuedAt: new Date() });
 * ```
 */
export function siweMessage(p: {
  domain: string;
  address: string;
  uri: string;
  chainId: number;
  statement?: string;
  nonce?: string;
  issuedAt: Date;
  expirationTime?: Date;
  notBefore?: Date;
  requestId?: string;
  resources?: string[];
}): string {
  if (!/^0x[a-fA-F0-9]{40}$/.test(p.address))
    throw new AuthInvalidCredentialsError(`Invalid Ethereum address "${p.address}"`);
  if (!Number.isInteger(p.chainId))
    throw new AuthInvalidCredentialsError(`Invalid chain id ${p.chainId}`);
  if (p.nonce && p.nonce.length < 8)
    throw new AuthInvalidCredentialsError('The nonce must be at least 8 characters');
  if (p.statement?.includes('\n'))
    throw new AuthInvalidCredentialsError('The statement must not contain a newline');
  const lines = [
    `${p.domain} wants you to sign in with your Ethereum account:`,
    p.address.toLowerCase(),
    '',
    ...(p.statement ? [p.statement, ''] : ['']),
    `URI: ${p.uri}`,
    'Version: 1',
    `Chain ID: ${p.chainId}`,
    ...(p.nonce ? [`Nonce: ${p.nonce}`] : []),
    `Issued At: ${p.issuedAt.toISOString()}`,
    ...(p.expirationTime ? [`Expiration Time: ${p.expirationTime.toISOString()}`] : []),
    ...(p.notBefore ? [`Not Before: ${p.notBefore.toISOString()}`] : []),
    ...(p.requestId ? [`Request ID: ${p.requestId}`] : []),
    ...(p.resources ? ['Resources:', ...p.resources.map((r) => `- ${r}`)] : []),
  ];
  return lines.join('\n');
}

/**
 * The Sign-In with Solana text message, as supabase-js writes it. Pure.
 *
 * @example
 * ```ts
 * siwsMessage({ domain: 'app.io', address: 'Base58…', uri: 'https://app.io/', issuedAt: '2026-01-01T00:00:00Z' });
 * ```
 */
export function siwsMessage(
  p: {
    domain: string;
    address: string;
    uri: string;
    issuedAt: string;
    statement?: string;
  } & Omit<NonNullable<Web3MessageOptions['signInWithSolana']>, 'issuedAt'>,
): string {
  return [
    `${p.domain} wants you to sign in with your Solana account:`,
    p.address,
    ...(p.statement ? ['', p.statement, ''] : ['']),
    'Version: 1',
    `URI: ${p.uri}`,
    `Issued At: ${p.issuedAt}`,
    ...(p.notBefore ? [`Not Before: ${p.notBefore}`] : []),
    ...(p.expirationTime ? [`Expiration Time: ${p.expirationTime}`] : []),
    ...(p.chainId ? [`Chain ID: ${p.chainId}`] : []),
    ...(p.nonce ? [`Nonce: ${p.nonce}`] : []),
    ...(p.requestId ? [`Request ID: ${p.requestId}`] : []),
    ...(p.resources?.length ? ['Resources', ...p.resources.map((r) => `- ${r}`)] : []),
  ].join('\n');
}
