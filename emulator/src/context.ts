import type { Engine, Queryable } from './db/engine.js';

/** Claims of a verified request JWT (or the anon role's, for a request with no key). */
export interface RequestAuth {
  /** The Postgres role the request runs as: `anon`, `authenticated`, `service_role`, … */
  role: string;
  claims: Record<string, unknown>;
  /** The raw bearer token, when one was given. */
  token?: string;
}

/** Settings read from `supabase/config.toml` (defaults are the Supabase CLI's). */
export interface EmulatorConfig {
  port: number;
  api: {
    schemas: string[];
    extraSearchPath: string[];
    maxRows: number;
  };
  auth: {
    jwtSecret: string;
    jwtExpiry: number;
    siteUrl: string;
    /** The rest of `[auth]` as parsed from TOML, for the auth service to read. */
    raw: Record<string, unknown>;
  };
  /** The whole parsed config.toml (`{}` when none). */
  raw: Record<string, unknown>;
}

/** What the SQL of one request runs with: its role, its claims and the request's details. */
export interface RequestSettings {
  auth: RequestAuth;
  method: string;
  path: string;
  headers: Record<string, string>;
  /**
   * The schema the request addresses (`Accept-Profile`/`Content-Profile`); it leads the
   * transaction's `search_path`, followed by `[api] extra_search_path`. Default: the first
   * exposed schema.
   */
  schema?: string;
}

/** A message the emulator "sent" (email or SMS), kept for tests to read. */
export interface MailMessage {
  id: string;
  /** Email address or phone number. */
  to: string;
  channel: 'email' | 'sms' | 'whatsapp';
  /** `signup`, `magiclink`, `recovery`, `invite`, `email_change`, `otp`, `reauthentication`, … */
  type: string;
  subject: string;
  body: string;
  /** The one-time code, when the message carries one. */
  token?: string;
  /** The action link, when the message carries one. */
  link?: string;
  sentAt: string;
}

/** The emulator's outbox, read by tests (`GET /auth/v1/_emulator/mailbox`, `handle.mailbox`). */
export interface Mailbox {
  send(message: Omit<MailMessage, 'id' | 'sentAt'>): MailMessage;
  /** All messages, oldest first; optionally only those to one recipient. */
  list(to?: string): MailMessage[];
  /** The newest message to a recipient. */
  latest(to: string): MailMessage | undefined;
  clear(): void;
}

/** Signs and verifies the project's JWTs (HS256 with the secret, or asymmetric signing keys). */
export interface JwtKeys {
  /** Signs with the project's current signing key (asymmetric when configured, else HS256). */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** Verifies a token signed with the secret or any configured key; throws `JwtError`. */
  verify(token: string): Promise<Record<string, unknown>>;
  /** Public JWKs served at `/auth/v1/.well-known/jwks.json` (empty `keys` for HS256 only). */
  publicJwks(): { keys: Record<string, unknown>[] };
}

/** Shared by every service of the emulator. Built by the core (`src/server.ts`). */
export interface EmulatorContext {
  readonly engine: Engine;
  readonly config: EmulatorConfig;
  readonly keys: { anonKey: string; serviceRoleKey: string; jwtSecret: string };
  readonly jwt: JwtKeys;
  readonly mailbox: Mailbox;
  /**
   * Verifies the request's `Authorization: Bearer` JWT (or `apikey` when there is no
   * Authorization header). No key at all → the anon role. A malformed, expired or wrongly signed
   * JWT → a `JwtError` (PostgREST answers it with 401 and its own error body).
   */
  authenticate(request: Request): Promise<RequestAuth>;
  /**
   * Runs `fn` in one transaction under the request's role, with `request.jwt.claims`,
   * `request.jwt.claim.*`, `request.headers`, `request.method`, `request.path` set (SET LOCAL).
   * As behind PostgREST, the role must be one `authenticator` may `SET ROLE` to: else it rejects
   * with `RoleDeniedError` (42501) or, for a role that does not exist, `UnknownRoleError` (22023).
   */
  runAs<T>(settings: RequestSettings, fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Incremented whenever the database schema may have changed (migrations applied, `NOTIFY pgrst,
   * 'reload schema'`, DDL through the emulator): caches keyed on it stay fresh.
   */
  schemaGeneration(): number;
  /** Marks the schema as changed (bumps `schemaGeneration`). */
  invalidateSchema(): void;
}

/**
 * A JWT the emulator refuses; the REST API answers PostgREST's 401 (`PGRST301`/`PGRST303`).
 *
 * @example
 * ```ts
 * import { JwtError } from 'supabase-rx-emulator';
 *
 * throw new JwtError('JWT expired', 'PGRST303');
 * ```
 */
export class JwtError extends Error {
  constructor(
    message: string,
    readonly code: 'PGRST301' | 'PGRST302' | 'PGRST303' = 'PGRST301',
  ) {
    super(message);
    this.name = 'JwtError';
  }
}
