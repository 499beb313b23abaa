// The handler throws: the relay answers WORKER_ERROR; the function stays up.
import '../_shared/deno-types.ts';

let calls = 0;
Deno.serve((req) => {
  calls += 1;
  if (new URL(req.url).searchParams.has('throw')) throw new Error('handler failed on purpose');
  return Response.json({ calls });
});
