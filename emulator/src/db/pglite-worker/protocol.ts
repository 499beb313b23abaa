import type { QueryResult } from '../engine.js';
import type { DataDirSnapshot } from '../pglite-snapshot.js';

/** What the main thread hands the worker at start (`workerData`). */
export interface WorkerStart {
  dataDir?: string;
  snapshot?: DataDirSnapshot;
}

/** A request to the worker; `tx` runs it in the open transaction (`begin` … `commit`/`rollback`). */
export type WorkerRequest =
  | { op: 'query'; sql: string; params?: unknown[]; tx: boolean }
  | { op: 'exec'; sql: string; tx: boolean }
  | { op: 'begin' }
  | { op: 'commit' }
  | { op: 'rollback' }
  | { op: 'listen'; channel: string; listenId: number }
  | { op: 'unlisten'; listenId: number }
  | { op: 'close' }
  | { op: 'closeToSnapshot' };

/** What each request answers when it succeeds. */
export interface WorkerAnswers {
  query: QueryResult<never>;
  exec: undefined;
  begin: undefined;
  commit: undefined;
  rollback: undefined;
  listen: undefined;
  unlisten: undefined;
  close: undefined;
  closeToSnapshot: DataDirSnapshot;
}

/** An error as it crosses the thread: its name, message, stack and every plain field on it. */
export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

/** Messages from the worker to the main thread. */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerialisedError }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerialisedError }
  | { kind: 'notify'; listenId: number; payload: string };

/**
 * Keeps what the REST layer and the other readers of a Postgres error look at (`code`, `detail`,
 * `hint`, `position`, `schema`, `table`, `column`, `constraint`, …): structured cloning would
 * keep only an Error's message and stack.
 *
 * @example
 * ```ts
 * port.postMessage({ kind: 'reply', id, ok: false, error: serialiseError(e) });
 * ```
 */
export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SerialisedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields[key] = value as string | number | boolean | null;
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/**
 * Rebuilds a worker's error on the main thread: an `Error` with the same name, message and
 * fields, its stack the worker's (where the failure happened).
 *
 * @example
 * ```ts
 * const e = reviveError(reply.error); // e.code === '23505', e.constraint === 'people_name_key'
 * ```
 */
export function reviveError(serialised: SerialisedError): Error {
  const error = Object.assign(new Error(serialised.message), serialised.fields);
  error.name = serialised.name;
  if (serialised.stack) error.stack = serialised.stack;
  return error;
}

// Node's Buffer pool hands out views of shared 8 KiB blocks: moving one would take the bytes of
// unrelated buffers with it. Snapshots are megabytes, so only large blocks are moved.
const POOLED_BELOW = 64 * 1024;

/**
 * The buffer to move (not copy) with a message that carries `bytes`, when it is its own block.
 *
 * @example
 * ```ts
 * port.postMessage(message, transferOf(snapshot.data));
 * ```
 */
export function transferOf(bytes: Uint8Array | undefined): ArrayBuffer[] {
  if (!bytes || !(bytes.buffer instanceof ArrayBuffer)) return [];
  return bytes.buffer.byteLength >= POOLED_BELOW ? [bytes.buffer] : [];
}
