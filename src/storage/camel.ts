/**
 * Keys camel-cased deeply (`created_at` → `createdAt`, `cache-control` → `cacheControl`), as
 * storage-js's `recursiveToCamel` does to `info()`.
 *
 * @example
 * ```ts
 * toCamel({ bucket_id: 'a', metadata: { last_modified: 1 } }); // { bucketId: 'a', metadata: { lastModified: 1 } }
 * ```
 */
export function toCamel(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(toCamel);
  if (typeof item === 'function' || item !== Object(item)) return item;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const name = key.replace(/([-_][a-z])/gi, (c) => c.toUpperCase().replace(/[-_]/g, ''));
    result[name] = toCamel(value);
  }
  return result;
}
