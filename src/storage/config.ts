import type { SchedulerLike } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { TokenSource } from '../http/types.js';
import type { StorageContext } from './request.js';

/**
 * How upload progress is measured: `'xhr'` (XMLHttpRequest's upload events, browsers),
 * `'stream'` (bytes fetch pulls from a streamed body: Node, Deno, Bun), or `'auto'` (XHR where it
 * exists and the body is not a stream).
 */
export type ProgressEdge = 'auto' | 'xhr' | 'stream';

/** What a `StorageClient` shares with the file APIs it makes. */
export interface StorageConfig {
  readonly ctx: StorageContext;
  readonly transport: Transport;
  /** What uploads send through: like `transport` but without its timeout (see `timeout`). */
  readonly uploadTransport: Transport;
  readonly scheduler: SchedulerLike;
  /** Milliseconds between progress events (default 100). */
  readonly progressInterval: number;
  readonly progressEdge: ProgressEdge;
  /** Whether the client was given its own `fetch`: then streamed uploads use it too (no Node edge). */
  readonly ownFetch: boolean;
  /**
   * For requests made outside the transport (resumable uploads, through tus-js-client): the API
   * key and where the bearer token comes from.
   */
  readonly apiKey?: string;
  readonly tokenSource?: TokenSource;
  /** Sent by resumable uploads only, besides `ctx.headers`. */
  readonly resumableHeaders?: Readonly<Record<string, string>>;
}

/**
 * @internal The config behind each `StorageFileApi`, for helpers that live in other entry points
 * (`supabase-rx/storage/resumable`) and must not widen the class.
 */
export const fileApiConfigs = new WeakMap<object, StorageConfig>();

/** Each storage client's config (kept here, so the lazily loaded bucket methods read the same). */
export const clientConfigs = new WeakMap<object, StorageConfig>();
