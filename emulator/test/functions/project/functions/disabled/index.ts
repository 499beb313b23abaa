// An Edge Function as Supabase runs it (Deno); the emulator runs it too.
// The declaration lets the repository's Node type check read this file; Deno has the real one.
declare const Deno: { serve(handler: (req: Request) => Response | Promise<Response>): unknown };

Deno.serve(async (req: Request) => {
  const { name } = req.method === 'POST' ? await req.json() : { name: 'world' };
  return new Response(JSON.stringify({ message: `Hello ${name}!` }), {
    headers: { 'Content-Type': 'application/json' },
  });
});

export {};
