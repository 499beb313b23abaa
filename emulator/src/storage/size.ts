const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * A size in bytes from a number or a string such as `'50MiB'`, `'1MB'` or `'100 kb'` (the
 * forms `config.toml` and `createBucket({ fileSizeLimit })` take). `undefined` for an
 * unreadable value.
 *
 * @example
 * ```ts
 * parseSize('50MiB'); // 52428800
 * parseSize(1024); // 1024
 * ```
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = UNITS[(match[2] || 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.floor(Number(match[1]) * unit);
}
