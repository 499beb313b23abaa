import { SignJWT } from 'jose';
import { CLI_DEFAULTS } from '../config/defaults.js';

/** The project's anon and service_role API keys. */
export interface ApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

function apiKey(role: string, secret: Uint8Array): Promise<string> {
  // Claim order matters for byte-equality with the CLI's keys: iss, role, exp.
  return new SignJWT({ iss: CLI_DEFAULTS.demoIssuer, role, exp: CLI_DEFAULTS.demoExpiry })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret);
}

/**
 * Makes the anon and service_role keys from a JWT secret the way the Supabase CLI does. With the
 * CLI's default secret they are its well-known demo keys.
 *
 * @example
 * ```ts
 * const { anonKey, serviceRoleKey } = await makeApiKeys('super-secret-jwt-token-with-at-least-32-characters-long');
 * ```
 */
export async function makeApiKeys(jwtSecret: string): Promise<ApiKeys> {
  const secret = new TextEncoder().encode(jwtSecret);
  const [anonKey, serviceRoleKey] = await Promise.all([
    apiKey('anon', secret),
    apiKey('service_role', secret),
  ]);
  return { anonKey, serviceRoleKey };
}
