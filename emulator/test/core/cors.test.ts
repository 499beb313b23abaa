import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import { EXPOSED_HEADERS, gatewayCors } from '../../src/core/cors.js';

/** An app with a route of each kind of response, behind the given CORS middleware. */
function app(middleware: MiddlewareHandler): Hono {
  const a = new Hono();
  a.use('*', middleware);
  a.get(
    '/plain',
    () => new Response('{"a":1}', { headers: { 'Content-Type': 'application/json' } }),
  );
  a.get('/json', (c) => c.json({ a: 1 }, 201, { 'X-Total-Count': '3' }));
  a.get('/redirect', () => Response.redirect('http://example.test/next', 303));
  a.get(
    '/own',
    () => new Response('x', { headers: { 'Access-Control-Allow-Origin': 'http://a' } }),
  );
  a.get('/throws', () => {
    throw new Error('boom');
  });
  a.notFound((c) => c.json({ message: 'no Route matched with those values' }, 404));
  a.onError((error, c) => c.json({ message: error.message }, 500));
  return a;
}

// What the gateway used before: hono's cors with the same options.
const reference = app(
  cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
  }),
);
const gateway = app(gatewayCors());

async function seen(a: Hono, path: string, init?: RequestInit) {
  const res = await a.request(path, {
    ...init,
    headers: { origin: 'http://app.test', ...init?.headers },
  });
  return { status: res.status, headers: [...res.headers.entries()].sort(), body: await res.text() };
}

describe('gatewayCors', () => {
  it.each(['/plain', '/json', '/redirect', '/own', '/throws', '/nowhere'])(
    'answers GET %s as hono cors does',
    async (path) => {
      const answer = await seen(gateway, path);
      expect(answer).toEqual(await seen(reference, path));
      expect(answer.headers).toContainEqual(['access-control-allow-origin', '*']);
    },
  );

  it('answers a preflight as hono cors does', async () => {
    const init = {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, apikey, prefer',
      },
    };
    expect(await seen(gateway, '/plain', init)).toEqual(await seen(reference, '/plain', init));
  });
});
