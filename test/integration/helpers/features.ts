import type { EmulatorHandle } from './emulator.js';

/** Parts of the emulator's REST API the suite depends on. */
export type Feature = 'rest-read' | 'rest-write' | 'rest-rpc';

/**
 * Asks a running emulator which parts of its REST API exist yet. A part still answering
 * `501 Not Implemented` is absent; any other answer (even an error) means it is there and is
 * tested for real. The probes change nothing (the PATCH matches no row).
 */
export async function probeFeatures(handle: EmulatorHandle): Promise<Set<Feature>> {
  const rest = `${handle.url}/rest/v1`;
  const headers = { apikey: handle.anonKey, Authorization: `Bearer ${handle.anonKey}` };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const probes: [Feature, () => Promise<Response>][] = [
    ['rest-read', () => fetch(`${rest}/countries?select=id&limit=1`, { headers })],
    [
      'rest-write',
      () =>
        fetch(`${rest}/counters?key=eq.__probe__`, {
          method: 'PATCH',
          headers: json,
          body: '{"value":1}',
        }),
    ],
    [
      'rest-rpc',
      () =>
        fetch(`${rest}/rpc/add_numbers`, { method: 'POST', headers: json, body: '{"a":1,"b":2}' }),
    ],
  ];
  const present = new Set<Feature>();
  for (const [feature, probe] of probes) {
    const response = await probe();
    await response.text();
    if (response.status !== 501) present.add(feature);
  }
  return present;
}
