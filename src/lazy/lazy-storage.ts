import type { Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { StorageClientBase, clientConfigOf } from '../storage/client-base.js';
import { clientConfigs, type StorageConfig } from '../storage/config.js';
import { FileApiBase, configOf } from '../storage/file-api-base.js';
import type { StorageFileApi } from '../storage/file-api.js';
import { assertBucketId, assertObjectPath } from '../storage/paths.js';
import { lazyModule } from './lazy-module.js';

/** The bucket and file methods: loaded by the first call that sends a request. */
export const storageModule = lazyModule(() => import('./storage-chunk.js'));

type Check = (args: unknown[]) => void;
type Method = (this: object, ...args: unknown[]) => Observable<unknown>;

// What each method checks at once (its arguments), so a bad call throws before the load as after.
const bucket =
  (where: string): Check =>
  (args) =>
    assertBucketId(args[0], where);
const paths =
  (where: string, count = 1): Check =>
  (args) => {
    for (let i = 0; i < count; i++) assertObjectPath(args[i], where);
  };
const pathList =
  (where: string): Check =>
  ([list]) => {
    if (!Array.isArray(list)) throw new SupabaseRxInputError(`${where}: paths must be an array`);
    for (const p of list) assertObjectPath(typeof p === 'string' ? p : p?.path, where);
  };

const BUCKET_METHODS: Record<string, Check | null> = {
  listBuckets: null,
  getBucket: bucket('getBucket()'),
  createBucket: bucket('createBucket()'),
  updateBucket: bucket('updateBucket()'),
  emptyBucket: bucket('emptyBucket()'),
  deleteBucket: bucket('deleteBucket()'),
  purgeBucketCache: bucket('purgeBucketCache()'),
};

const FILE_METHODS: Record<string, Check | null> = {
  upload: paths('upload()'),
  update: paths('update()'),
  uploadToSignedUrl: (args) => {
    if (typeof args[1] !== 'string' || args[1] === '') {
      throw new SupabaseRxInputError('uploadToSignedUrl(): the token must be a non-empty string');
    }
    paths('uploadToSignedUrl()')(args);
  },
  createSignedUploadUrl: paths('createSignedUploadUrl()'),
  download: paths('download()'),
  info: paths('info()'),
  exists: paths('exists()'),
  list: null,
  listV2: null,
  purgeCache: paths('purgeCache()'),
  move: paths('move()', 2),
  copy: paths('copy()', 2),
  remove: pathList('remove()'),
  createSignedUrl: paths('createSignedUrl()'),
  createSignedUrls: pathList('createSignedUrls()'),
};

type StorageChunk = typeof import('./storage-chunk.js');

/**
 * Puts on `proto` a method per name: once the module is loaded, the real class's method run on
 * `this` (same checks, requests and streams); before, the same checks at once, then the real
 * method at subscribe, on the state `this` had at the call (as the real method captures it).
 */
function delegate(
  proto: object,
  methods: Record<string, Check | null>,
  real: (m: StorageChunk) => object,
  snapshot: (self: object) => (m: StorageChunk) => object,
): void {
  for (const [name, check] of Object.entries(methods)) {
    const method = function (this: object, ...args: unknown[]) {
      const m = storageModule.current;
      if (m) return (real(m) as Record<string, Method>)[name]!.apply(this, args);
      check?.(args);
      const at = snapshot(this);
      return storageModule((loaded) => {
        const self = at(loaded);
        return (real(loaded) as Record<string, Method>)[name]!.apply(self, args);
      });
    };
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true });
  }
}

/**
 * A bucket's file API of {@link LazyStorageClient}: `StorageFileApi`'s methods (the same checks at
 * once, `getPublicUrl` synchronous), whose request code loads on first use.
 *
 * @example
 * ```ts
 * supabase.storage.from('avatars').upload('u1/me.png', file).subscribe(({ data }) => data.path);
 * ```
 */
export class LazyFileApi extends FileApiBase {}
delegate(
  LazyFileApi.prototype,
  FILE_METHODS,
  (m) => m.StorageFileApi.prototype,
  (self) => {
    const config = configOf(self as FileApiBase);
    const id = (self as FileApiBase).bucketId;
    return (m) => new m.StorageFileApi(config, id);
  },
);

/**
 * `createClient`'s `supabase.storage`: `StorageClient`'s API, checking each call at once as it
 * does, whose bucket and file code loads on the first call that sends a request.
 *
 * @example
 * ```ts
 * const storage = new LazyStorageClient('http://127.0.0.1:54321/storage/v1', { transport });
 * storage.listBuckets().subscribe(({ data }) => console.log(data));
 * ```
 */
export class LazyStorageClient extends StorageClientBase {
  /** The files of a bucket. */
  from(id: string): StorageFileApi {
    assertBucketId(id, 'from()');
    const config: StorageConfig = clientConfigOf(this);
    const m = storageModule.current;
    if (m) return new m.StorageFileApi(config, id);
    return new LazyFileApi(config, id) as unknown as StorageFileApi;
  }
}
delegate(
  LazyStorageClient.prototype,
  BUCKET_METHODS,
  (m) => m.StorageClient.prototype,
  (self) => {
    const at = {};
    clientConfigs.set(at, clientConfigOf(self as StorageClientBase));
    return () => at;
  },
);
