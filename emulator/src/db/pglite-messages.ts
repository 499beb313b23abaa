/**
 * What the embedded engine and its worker thread say to each other. Parameters are prepared on
 * the engine's side (as `pg` prepares them for a PostgreSQL server, so both engines bind values
 * alike) and travel as text or bytes.
 */
import type { QueryResult } from './engine.js';

/** A parameter as Postgres receives it: text, bytes (bound in binary), or NULL. */
export type WireParam = string | Uint8Array | null;

/** One statement, sent with the extended protocol (parameters bound, never spliced). */
export interface Statement {
  sql: string;
  params?: WireParam[];
}

/** Several statements without parameters, sent with the simple protocol (migrations, bootstrap). */
export interface Script {
  script: string;
}

/** A unit of work: its statements run in order in one protocol exchange, up to the first error. */
export type Step = Statement | Script;

/** A statement's result, with its command tag (`SELECT`, `INSERT`, `COMMIT`, `ROLLBACK`, …). */
export interface StepResult extends QueryResult {
  command: string;
}

/** A Postgres error's fields, as the `pg` driver and PGlite both expose them. */
export interface ErrorFields {
  message: string;
  /** Set on errors that did not come from Postgres (a crashed worker, a bad message). */
  internal?: boolean;
  [field: string]: unknown;
}

/** Engine → worker. */
export type WorkerRequest = { id: number } & (
  | { op: 'open'; dataDir?: string; loadDataDir?: ArrayBuffer }
  | { op: 'run'; steps: Step[] }
  | { op: 'dump' }
  | { op: 'close' }
);

/** Worker → engine: a reply to a request, or a notification from a channel it LISTENs to. */
export type WorkerMessage =
  | { id: number; value: unknown }
  | { id: number; error: ErrorFields }
  | { channel: string; payload: string };
