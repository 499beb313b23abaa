// Streams both ways: each chunk of the request body is answered at once as a server-sent
// event; without a body, `?count=N` events.
import '../_shared/deno-types.ts';

Deno.serve((req) => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const event = (data: unknown) => encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
  const source = req.body;
  const count = Number(new URL(req.url).searchParams.get('count') ?? 3);
  const body = source
    ? source.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, controller) =>
            controller.enqueue(event({ echo: decoder.decode(chunk) })),
        }),
      )
    : new ReadableStream<Uint8Array>({
        start(controller) {
          for (let n = 1; n <= count; n++) controller.enqueue(event({ n }));
          controller.close();
        },
      });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
});
