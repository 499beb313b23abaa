// Never finishes loading: the boot timeout ends it.
import '../_shared/deno-types.ts';

await new Promise(() => {});
Deno.serve(() => new Response('never'));
