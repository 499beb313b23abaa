import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/engine.js';
import { AuthHttpError, validationFailed } from './errors.js';

/** A row of `auth.oauth_clients`. */
export interface OAuthClientRow {
  id: string;
  client_secret_hash: string | null;
  registration_type: 'dynamic' | 'manual';
  client_type: 'public' | 'confidential';
  token_endpoint_auth_method: string;
  redirect_uris: string[];
  grant_types: string[];
  client_name: string | null;
  client_uri: string | null;
  logo_uri: string | null;
  created_at: Date;
  updated_at: Date;
}

export const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'];
const GRANT_TYPES = ['authorization_code', 'refresh_token'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DANGEROUS_SCHEMES = ['javascript', 'data', 'file', 'vbscript', 'about', 'blob'];

/** True for a UUID string (GoTrue parses client ids as UUIDs before any lookup). */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

/** Why GoTrue refuses a redirect URI, or `null` when it is acceptable. */
function redirectUriProblem(uri: string): string | null {
  if (uri === '') return 'redirect URI cannot be empty';
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return 'must have scheme and host';
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (!u.host) return 'must have scheme and host';
  if (DANGEROUS_SCHEMES.includes(scheme.toLowerCase())) {
    return `scheme '${scheme}' is not allowed for security reasons`;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (scheme === 'http' && !['localhost', '127.0.0.1', '::1'].includes(host)) {
    return 'HTTP scheme only allowed for localhost';
  }
  if (u.hash !== '') return 'fragment not allowed in redirect URI';
  return null;
}

function stringList(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v == null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new AuthHttpError(400, 'bad_json', 'Invalid JSON body');
  }
  return v as string[];
}

function optString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v == null) return undefined;
  if (typeof v !== 'string') throw new AuthHttpError(400, 'bad_json', 'Invalid JSON body');
  return v;
}

function checkRedirectUris(uris: string[], required: boolean): void {
  if (required && uris.length === 0) throw validationFailed('redirect_uris is required');
  if (uris.length === 0) throw validationFailed('redirect_uris cannot be empty');
  if (uris.length > 10) throw validationFailed('redirect_uris cannot exceed 10 items');
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw validationFailed(`invalid redirect_uri '${uri}': ${problem}`);
  }
}

function checkGrantTypes(types: string[]): void {
  if (types.length === 0) throw validationFailed('grant_types cannot be empty');
  if (types.some((t) => !GRANT_TYPES.includes(t))) {
    throw validationFailed(
      "grant_types must only contain 'authorization_code' and/or 'refresh_token'",
    );
  }
}

function checkUri(value: string | undefined, field: string): void {
  if (!value) return;
  if (value.length > 2048) throw validationFailed(`${field} cannot exceed 2048 characters`);
  try {
    new URL(value);
  } catch {
    throw validationFailed(`${field} must be a valid URL`);
  }
}

/** The client type an auth method implies (`none` → public, anything else confidential). */
const typeOfMethod = (method: string) => (method === 'none' ? 'public' : 'confidential');

/** Go's `%v` of a string slice, as GoTrue prints the valid methods in its messages. */
const goList = (items: string[]) => `[${items.join(' ')}]`;

/** A client secret: 32 random bytes, base64url (shown once; only its SHA-256 is stored). */
export function newClientSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * Compares a presented secret with the stored hash in constant time.
 *
 * @example
 * secretMatches(client.client_secret_hash, presented);
 */
export function secretMatches(hash: string | null, presented: string): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashSecret(presented));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Validates a registration body (`POST /admin/oauth/clients`) with GoTrue's rules and messages,
 * and inserts the client. Emits the row and, for a confidential client, the plaintext secret.
 *
 * @example
 * const { client, secret } = await registerClient(db, body, 'manual');
 */
export async function registerClient(
  db: Queryable,
  body: Record<string, unknown>,
  registrationType: 'manual' | 'dynamic',
): Promise<{ client: OAuthClientRow; secret?: string }> {
  const redirectUris = stringList(body, 'redirect_uris') ?? [];
  const grantTypes = stringList(body, 'grant_types');
  const clientName = optString(body, 'client_name') ?? '';
  const clientUri = optString(body, 'client_uri');
  const logoUri = optString(body, 'logo_uri');
  const clientType = optString(body, 'client_type') ?? '';
  const method = optString(body, 'token_endpoint_auth_method') ?? '';
  checkRedirectUris(redirectUris, true);
  if (grantTypes && grantTypes.length > 0) checkGrantTypes(grantTypes);
  if (clientName.length > 1024) throw validationFailed('client_name cannot exceed 1024 characters');
  checkUri(clientUri, 'client_uri');
  checkUri(logoUri, 'logo_uri');
  if (clientType !== '' && clientType !== 'public' && clientType !== 'confidential') {
    throw validationFailed("client_type must be 'public' or 'confidential'");
  }
  if (method !== '' && !AUTH_METHODS.includes(method)) {
    throw validationFailed(`token_endpoint_auth_method must be one of: ${goList(AUTH_METHODS)}`);
  }
  if (clientType !== '' && method !== '' && clientType !== typeOfMethod(method)) {
    throw validationFailed(
      `client_type '${clientType}' is inconsistent with token_endpoint_auth_method '${method}' (expected client_type '${typeOfMethod(method)}')`,
    );
  }
  const type = clientType || (method ? typeOfMethod(method) : 'confidential');
  const authMethod = method || (type === 'public' ? 'none' : 'client_secret_basic');
  const secret = type === 'confidential' ? newClientSecret() : undefined;
  const r = await db.query<OAuthClientRow>(
    `insert into auth.oauth_clients (client_secret_hash, registration_type, client_type,
       token_endpoint_auth_method, redirect_uris, grant_types, client_name, client_uri, logo_uri)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [
      secret?.hash ?? null,
      registrationType,
      type,
      authMethod,
      redirectUris,
      grantTypes && grantTypes.length > 0 ? grantTypes : GRANT_TYPES,
      clientName || null,
      clientUri || null,
      logoUri || null,
    ],
  );
  return { client: r.rows[0], secret: secret?.secret };
}

/**
 * Applies `PUT /admin/oauth/clients/<id>`: only the fields present change; an empty body is
 * GoTrue's 400 "No fields provided for update".
 *
 * @example
 * const updated = await updateClient(db, client, { client_name: 'New name' });
 */
export async function updateClient(
  db: Queryable,
  client: OAuthClientRow,
  body: Record<string, unknown>,
): Promise<OAuthClientRow> {
  const redirectUris = stringList(body, 'redirect_uris');
  const grantTypes = stringList(body, 'grant_types');
  const clientName = optString(body, 'client_name');
  const clientUri = optString(body, 'client_uri');
  const logoUri = optString(body, 'logo_uri');
  const method = optString(body, 'token_endpoint_auth_method');
  const fields = [redirectUris, grantTypes, clientName, clientUri, logoUri, method];
  if (fields.every((f) => f === undefined)) throw validationFailed('No fields provided for update');
  if (redirectUris) checkRedirectUris(redirectUris, false);
  if (grantTypes) checkGrantTypes(grantTypes);
  if (clientName !== undefined && clientName.length > 1024) {
    throw validationFailed('client_name cannot exceed 1024 characters');
  }
  checkUri(clientUri, 'client_uri');
  checkUri(logoUri, 'logo_uri');
  if (method !== undefined) {
    if (!AUTH_METHODS.includes(method)) {
      throw validationFailed(
        `invalid token_endpoint_auth_method: must be one of ${goList(AUTH_METHODS)}`,
      );
    }
    const valid =
      client.client_type === 'public' ? ['none'] : ['client_secret_basic', 'client_secret_post'];
    if (!valid.includes(method)) {
      throw validationFailed(
        `token_endpoint_auth_method '${method}' is not valid for client_type '${client.client_type}'; valid methods: ${goList(valid)}`,
      );
    }
  }
  const r = await db.query<OAuthClientRow>(
    `update auth.oauth_clients set
       redirect_uris = coalesce($2, redirect_uris), grant_types = coalesce($3, grant_types),
       client_name = case when $4::boolean then $5 else client_name end,
       client_uri = case when $6::boolean then $7 else client_uri end,
       logo_uri = case when $8::boolean then $9 else logo_uri end,
       token_endpoint_auth_method = coalesce($10, token_endpoint_auth_method),
       updated_at = now()
     where id = $1 returning *`,
    [
      client.id,
      redirectUris ?? null,
      grantTypes ?? null,
      clientName !== undefined,
      clientName || null,
      clientUri !== undefined,
      clientUri || null,
      logoUri !== undefined,
      logoUri || null,
      method ?? null,
    ],
  );
  return r.rows[0];
}

/**
 * A live (not deleted) client by id, or `undefined`.
 *
 * @example
 * const client = await findClient(db, clientId);
 */
export async function findClient(db: Queryable, id: string): Promise<OAuthClientRow | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await db.query<OAuthClientRow>(
    'select * from auth.oauth_clients where id = $1 and deleted_at is null',
    [id],
  );
  return r.rows[0];
}

/**
 * GoTrue's `OAuthServerClientResponse`: empty strings and lists are left out (`omitempty`);
 * `client_secret` only when given (registration and regeneration).
 *
 * @example
 * return c.json(clientJson(client, secret), 201);
 */
export function clientJson(client: OAuthClientRow, secret?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { client_id: client.id };
  if (secret) out.client_secret = secret;
  out.client_type = client.client_type;
  if (client.redirect_uris.length) out.redirect_uris = client.redirect_uris;
  out.token_endpoint_auth_method = client.token_endpoint_auth_method;
  if (client.grant_types.length) out.grant_types = client.grant_types;
  out.response_types = ['code'];
  if (client.client_name) out.client_name = client.client_name;
  if (client.client_uri) out.client_uri = client.client_uri;
  if (client.logo_uri) out.logo_uri = client.logo_uri;
  out.registration_type = client.registration_type;
  out.created_at = new Date(client.created_at).toISOString();
  out.updated_at = new Date(client.updated_at).toISOString();
  return out;
}

/**
 * The client as an authorization or grant shows it (`ClientDetailsResponse`).
 *
 * @example
 * clientDetails(client); // { id, name, uri, logo_uri }
 */
export function clientDetails(client: OAuthClientRow): Record<string, unknown> {
  const out: Record<string, unknown> = { id: client.id };
  if (client.client_name) out.name = client.client_name;
  if (client.client_uri) out.uri = client.client_uri;
  if (client.logo_uri) out.logo_uri = client.logo_uri;
  return out;
}
