import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { timerScheduler } from '../http/timer-scheduler.js';
import { createModuleTransport, type Transport } from '../http/transport.js';
import type { TokenSource } from '../http/types.js';
import { clientConfigs, type ProgressEdge, type StorageConfig } from './config.js';
import { normalizeHeaders, setHeader } from './request.js';
import type { SchedulerLike } from 'rxjs';

/** Options of `new StorageClient(url, options)`. */
export interface StorageClientOptions {
  /** Sent with every call (e.g. `apikey`, `Authorization`). */
  headers?: Record<string, string>;
  /**
   * Used when no `transport` is given; default the global `fetch`. Given (with or without a
   * `transport`), streamed uploads use it too instead of Node's `node:http` edge.
   */
  fetch?: typeof fetch;
  /** Progress throttling runs on it (virtual inside `TestScheduler.run()`). */
  scheduler?: SchedulerLike;
  /** A ready transport (`createClient` passes one carrying the API key and the session token). */
  transport?: Transport;
  /**
   * Per-request timeout in ms (used when no `transport` is given): an unanswered request is aborted
   * and errors with a `StorageUnknownError` ("… timed out after N ms"). Uploads are not bounded by
   * it, so a long upload that is still sending is never cut off.
   */
  timeout?: number;
  /** The transport of uploads (default: `transport` when given, else one without a timeout). */
  uploadTransport?: Transport;
  /** At most one progress event per this many milliseconds; default 100. */
  progressInterval?: number;
  /** How upload progress is measured; default `'auto'`. */
  progressEdge?: ProgressEdge;
  /** Sent as `apikey` (and the bearer token when no `tokenSource` gives one) by resumable uploads. */
  apiKey?: string;
  /** The session's token for resumable uploads (`createClient` passes the auth module's). */
  tokenSource?: TokenSource;
  /**
   * Headers resumable uploads send besides `headers` (`createClient` passes `X-Client-Info` and
   * its global headers, which its transport adds to every other call).
   */
  resumableHeaders?: Record<string, string>;
}

/** The config a storage client was made with (or that `setHeader` left it). */
export function clientConfigOf(client: StorageClientBase): StorageConfig {
  return clientConfigs.get(client)!;
}

/**
 * What every storage client is: the URL, the config (checked at once: a bad option throws),
 * storage-js's builder methods. `StorageClient` adds the buckets and the files; `createClient`'s
 * client has the same methods, whose code loads on first use.
 *
 * @example
 * ```ts
 * class MyStorage extends StorageClientBase {}
 * new MyStorage('http://127.0.0.1:54321/storage/v1').setHeader('x-trace-id', 't1');
 * ```
 */
export class StorageClientBase {
  /** The storage URL, no trailing slash. */
  readonly url: string;

  constructor(url: string, options: StorageClientOptions = {}) {
    if (typeof url !== 'string' || url.trim() === '') {
      throw new SupabaseRxInputError('new StorageClient(): url must be a non-empty string');
    }
    let href: string;
    try {
      href = new URL(url).href.replace(/\/$/, '');
    } catch {
      throw new SupabaseRxInputError(`new StorageClient(): "${url}" is not a URL`);
    }
    const interval = options.progressInterval ?? 100;
    if (!(Number.isFinite(interval) && interval >= 0)) {
      throw new SupabaseRxInputError('new StorageClient(): progressInterval must be a number ≥ 0');
    }
    this.url = href;
    const scheduler = options.scheduler ?? timerScheduler;
    clientConfigs.set(this, {
      ctx: { url: href, headers: normalizeHeaders(options.headers) },
      scheduler,
      transport:
        options.transport ??
        createModuleTransport({
          fetch: options.fetch,
          scheduler,
          retry: false,
          timeout: options.timeout,
        }),
      uploadTransport:
        options.uploadTransport ??
        options.transport ??
        createModuleTransport({ fetch: options.fetch, scheduler, retry: false }),
      progressInterval: interval,
      progressEdge: options.progressEdge ?? 'auto',
      ownFetch: options.fetch !== undefined,
      apiKey: options.apiKey,
      tokenSource: options.tokenSource,
      resumableHeaders: normalizeHeaders(options.resumableHeaders),
    });
  }

  /**
   * storage-js's switch to thrown errors: supabase-rx calls always fail on the error channel, so
   * this changes nothing and returns `this` (for ported code).
   *
   * @example
   * ```ts
   * storage.throwOnError().listBuckets().subscribe({ error: console.error });
   * ```
   */
  throwOnError(): this {
    return this;
  }

  /**
   * Sets a header (case-insensitive, stored lower-cased) on every later request of this client
   * and of the file APIs `from()` makes after it, as storage-js's `setHeader`; returns `this`.
   *
   * @example
   * ```ts
   * storage.setHeader('x-trace-id', 't1').listBuckets().subscribe();
   * ```
   */
  setHeader(name: string, value: string): this {
    const config = clientConfigOf(this);
    const headers = setHeader(config.ctx.headers, name, value);
    clientConfigs.set(this, { ...config, ctx: { ...config.ctx, headers } });
    return this;
  }
}
