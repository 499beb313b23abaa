// Run by lifecycle.test.ts as a child process: starts an emulator on the functions project,
// boots one Deno function, prints that function's process id, then waits to be killed.
import { startTestEmulator } from '../helpers/index.js';
import { FUNCTIONS_PROJECT } from './helpers.js';

const emu = await startTestEmulator({
  projectDir: FUNCTIONS_PROJECT,
  functions: { runtime: 'deno', log: () => undefined },
});
const res = await fetch(`${emu.url}/functions/v1/public`);
await res.text();
const [fn] = await emu.functions!.running();
process.stdout.write(`${fn!.pid}\n`);
setInterval(() => undefined, 60_000);
