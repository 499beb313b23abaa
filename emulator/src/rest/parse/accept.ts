import { RestError, type AcceptedMedia } from '../ast.js';

interface MediaRange {
  raw: string;
  type: string;
  params: Record<string, string>;
  q: number;
}

const PLAN_OPTIONS = ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const;

/** Splits `a/b;x=1, c/d;q=0.5` into media ranges, highest `q` first (stable). */
function mediaRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  // A `for="…"` parameter may hold a comma-free media type; split on commas outside quotes.
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const [typePart, ...paramParts] = part.split(';');
    const type = typePart.trim().toLowerCase();
    if (type === '') continue;
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    ranges.push({ raw: part.trim(), type, params, q: Number.isFinite(q) ? q : 1 });
  }
  return ranges.sort((a, b) => b.q - a.q);
}

function toMedia(range: MediaRange): AcceptedMedia | undefined {
  const stripNulls = range.params.nulls === 'stripped';
  switch (range.type) {
    case '*/*':
    case 'application/*':
    case 'application/json':
      return { type: 'json' };
    case 'application/vnd.pgrst.array+json':
    case 'application/vnd.pgrst.array':
      return stripNulls ? { type: 'array', stripNulls } : { type: 'json' };
    case 'application/vnd.pgrst.object+json':
    case 'application/vnd.pgrst.object':
      return stripNulls ? { type: 'object', stripNulls } : { type: 'object' };
    case 'text/csv':
    case 'text/*':
      return { type: 'csv' };
    case 'application/geo+json':
      return { type: 'geojson' };
    case 'application/vnd.pgrst.plan':
    case 'application/vnd.pgrst.plan+text':
    case 'application/vnd.pgrst.plan+json': {
      const options = (range.params.options ?? '')
        .split('|')
        .map((o) => o.trim())
        .filter((o): o is (typeof PLAN_OPTIONS)[number] =>
          (PLAN_OPTIONS as readonly string[]).includes(o),
        );
      return {
        type: 'plan',
        format: range.type.endsWith('+json') ? 'json' : 'text',
        for: range.params.for ?? 'application/json',
        options,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Negotiates the response media type from an `Accept` header, as PostgREST does for reads and
 * writes: no header or `*∕*` → JSON; the vendor types for single objects, stripped nulls, CSV,
 * GeoJSON and execution plans. Nothing acceptable → 406 PGRST107.
 *
 * @example
 * parseAccept('application/vnd.pgrst.object+json'); // { type: 'object' }
 */
export function parseAccept(header: string | null | undefined): AcceptedMedia {
  if (!header || header.trim() === '') return { type: 'json' };
  const ranges = mediaRanges(header);
  for (const range of ranges) {
    if (range.q <= 0) continue;
    const media = toMedia(range);
    if (media) return media;
  }
  throw new RestError(406, {
    code: 'PGRST107',
    details: null,
    hint: null,
    message: `None of these media types are available: ${ranges.map((r) => r.type).join(', ')}`,
  });
}
