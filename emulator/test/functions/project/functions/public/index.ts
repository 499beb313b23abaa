// verify_jwt = false in config.toml: callable without a JWT.
import '../_shared/deno-types.ts';

Deno.serve((req) => Response.json({ public: true, path: new URL(req.url).pathname }));
