// An Edge Function as Supabase runs it (Deno); the emulator runs it too.
// The declaration lets the repository's Node type check read this file; Deno has the real one.
declare const Deno: { serve(handler: (req: Request) => Response | Promise<Response>): unknown };

Deno.serve(async (req: Request) => {
  // POST {"name": "Ada"} → "Hello Ada!"; no body (or not JSON) → "Hello world!".
  const { name = 'world' } = (await req.json().catch(() => ({}))) as { name?: string };
  return Response.json({ message: `Hello ${name}!` });
});

export {};
