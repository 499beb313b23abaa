/**
 * Canonical forms for comparing JSON results where no order was requested: PostgREST returns rows
 * in Postgres's natural order, which a test must not depend on.
 */

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function isRowArray(value: unknown[]): boolean {
  return value.length > 0 && value.every((v) => v !== null && typeof v === 'object');
}

/**
 * Sorts arrays of objects (rows and embedded rows), recursively. Arrays of scalars (Postgres
 * arrays, JSON arrays) keep their order: that order is data.
 * @param sortTop whether the top-level array is sorted too (false when the query had an order)
 */
export function canonical(value: unknown, sortTop = true): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, true));
    if (!sortTop || !isRowArray(items)) return items;
    return items
      .map((v) => [stableStringify(v), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, canonical(v, true)]),
    );
  }
  return value;
}

/** Applies a case's `order` setting before comparing. */
export function forOrder(value: unknown, order: 'none' | 'top' | 'all' = 'none'): unknown {
  if (order === 'all') return value;
  if (order === 'top' && Array.isArray(value)) return value.map((v) => canonical(v, true));
  return canonical(value, true);
}

/** Replaces a run's tag inside every string, so two runs' results can be compared. */
export function untag(value: unknown, tag: string): unknown {
  if (typeof value === 'string') return value.split(tag).join('<tag>');
  if (Array.isArray(value)) return value.map((v) => untag(v, tag));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, untag(v, tag)]),
    );
  }
  return value;
}
