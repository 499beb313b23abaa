import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  FunctionBootError,
  WORKER_ERROR_HEADER,
  type BootOptions,
  type FunctionHost,
} from './function-host.js';

/** A request handler as `Deno.serve` receives it. */
export type EdgeHandler = (request: Request, info: unknown) => Response | Promise<Response>;

/** What the shims read: the function being loaded or called. */
interface Scope {
  env: Record<string, string>;
  onServe?: (handler: EdgeHandler) => void;
}

const scope = new AsyncLocalStorage<Scope>();

type TsImport = (specifier: string, parent: string) => Promise<unknown>;

/** tsx loads TypeScript handlers on Node; it is an optional peer, needed only when Deno is not used. */
async function loadTsImport(): Promise<TsImport> {
  try {
    return (await import('tsx/esm/api')).tsImport as TsImport;
  } catch {
    throw new Error(
      'running functions on Node needs the optional package tsx (npm install -D tsx), or Deno (the deno package)',
    );
  }
}

/** `Deno.serve(handler)`, `Deno.serve(options, handler)` or `Deno.serve({ handler })`. */
function pickHandler(args: unknown[]): EdgeHandler | undefined {
  const fn = args.find((a) => typeof a === 'function');
  if (fn) return fn as EdgeHandler;
  const options = args.find((a) => a && typeof a === 'object') as { handler?: unknown } | undefined;
  return typeof options?.handler === 'function' ? (options.handler as EdgeHandler) : undefined;
}

const envOf = () => scope.getStore()?.env ?? {};

// One `Deno` global serves every function of every emulator in this process: each call reads the
// calling function's scope (AsyncLocalStorage follows the handler's awaits and timers). Outside a
// function's scope there is no `Deno` (nor `EdgeRuntime`): code of the app or its tests sharing
// the process, supabase-js included, must not believe it runs on Deno.
function installShims(): void {
  const g = globalThis as Record<string, unknown>;
  if (Object.getOwnPropertyDescriptor(g, 'Deno')?.get === denoGetter) return;
  if (g.Deno !== undefined) return; // a real Deno (or someone else's shim): leave it
  Object.defineProperty(g, 'Deno', { configurable: true, get: denoGetter });
  if (g.EdgeRuntime === undefined) {
    Object.defineProperty(g, 'EdgeRuntime', { configurable: true, get: edgeRuntimeGetter });
  }
}

const denoShim = {
  serve(...args: unknown[]) {
    const handler = pickHandler(args);
    if (!handler) throw new TypeError('Deno.serve() needs a handler');
    scope.getStore()?.onServe?.(handler);
    return {
      finished: new Promise<void>(() => {}),
      shutdown: async () => {},
      ref() {},
      unref() {},
    };
  },
  env: {
    get: (name: string) => envOf()[name],
    has: (name: string) => Object.hasOwn(envOf(), name),
    set: (name: string, value: string) => void (envOf()[name] = value),
    delete: (name: string) => void delete envOf()[name],
    toObject: () => ({ ...envOf() }),
  },
};

const edgeRuntimeShim = {
  waitUntil(promise: unknown) {
    Promise.resolve(promise).catch((error: unknown) => console.error(error));
  },
};

function denoGetter(): unknown {
  return scope.getStore() ? denoShim : undefined;
}

function edgeRuntimeGetter(): unknown {
  return scope.getStore() ? edgeRuntimeShim : undefined;
}

const info = {
  remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 0 },
  completed: new Promise<void>(() => {}),
};

/**
 * Runs one function in this Node process (the fallback where Deno is not installed, or
 * `functions.runtime: 'node'`): imports its entry module with a `Deno` global offering `serve`
 * and `env`, and `EdgeRuntime.waitUntil`. Handlers that use only web-standard APIs work; anything
 * else of Deno's is missing. Rejects with a `FunctionBootError` when the module throws or never
 * calls `Deno.serve` (nor exports `default { fetch }`).
 *
 * @example
 * ```ts
 * const fn = await startNodeFunction({ name: 'hello', entrypoint, env: {}, bootTimeoutMs: 10_000, log: console.log });
 * ```
 */
export async function startNodeFunction(options: BootOptions): Promise<FunctionHost> {
  installShims();
  const own: Scope = { env: { ...options.env } };
  let handler: EdgeHandler | undefined;
  own.onServe = (h) => (handler ??= h);
  try {
    await stat(options.entrypoint);
    // A query string per start: each start (a restart, another emulator) gets a fresh module.
    const url = `${pathToFileURL(options.entrypoint).href}?boot=${Date.now()}-${Math.random()}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tooSlow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `did not finish loading within ${options.bootTimeoutMs} ms (functions.bootTimeoutMs)`,
            ),
          ),
        options.bootTimeoutMs,
      );
    });
    const tsImport = await loadTsImport();
    const loading = scope.run(own, () => tsImport(url, import.meta.url));
    const mod = (await Promise.race([loading, tooSlow]).finally(() => clearTimeout(timer))) as {
      default?: { fetch?: EdgeHandler };
    };
    const fetchExport = mod.default?.fetch;
    if (!handler && typeof fetchExport === 'function') {
      handler = (request, i) => fetchExport.call(mod.default, request, i);
    }
  } catch (error) {
    throw new FunctionBootError(
      options.name,
      `Function "${options.name}" failed to boot: ${(error as Error)?.stack ?? String(error)}`,
    );
  }
  own.onServe = undefined;
  const serve = handler;
  if (!serve) {
    throw new FunctionBootError(
      options.name,
      `Function "${options.name}" did not call Deno.serve() nor export default { fetch }`,
    );
  }
  return {
    runtime: 'node',
    exited: new Promise<void>(() => {}),
    async fetch(request, path) {
      const url = new URL(path, new URL(request.url).origin);
      const forwarded = new Request(url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        // @ts-expect-error Node's fetch needs it for a streamed body; the DOM types lack it.
        duplex: 'half',
      });
      try {
        return await scope.run(own, () => serve(forwarded, info));
      } catch (error) {
        options.log(`${(error as Error)?.stack ?? String(error)}`);
        return new Response(null, { status: 500, headers: { [WORKER_ERROR_HEADER]: '1' } });
      }
    },
    close: async () => undefined,
  };
}
