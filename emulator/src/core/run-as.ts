import type { Engine, Queryable } from '../db/engine.js';
import type { RequestSettings } from '../context.js';
import { UnknownRoleError } from './unknown-role-error.js';

/**
 * Quotes a Postgres identifier, doubling inner quotes.
 *
 * @example
 * ```ts
 * quoteIdent('my "role"'); // the text "my ""role"""
 * ```
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// Postgres accepts only these as custom setting names (request.jwt.claim.<name>).
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * The settings PostgREST gives a request's transaction, as `[name, value]` pairs for
 * `set_config(name, value, true)`: the claims (JSON, plus the legacy `request.jwt.claim.<name>`
 * per top-level claim), the headers (JSON, lower-cased names), cookies, method, path, and the
 * search path (the request's schema, then `extra_search_path`).
 *
 * @example
 * ```ts
 * requestSettings({ auth: { role: 'anon', claims: { role: 'anon' } }, method: 'GET', path: '/rest/v1/t', headers: {} }, ['public', 'extensions']);
 * // [['request.jwt.claims', '{"role":"anon"}'], …, ['search_path', '"public", "extensions"']]
 * ```
 */
export function requestSettings(
  settings: RequestSettings,
  searchPath: string[],
): [string, string][] {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  const pairs: [string, string][] = [
    ['request.jwt.claims', JSON.stringify(settings.auth.claims)],
    ['request.headers', JSON.stringify(headers)],
    ['request.cookies', JSON.stringify(cookies(headers.cookie))],
    ['request.method', settings.method.toUpperCase()],
    ['request.path', settings.path],
    ['search_path', [...new Set(searchPath)].map(quoteIdent).join(', ')],
  ];
  for (const [name, value] of Object.entries(settings.auth.claims)) {
    if (!SETTING_NAME.test(name) || value === undefined) continue;
    pairs.push([
      `request.jwt.claim.${name}`,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]);
  }
  return pairs;
}

/**
 * Quotes a text as an escape string literal (`E'…'`), which reads the same whatever
 * `standard_conforming_strings` says.
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // the text E'it''s'
 * ```
 */
export function quoteLiteral(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * The statement that applies settings: `select set_config(name, value, true), …`, with the values
 * as literals — a statement without parameters goes to the PostgreSQL server with the
 * transaction's `BEGIN`, one round trip fewer per request (issue 12). A NUL, which no literal can
 * hold, keeps bound parameters, so that Postgres refuses it as it always did.
 *
 * @example
 * ```ts
 * settingsStatement([['role', 'anon']]); // ["select set_config(E'role', E'anon', true)", []]
 * ```
 */
export function settingsStatement(pairs: [string, string][]): [string, unknown[]] {
  if (pairs.some(([name, value]) => name.includes('\0') || value.includes('\0'))) {
    const calls = pairs.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
    return [`select ${calls.join(', ')}`, pairs.flat()];
  }
  const calls = pairs.map(
    ([name, value]) => `set_config(${quoteLiteral(name)}, ${quoteLiteral(value)}, true)`,
  );
  return [`select ${calls.join(', ')}`, []];
}

/**
 * Runs `fn` in one transaction as the request's role, with PostgREST's request settings, so
 * that grants and row level security apply exactly as they would behind PostgREST.
 *
 * @example
 * ```ts
 * const rows = await runAs(engine, settings, ['public', 'extensions'], (tx) => tx.query('select * from notes'));
 * ```
 */
export function runAs<T>(
  engine: Engine,
  settings: RequestSettings,
  searchPath: string[],
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  // `set_config('role', …, true)` is `SET LOCAL ROLE`: the role and the settings in one round trip.
  const pairs: [string, string][] = [
    ['role', settings.auth.role],
    ...requestSettings(settings, searchPath),
  ];
  const [sql, params] = settingsStatement(pairs);
  return engine.transaction(async (tx) => {
    try {
      await tx.query(sql, params);
    } catch (error) {
      // The only setting Postgres checks: 22023 is a role that does not exist.
      if ((error as { code?: string }).code === '22023')
        throw new UnknownRoleError(settings.auth.role);
      throw error;
    }
    return fn(tx);
  });
}
