/**
 * `supabase-rx/operators`: the SDK's custom RxJS operators.
 *
 * @example
 * ```ts
 * import { toResult } from 'supabase-rx/operators';
 * ```
 */
export { toResult, type Result, type ResultData, type ResultError } from './to-result.js';
export { retryBackoff, isSafeToRetry, type RetryBackoffOptions } from './retry-backoff.js';
export { pluckData } from './pluck-data.js';
export {
  liveQuery,
  type LiveQueryOptions,
  type LiveRealtime,
  type LiveChannel,
  type LiveSource,
} from '../live/live-query.js';
export type { LiveQueryState, LiveStatus } from '../live/live-store.js';
export type { Page, RowsResponse } from './page.js';
export { paginate, type PaginateOptions, type RangeQuery } from './paginate.js';
export { paginateAll, type PaginateAllOptions } from './paginate-all.js';
export { keysetPaginate, type KeysetPaginateOptions, type KeysetQuery } from './keyset-paginate.js';
export type { UserSource } from './session-source.js';
export { withSession, type WithSessionOptions } from './with-session.js';
export { whenSignedIn } from './when-signed-in.js';
export { isJwtExpiredError } from './jwt-expired.js';
export {
  refreshOnExpiry,
  type RefreshOnExpiryOptions,
  type RefreshSource,
} from './refresh-on-expiry.js';
export { boundedBuffer, type BoundedBatch, type BoundedBufferOptions } from './bounded-buffer.js';
export { throttleSend, type BroadcastTarget, type ThrottleSendOptions } from './throttle-send.js';
export { livePages, type LivePagesOptions, type LivePagesQuery } from '../live/live-pages.js';
export type { LivePagesState } from '../live/live-pages-store.js';
export {
  optimistic,
  type OptimisticOptions,
  type OptimisticState,
  type OptimisticView,
  type OptimisticWrite,
} from '../live/optimistic.js';
