// Its environment, as Deno.env shows it.
import '../_shared/deno-types.ts';

Deno.serve(() => Response.json(Deno.env.toObject()));
