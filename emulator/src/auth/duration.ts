const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
};

/**
 * Parses a Go duration (`24h`, `1h30m`, `90s`, `500ms`) into milliseconds; `undefined` when the
 * text is not one. GoTrue's settings and `ban_duration` use this syntax.
 *
 * @example
 * goDurationMs('1m30s'); // 90000
 */
export function goDurationMs(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    end = re.lastIndex;
  }
  return text !== '' && end === text.length ? total : undefined;
}
