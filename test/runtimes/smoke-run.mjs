// Runs the smoke steps in this runtime (Node, Deno or Bun) against the emulator whose settings
// come as one JSON argument, and prints what they saw as one JSON line.
import * as rx from 'rxjs';
import * as sdk from '../../dist/index.js';
import { smoke } from './smoke-steps.mjs';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const seen = await smoke(sdk, rx, JSON.parse(args[0]));
console.log(JSON.stringify(seen));
// A runtime may keep a pooled keep-alive socket open; the steps are done.
if (globalThis.Deno) globalThis.Deno.exit(0);
else globalThis.process.exit(0);
