import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';

// The `deno` npm package ships the binary in a platform package (@deno/linux-x64-glibc, …) and
// copies it beside itself on install.
function fromPackage(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const own = join(dirname(require.resolve('deno/package.json')), exe);
    if (existsSync(own)) return own;
  } catch {
    // not installed
  }
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const target =
    process.platform === 'win32'
      ? `win32-${arch}`
      : process.platform === 'darwin'
        ? `darwin-${arch}`
        : `linux-${arch}-glibc`;
  try {
    const platform = join(dirname(require.resolve(`@deno/${target}/package.json`)), exe);
    if (existsSync(platform)) return platform;
  } catch {
    // not installed for this platform
  }
  return undefined;
}

function fromPath(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/**
 * Where the Deno binary is: `SUPABASE_RX_DENO` when set, else the one the `deno` npm package
 * installed, else `deno` on the `PATH`; `undefined` when there is none.
 *
 * @example
 * ```ts
 * const deno = findDeno(); // '/app/node_modules/deno/deno'
 * ```
 */
export function findDeno(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.SUPABASE_RX_DENO;
  if (given) return existsSync(given) ? given : undefined;
  return fromPackage() ?? fromPath(env.PATH);
}
