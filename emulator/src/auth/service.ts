import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import { AuthHttpError } from './errors.js';
import type { IdTokenIssuer } from './id-token-issuer.js';
import type { RateLimiter } from './rate-limit.js';
import type { AuthSettings } from './settings.js';

/** What every route of the auth service shares: the emulator context, settings and limiters. */
export interface AuthService {
  readonly ctx: EmulatorContext;
  readonly settings: AuthSettings;
  readonly limiter: RateLimiter;
  /** The emulator's test issuer of OpenID id tokens (and of the emulated providers' identities). */
  readonly issuer: IdTokenIssuer;
}

/**
 * The public base URL of the auth API for this request (`http://127.0.0.1:54321/auth/v1`): the
 * `iss` of access tokens and the prefix of links in e-mails.
 *
 * @example
 * const link = `${authBase(c)}/verify?token=${hash}&type=signup`;
 */
export function authBase(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? url.host;
  return `${proto}://${host}/auth/v1`;
}

/**
 * Reads a JSON object body. An empty body is `{}`; anything that is not a JSON object is
 * GoTrue's 400 `bad_json`.
 *
 * @example
 * const body = await readJson(c);
 */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AuthHttpError(
      400,
      'bad_json',
      `Could not parse request body as JSON: ${(e as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AuthHttpError(
      400,
      'bad_json',
      'Could not parse request body as JSON: expected an object',
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * A string field of a body, or `undefined`; any other type is a 400 naming the field.
 *
 * @example
 * const email = str(body, 'email');
 */
export function str(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v == null) return undefined;
  if (typeof v !== 'string') {
    throw new AuthHttpError(
      400,
      'bad_json',
      `Could not parse request body as JSON: "${field}" must be a string`,
    );
  }
  return v;
}

/**
 * An object field of a body (metadata), `{}` when absent; any other type is a 400.
 *
 * @example
 * const data = obj(body, 'data');
 */
export function obj(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const v = body[field];
  if (v == null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new AuthHttpError(
      400,
      'bad_json',
      `Could not parse request body as JSON: "${field}" must be an object`,
    );
  }
  return v as Record<string, unknown>;
}
