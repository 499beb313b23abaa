import type { Preferences } from '../ast.js';

const ENUMS: Record<string, { key: keyof Preferences; values: string[] }> = {
  return: { key: 'return', values: ['minimal', 'representation', 'headers-only'] },
  count: { key: 'count', values: ['exact', 'planned', 'estimated'] },
  resolution: { key: 'resolution', values: ['merge-duplicates', 'ignore-duplicates'] },
  missing: { key: 'missing', values: ['default', 'null'] },
  tx: { key: 'tx', values: ['commit', 'rollback'] },
  handling: { key: 'handling', values: ['strict', 'lenient'] },
  params: { key: 'params', values: ['single-object'] },
};

/**
 * Parses `Prefer` header values (several headers and comma-separated tokens, spaces trimmed).
 * The first valid value of each preference wins, as in PostgREST; anything not understood is
 * kept in `unknown` (so `handling=strict` can reject it with PGRST122).
 *
 * @example
 * parsePrefer('count=exact, return=representation'); // { count: 'exact', return: 'representation', unknown: [] }
 */
export function parsePrefer(header: string | null | undefined): Preferences {
  const prefs: Preferences = { unknown: [] };
  if (!header) return prefs;
  const set = prefs as unknown as Record<string, unknown>;
  for (const raw of header.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const eq = token.indexOf('=');
    const name = eq < 0 ? token : token.slice(0, eq).trim();
    const value = eq < 0 ? '' : token.slice(eq + 1).trim();
    const known = ENUMS[name];
    if (known && known.values.includes(value)) {
      if (set[known.key] === undefined) set[known.key] = value;
    } else if (name === 'max-affected' && /^\d+$/.test(value)) {
      prefs.maxAffected ??= Number(value);
    } else if (name === 'timezone' && value !== '') {
      prefs.timezone ??= value;
    } else {
      prefs.unknown.push(token);
    }
  }
  return prefs;
}

/**
 * The `Preference-Applied` header value for the preferences PostgREST echoes back.
 *
 * @example
 * preferenceApplied({ count: 'exact', unknown: [] }); // 'count=exact'
 */
export function preferenceApplied(prefs: Preferences, keys: (keyof Preferences)[]): string {
  const out: string[] = [];
  for (const key of keys) {
    const v = prefs[key];
    if (v === undefined) continue;
    out.push(`${key === 'maxAffected' ? 'max-affected' : key}=${String(v)}`);
  }
  return out.join(', ');
}
