import type { SchedulerLike } from 'rxjs';
import type { Transport } from '../http/transport.js';
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
  readonly scheduler: SchedulerLike;
  /** Milliseconds between progress events (default 100). */
  readonly progressInterval: number;
  readonly progressEdge: ProgressEdge;
}
