import { catchError, defer, ignoreElements, map, merge, of, take, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import {
  broadcastBatchRequest,
  broadcastBatchResult,
  httpSendRequest,
  httpSendResult,
  persistRefusal,
  type BroadcastPersist,
  type BroadcastRestContext,
} from './broadcast-rest.js';
import type { ChannelCore } from './channel-core.js';
import { push$, type PushOutcome } from './channel-pushes.js';
import { RealtimeError, isRealtimeError } from './errors.js';

/** What `send`, `track`, `untrack`, `unsubscribe` and `removeChannel` emit. */
export type SendResult = 'ok' | 'timed out' | 'error' | (string & {});

/** The arguments of `channel.send(args)`, as realtime-js's. */
export interface SendArgs {
  type: 'broadcast' | 'presence' | 'postgres_changes';
  event: string;
  payload?: any;
  /** Store the broadcast for replay (private channels over vsn 2.0.0). */
  persist?: BroadcastPersist;
  [key: string]: any;
}

/** Performs a REST request with a timeout; a timeout errors with RealtimeError `timed_out`. */
export type RestRequester = (req: HttpRequest, timeoutMs: number) => Observable<HttpResponse>;

/** What sending needs from the client, beside the channel. */
export interface SendContext {
  readonly timeout: number;
  readonly vsn: '1.0.0' | '2.0.0';
  readonly apiKey: string | null;
  readonly accessToken: string | null;
  readonly broadcastEndpoint: string;
  readonly request: RestRequester;
}

/** `channel.send(args)`: realtime-js's decisions, as a cold Observable. */
export function channelSend(
  core: ChannelCore,
  ctx: SendContext,
  args: SendArgs,
  opts: { timeout?: number },
): Observable<SendResult> {
  return defer((): Observable<SendResult> => {
    if (core.inputError) return throwError(() => core.inputError);
    if (typeof args !== 'object' || args === null || typeof args.type !== 'string') {
      return throwError(
        () => new RealtimeError('send(args): args.type must be a string', 'invalid_payload'),
      );
    }
    const timeout = opts.timeout || ctx.timeout;
    const isPrivate = core.config.private === true;
    if (args.type === 'broadcast' && args.persist && persistRefusal(isPrivate, ctx.vsn)) {
      return of('error');
    }
    if (args.type === 'broadcast' && !core.canPush()) {
      // realtime-js falls back to the REST batch endpoint while not joined.
      if (args.persist) return of('error');
      const req = broadcastBatchRequest(restContext(core, ctx), args.event, args.payload);
      return ctx.request(req, timeout).pipe(
        map((res) => broadcastBatchResult(res.status)),
        catchError((e) => of(isTimeout(e) ? 'timed out' : 'error')),
      );
    }
    if (!core.joinedOnce) {
      return throwError(
        () =>
          new RealtimeError(
            `tried to push '${args.type}' to '${core.topic}' before joining: subscribe to a stream of the channel first`,
            'not_joined',
          ),
      );
    }
    const pushed = push$((done) => core.push(args.type, args, timeout, done));
    if (args.type === 'broadcast' && !core.config.broadcast?.ack) {
      // Without ack realtime-js answers 'ok' once the frame is out.
      return merge(pushed.pipe(ignoreElements()), of('ok' as const)).pipe(take(1));
    }
    return pushed.pipe(map((o) => outcomeOf(o, args)));
  });
}

/** `channel.httpSend(event, payload, opts)`: `{ success: true }` or a RealtimeError. */
export function channelHttpSend(
  core: ChannelCore,
  ctx: SendContext,
  event: string,
  payload: unknown,
  opts: { timeout?: number; persist?: BroadcastPersist },
): Observable<{ success: true }> {
  return defer(() => {
    const req = httpSendRequest(restContext(core, ctx), event, payload, { persist: opts.persist });
    return ctx
      .request(req, opts.timeout ?? ctx.timeout)
      .pipe(map((res) => httpSendResult(res.status, res.statusText, res.body)));
  });
}

function outcomeOf(o: PushOutcome, args: SendArgs): SendResult {
  if (o.status === 'ok') return 'ok';
  if (o.status === 'timeout') return 'timed out';
  return args.persist && typeof o.response?.error === 'string' ? o.response.error : 'error';
}

function restContext(core: ChannelCore, ctx: SendContext): BroadcastRestContext {
  return {
    endpoint: ctx.broadcastEndpoint,
    topic: core.topic,
    private: core.config.private === true,
    apiKey: ctx.apiKey,
    accessToken: ctx.accessToken,
  };
}

function isTimeout(e: unknown): boolean {
  return isRealtimeError(e) && e.code === 'timed_out';
}
