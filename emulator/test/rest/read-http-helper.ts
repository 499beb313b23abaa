import type { EmulatorHandle } from '../../src/index.js';

/** What a REST read test looks at in a response. */
export interface RestResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * A `get(path, headers?, method?)` for `/rest/v1/<path>` on an emulator, sending the anon key
 * unless headers say otherwise; the body is kept as text and, when it is JSON, parsed.
 *
 * @example
 * const get = restGetter(() => emu);
 * const r = await get('movies?select=id', { prefer: 'count=exact' });
 */
export function restGetter(emu: () => EmulatorHandle) {
  return async (
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<RestResult> => {
    const res = await fetch(`${emu().url}/rest/v1/${path}`, {
      method,
      headers: { apikey: emu().anonKey, ...headers },
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, statusText: res.statusText, headers: res.headers, text, json };
  };
}
