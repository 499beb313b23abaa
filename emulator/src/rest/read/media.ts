import { RestError, type AcceptedMedia } from '../ast.js';

/**
 * The `Content-Type` PostgREST sends for a negotiated media type.
 *
 * @example
 * contentType({ type: 'csv' }); // 'text/csv; charset=utf-8'
 */
export function contentType(media: AcceptedMedia): string {
  switch (media.type) {
    case 'json':
      return 'application/json; charset=utf-8';
    case 'object':
      return media.stripNulls
        ? 'application/vnd.pgrst.object+json; nulls=stripped; charset=utf-8'
        : 'application/vnd.pgrst.object+json; charset=utf-8';
    case 'array':
      return media.stripNulls
        ? 'application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8'
        : 'application/json; charset=utf-8';
    case 'csv':
      return 'text/csv; charset=utf-8';
    case 'geojson':
      return 'application/geo+json; charset=utf-8';
    case 'plan':
      return `application/vnd.pgrst.plan+${media.format}; for="${media.for}"; charset=utf-8`;
  }
}

/**
 * PGRST116 (406): an object was requested and the result does not have exactly one row.
 *
 * @example
 * throw singularityError(0);
 */
export function singularityError(rows: number): RestError {
  return new RestError(406, {
    code: 'PGRST116',
    details: `The result contains ${rows} rows`,
    hint: null,
    message: 'Cannot coerce the result to a single JSON object',
  });
}

/**
 * PGRST107 (406) for a media type the emulator cannot produce (GeoJSON without PostGIS).
 *
 * @example
 * throw mediaUnavailable('application/geo+json');
 */
export function mediaUnavailable(type: string): RestError {
  return new RestError(406, {
    code: 'PGRST107',
    details: null,
    hint: null,
    message: `None of these media types are available: ${type}`,
  });
}
