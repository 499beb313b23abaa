// A streaming Edge Function: server-sent events, one every 100 ms, as an AI chat function sends
// tokens. `?count=N` sets how many (default 5).
declare const Deno: { serve(handler: (req: Request) => Response | Promise<Response>): unknown };

Deno.serve((req: Request) => {
  const count = Number(new URL(req.url).searchParams.get('count') ?? 5);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let sent = 0;
      timer = setInterval(() => {
        sent += 1;
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ n: sent })}\n\n`));
        if (sent >= count) {
          clearInterval(timer);
          controller.close();
        }
      }, 100);
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
});

export {};
