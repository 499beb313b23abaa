/* global Deno */
// Runs inside Deno, one process per Edge Function (as `supabase functions serve` gives each
// function its own worker). Deno.serve is wrapped so the handler listens on a free loopback
// port, which is reported on stdout for the emulator to proxy to. Arguments: the entry module's
// file URL. Plain JavaScript: Deno runs it as is and the emulator's Node type check skips it.
const entry = Deno.args[0];
const LISTENING = '@@supabase-rx-functions listening ';
const WORKER_ERROR = 'x-supabase-rx-worker-error';
// The OS's variables stay out of the function's Deno.env, as the CLI keeps them out.
const HIDDEN = ['HOME', 'PATH', 'HOSTNAME', 'PWD', 'DENO_DIR', 'NO_COLOR'];

const serve = Deno.serve.bind(Deno);
let served = false;

/** A handler that throws is the relay's WORKER_ERROR, not Deno's plain 500. */
function guarded(handler) {
  return async (request, info) => {
    try {
      return await handler(request, info);
    } catch (error) {
      console.error(error);
      return new Response(null, { status: 500, headers: { [WORKER_ERROR]: '1' } });
    }
  };
}

Deno.serve = (...args) => {
  const options = args.find((a) => a && typeof a === 'object') ?? {};
  const handler = args.find((a) => typeof a === 'function') ?? options.handler;
  if (typeof handler !== 'function') throw new TypeError('Deno.serve() needs a handler');
  served = true;
  const { port: _port, hostname: _hostname, onListen: _onListen, handler: _h, ...rest } = options;
  return serve(
    {
      ...rest,
      port: 0,
      hostname: '127.0.0.1',
      onListen: ({ port }) => console.log(LISTENING + port),
    },
    guarded(handler),
  );
};

globalThis.EdgeRuntime ??= {
  waitUntil(promise) {
    Promise.resolve(promise).catch((error) => console.error(error));
  },
};

// The emulator holds this pipe open; when it goes away (stopped, killed), so does the function.
(async () => {
  try {
    for await (const _ of Deno.stdin.readable) {
      // nothing is sent; only the end matters
    }
  } catch {
    // a closed pipe is the same signal
  }
  Deno.exit(0);
})();

const mod = await import(entry);
if (!served && typeof mod.default?.fetch === 'function') {
  Deno.serve((request, info) => mod.default.fetch(request, info));
}
if (!served) {
  console.error(`${entry} did not call Deno.serve() nor export default { fetch }`);
  Deno.exit(70);
}
for (const name of HIDDEN) Deno.env.delete(name);
