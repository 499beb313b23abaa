import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findDeno } from '../../emulator/src/functions/deno-binary.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLATFORM = `${process.platform}-${process.arch}`;

/** A runtime of the smoke suite: how to run a script in it, or why it is not here. */
export interface Runtime {
  name: string;
  /** The executable and the arguments before the script, or undefined when it is not installed. */
  command?: [string, ...string[]];
  /** How to get it, for the message of a missing runtime. */
  install: string;
}

const installed = (path: string | undefined): string | undefined =>
  path && existsSync(path) ? path : undefined;

function command(path: string | undefined, ...args: string[]): Runtime['command'] {
  return path ? [path, ...args] : undefined;
}

/** Node 20 (this process), Node 24, Deno and Bun: the server-side runtimes the reference names. */
export function scriptRuntimes(): Runtime[] {
  const runtimes = `${ROOT}.runtimes/node_modules`;
  return [
    { name: `Node ${process.versions.node}`, command: [process.execPath], install: '' },
    {
      name: 'Node 24',
      command: command(
        installed(process.env.SUPABASE_RX_NODE24) ??
          installed(`${runtimes}/node-${PLATFORM}/bin/node`),
      ),
      install: 'npm run runtimes (or SUPABASE_RX_NODE24=/path/to/node)',
    },
    {
      name: 'Deno',
      command: command(findDeno(), 'run', '--allow-all'),
      install: 'the emulator depends on the deno package (or SUPABASE_RX_DENO=/path/to/deno)',
    },
    {
      name: 'Bun',
      command: command(
        installed(process.env.SUPABASE_RX_BUN) ?? installed(`${runtimes}/bun/bin/bun.exe`),
      ),
      install: 'npm run runtimes (or SUPABASE_RX_BUN=/path/to/bun)',
    },
  ];
}

/** Headless Chromium: CHROMIUM_PATH, else Debian's package. */
export function chromiumPath(): string | undefined {
  return installed(process.env.CHROMIUM_PATH) ?? installed('/usr/bin/chromium');
}
