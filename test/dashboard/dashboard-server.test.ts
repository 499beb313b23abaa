import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDashboard, type DashboardServer } from '../../examples/dashboard-server.mjs';

/** A raw GET (fetch would normalise `..` away): status, content type and body. */
function get(url: string, path: string, method = 'GET') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(new URL(url), { method, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the dashboard server (examples/dashboard-server.mjs)', () => {
  let root: string;
  let server: DashboardServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dash-server-'));
    const dir = join(root, 'browser');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), '<app-root></app-root>');
    writeFileSync(join(dir, 'main-X.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'not served');
    server = await serveDashboard(dir, { url: 'http://127.0.0.1:1', anonKey: 'anon' }, 0);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the files, the config and index.html for any other path', async () => {
    expect(await get(server.url, '/')).toMatchObject({
      status: 200,
      body: '<app-root></app-root>',
    });
    expect(await get(server.url, '/main-X.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'export {};',
    });
    const config = await get(server.url, '/config.json');
    expect(config.type).toBe('application/json');
    expect(JSON.parse(config.body)).toEqual({ url: 'http://127.0.0.1:1', anonKey: 'anon' });
    expect(await get(server.url, '/reviews/7')).toMatchObject({
      status: 200,
      body: '<app-root></app-root>',
    });
  });

  it('serves nothing outside its folder, refuses writes and bad escapes', async () => {
    // The URL parser resolves `..` and `%2e%2e` at the root (index.html); an escaped slash
    // survives it and would leave the folder after decoding.
    const cases: [string, number, string][] = [
      ['/../secret.txt', 200, '<app-root></app-root>'],
      ['/%2e%2e/secret.txt', 200, '<app-root></app-root>'],
      ['/..%2fsecret.txt', 404, ''],
      ['/a/..%2f..%2fsecret.txt', 404, ''],
    ];
    for (const [path, status, body] of cases) {
      expect(await get(server.url, path), path).toMatchObject({ status, body });
    }
    expect((await get(server.url, '/', 'POST')).status).toBe(405);
    expect((await get(server.url, '/%E0%A4%A')).status).toBe(400);
    expect((await get(server.url, '/')).status).toBe(200); // still up
  });
});
