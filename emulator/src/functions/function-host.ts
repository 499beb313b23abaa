/** A booted function, whichever runtime runs it. */
export interface FunctionHost {
  /** `deno` (a process of its own) or `node` (in the emulator's process). */
  readonly runtime: 'deno' | 'node';
  /** The OS process id of a Deno function. */
  readonly pid?: number;
  /** Resolves when the function can serve no more (its process exited); never for Node. */
  readonly exited: Promise<void>;
  /**
   * Hands `request` to the handler as the path `path` (with the query string). Resolves to the
   * handler's response; rejects when the function died before answering. A handler that threw
   * answers 500 with the `x-supabase-rx-worker-error` header.
   */
  fetch(request: Request, path: string): Promise<Response>;
  /** Stops the function (kills its process) and resolves once it is gone. */
  close(): Promise<void>;
}

/** Marks a handler's throw, for the relay to answer WORKER_ERROR (never reaches the client). */
export const WORKER_ERROR_HEADER = 'x-supabase-rx-worker-error';

/** A function that could not start: the module threw, never served, or was too slow. */
export class FunctionBootError extends Error {
  constructor(
    readonly functionName: string,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionBootError';
  }
}

/** How one function is started. */
export interface BootOptions {
  name: string;
  /** The entry module (absolute path). */
  entrypoint: string;
  /** Its `Deno.env`. */
  env: Record<string, string>;
  /** How long booting may take before it counts as failed. */
  bootTimeoutMs: number;
  /** Where the function's console output goes, line by line. */
  log: (line: string) => void;
  /** An import map for Deno (`[functions.<name>] import_map`). */
  importMap?: string;
}
