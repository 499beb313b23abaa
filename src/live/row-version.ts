import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { Row } from './filter-eval.js';
import type { LiveSpec } from './query-spec.js';

// `2026-12-04 13:00:00.123456+00`, `…T…`, `…Z`, `…+05:30`, or no zone (a `timestamp`).
const TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d(?::?\d\d)?)?$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * Microseconds since the epoch of a timestamp as PostgREST or Realtime write it (the two differ:
 * `T` or a space, `+00:00` or `+00`), or `undefined` if `text` is not one. Fits a double up to
 * the year 2255.
 */
function timestampMicros(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  const micros = Number((frac + '000000').slice(0, 6));
  let offset = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const minutes = +digits.slice(1, 3) * 60 + +(digits.slice(3, 5) || 0);
    offset = (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
  }
  return (ms - offset) * 1000 + micros;
}

/**
 * Orders two values of a version column: numbers (and integer or decimal text, as `bigint` and
 * `numeric` arrive), timestamps in either format, other text by code point. `undefined` when they
 * cannot be compared (a `null`, or two kinds), so the change is applied as without a version.
 *
 * @example
 * ```ts
 * compareVersions('2026-12-04 13:00:00.5+00', '2026-12-04T13:00:00.25+00:00'); // > 0
 * compareVersions(7, '12'); // < 0
 * ```
 */
export function compareVersions(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ta = String(a);
  const tb = String(b);
  if (INTEGER.test(ta) && INTEGER.test(tb)) {
    const d = BigInt(ta) - BigInt(tb);
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  }
  if (DECIMAL.test(ta) && DECIMAL.test(tb)) return Number(ta) - Number(tb);
  const ma = timestampMicros(ta);
  const mb = timestampMicros(tb);
  if (ma !== undefined && mb !== undefined) return ma - mb;
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** `row` is at an older version than `shown` (by the `version` column), as far as can be told. */
export function isOlder(row: Row, shown: Row | undefined, version: string | undefined): boolean {
  if (version === undefined || shown === undefined) return false;
  const d = compareVersions(row[version], shown[version]);
  return d !== undefined && d < 0;
}

/**
 * Checks a live stream's `version` option: a column name the select keeps under its own name
 * (the shown rows are projected, changes carry real column names).
 */
export function checkVersion(
  operator: string,
  version: unknown,
  spec: LiveSpec,
): string | undefined {
  if (version === undefined) return undefined;
  if (typeof version !== 'string' || version === '') {
    throw new SupabaseRxInputError(
      `${operator}: version must be a column name, got ${typeof version === 'string' ? '""' : typeof version}`,
    );
  }
  const probe = Symbol('version');
  if (spec.project({ [version]: probe })[version] !== probe) {
    throw new SupabaseRxInputError(
      `${operator}: the version column "${version}" must be in the select (under its own name)`,
    );
  }
  return version;
}
