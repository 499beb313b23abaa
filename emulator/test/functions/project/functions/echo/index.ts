// Answers what it received: method, path, query, headers, body (base64), and its runtime.
import '../_shared/deno-types.ts';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

Deno.serve(async (req) => {
  const url = new URL(req.url);
  const body = new Uint8Array(await req.arrayBuffer());
  if (url.searchParams.has('raw')) {
    return new Response(body, {
      status: Number(url.searchParams.get('status') ?? 200),
      headers: {
        'content-type': req.headers.get('content-type') ?? 'application/octet-stream',
        'x-echo': 'yes',
      },
    });
  }
  return Response.json({
    method: req.method,
    path: url.pathname,
    search: url.search,
    headers: Object.fromEntries(req.headers),
    body: base64(body),
    runtime: typeof Deno.pid === 'number' ? 'deno' : 'node',
    pid: Deno.pid ?? null,
  });
});
