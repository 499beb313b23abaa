import type { RequestAuth } from '../context.js';

/**
 * What the channel server needs of the Postgres changes feed (`changes/change-feed.ts`), typed
 * structurally here so the channel server does not depend on how changes are captured.
 */
export interface ChangeBindingLike {
  event: 'INSERT' | 'UPDATE' | 'DELETE' | '*';
  schema: string;
  table?: string;
  filter?: string;
}

/** A live subscription of one channel's bindings. */
export interface ChangeSubscriberLike {
  readonly ids: number[];
  setAuth(auth: RequestAuth): void;
  unsubscribe(): void;
}

/** The feed: subscribe a channel's bindings under its caller's auth. */
export interface ChangeFeedLike {
  subscribe(
    bindings: ChangeBindingLike[],
    auth: RequestAuth,
    onChange: (ids: number[], data: unknown) => void,
  ): Promise<ChangeSubscriberLike>;
  close(): Promise<void>;
}

/**
 * The reason text of a feed refusal (a `ChangeFeedError` carries Realtime's wording in `reason`),
 * or `undefined` for any other failure.
 */
export function changeFeedReason(error: unknown): string | undefined {
  if (error instanceof Error && error.name === 'ChangeFeedError') {
    const reason = (error as Error & { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : error.message;
  }
  return undefined;
}
