import { cors } from 'hono/cors';

/** Response headers a browser client must be able to read (PostgREST's, auth's, storage's). */
export const EXPOSED_HEADERS = [
  'Content-Encoding',
  'Content-Location',
  'Content-Range',
  'Content-Profile',
  'Content-Type',
  'Content-Length',
  'Date',
  'Location',
  'Range',
  'Range-Unit',
  'Preference-Applied',
  'X-Total-Count',
  'Link',
  'X-Supabase-Api-Version',
  'Retry-After',
  'ETag',
  'Upload-Offset',
  'Upload-Length',
  'Tus-Resumable',
];

/**
 * CORS as Supabase's gateway answers it: any origin, the preflight allows whatever headers the
 * browser asks for, and the API's own headers are exposed.
 *
 * @example
 * ```ts
 * app.use('*', gatewayCors());
 * ```
 */
export function gatewayCors() {
  return cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
  });
}
