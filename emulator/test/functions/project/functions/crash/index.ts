// `?exit` ends the process mid-request (Deno); the next call boots it again.
import '../_shared/deno-types.ts';

Deno.serve((req) => {
  if (new URL(req.url).searchParams.has('exit')) {
    if (Deno.exit) Deno.exit(1);
    throw new Error('no Deno.exit here: a throw instead');
  }
  return Response.json({ pid: Deno.pid ?? null });
});
