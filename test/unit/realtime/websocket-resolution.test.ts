import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { WebSocket as WsWebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { defaultWebSocket } from '#websocket';
import { resolveWebSocket } from '../../../src/realtime/websocket-constructor.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const bundle = (platform: 'browser' | 'node') =>
  build({
    entryPoints: [`${root}/src/realtime.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    metafile: true,
    logLevel: 'silent',
    external: ['rxjs'],
  }).then((r) => Object.keys(r.metafile.inputs));

describe('the default WebSocket (#websocket: ws only under the node condition)', () => {
  it('a browser bundle of supabase-rx/realtime has no ws and no Node built-in', async () => {
    const inputs = await bundle('browser');
    expect(inputs).toContain('websocket/default.js');
    expect(inputs.filter((i) => i.includes('node_modules') || i.startsWith('node:'))).toEqual([]);
  });

  it('a Node bundle picks websocket/node.js, which brings ws', async () => {
    const inputs = await bundle('node');
    expect(inputs).toContain('websocket/node.js');
    expect(inputs.some((i) => i.includes('node_modules/ws/'))).toBe(true);
  });

  it('on Node 20 (no global WebSocket) the default is ws; a transport option wins', () => {
    const hasGlobal = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';
    expect(defaultWebSocket()).toBe(hasGlobal ? globalThis.WebSocket : WsWebSocket);
    class Mine {}
    expect(resolveWebSocket(Mine as never)).toBe(Mine);
    expect(resolveWebSocket(undefined)).toBe(defaultWebSocket());
  });
});
