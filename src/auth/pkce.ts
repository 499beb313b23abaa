import { EMPTY, concat, defer, from, map, last, of, switchMap, type Observable } from 'rxjs';
import { base64Url } from './base64url.js';
import type { StorageGateway } from './storage.js';

/** At most this many PKCE flows are pending at once; the oldest is evicted (supabase-js's ring). */
const MAX_PENDING_FLOWS = 5;

/** The pair sent with a PKCE-capable request, and the flow it belongs to. */
export interface PkceChallenge {
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 's256' | 'plain';
  readonly flowId: string;
}

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A random code verifier: 56 random bytes as 112 hex characters.
 *
 * @example
 * ```ts
 * generateVerifier().length; // 112
 * ```
 */
export function generateVerifier(): string {
  return randomHex(56);
}

/**
 * The S256 code challenge of a verifier: base64url(SHA-256(verifier)), without padding.
 *
 * @example
 * ```ts
 * challengeOf('abc').subscribe(console.log); // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export function challengeOf(verifier: string): Observable<string> {
  return defer(() =>
    from(globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  ).pipe(map((digest) => base64Url(new Uint8Array(digest))));
}

/** Storage keys of the PKCE verifiers (protocol.md §3.6). */
export const pkceKeys = {
  legacy: (storageKey: string) => `${storageKey}-code-verifier`,
  slot: (storageKey: string, flowId: string) => `${storageKey}-flow-${flowId}-code-verifier`,
  index: (storageKey: string) => `${storageKey}-flows-code-verifier`,
};

/** A flow id as supabase-js accepts one (from a URL, an option or the stored index). */
const FLOW_ID = /^[a-zA-Z0-9_-]{8,64}$/;

/**
 * `value` when it is a plausible flow id, else `null`: URL and index values are untrusted.
 *
 * @example
 * ```ts
 * validFlowId('../x'); // null
 * ```
 */
export function validFlowId(value: unknown): string | null {
  return typeof value === 'string' && FLOW_ID.test(value) ? value : null;
}

/** The ids in the stored ring index, invalid entries dropped. */
function readIndex(storage: StorageGateway, storageKey: string): Observable<string[]> {
  return storage
    .get(pkceKeys.index(storageKey))
    .pipe(map((value) => (Array.isArray(value) ? value.filter((id) => validFlowId(id)) : [])));
}

/**
 * Starts a PKCE flow: stores a new verifier (flow slot, ring index, legacy key; suffixed
 * `/recovery` for password recovery) and emits the challenge to send.
 *
 * @example
 * ```ts
 * startPkceFlow(gateway, 'sb-x-auth-token', false).subscribe(({ codeChallenge }) => …);
 * ```
 */
export function startPkceFlow(
  storage: StorageGateway,
  storageKey: string,
  isRecovery: boolean,
): Observable<PkceChallenge> {
  return defer(() => {
    const verifier = generateVerifier();
    const stored = isRecovery ? `${verifier}/recovery` : verifier;
    const flowId = randomHex(16);
    const save = readIndex(storage, storageKey).pipe(
      switchMap((pending) => {
        const index = pending.filter((id) => id !== flowId);
        index.push(flowId);
        const evicted = index.splice(0, Math.max(0, index.length - MAX_PENDING_FLOWS));
        return concat(
          storage.set(pkceKeys.slot(storageKey, flowId), stored),
          ...evicted.map((id) => storage.remove(pkceKeys.slot(storageKey, id))),
          storage.set(pkceKeys.index(storageKey), index),
          storage.set(pkceKeys.legacy(storageKey), stored),
        );
      }),
    );
    return concat(save, challengeOf(verifier)).pipe(
      last(),
      map((codeChallenge) => ({
        codeChallenge: codeChallenge as string,
        codeChallengeMethod: 's256' as const,
        flowId,
      })),
    );
  });
}

/**
 * Reads the verifier of a flow (or the legacy key when no flow id is known).
 *
 * @example
 * ```ts
 * readPkceVerifier(gateway, key, null).subscribe((v) => v ?? console.log('missing'));
 * ```
 */
export function readPkceVerifier(
  storage: StorageGateway,
  storageKey: string,
  flowId: string | null,
): Observable<string | null> {
  const key = flowId ? pkceKeys.slot(storageKey, flowId) : pkceKeys.legacy(storageKey);
  return storage.get(key).pipe(map((v) => (typeof v === 'string' ? v : null)));
}

/**
 * Removes one flow's verifier as supabase-js does: with a flow id, its slot, its index entry
 * (the index is rewritten only when it held it) and the legacy key only when that mirrors this
 * flow, so a newer pending flow keeps its fallback; without one, only the legacy key.
 *
 * @example
 * ```ts
 * removePkceVerifier(gateway, key, flowId).subscribe();
 * ```
 */
export function removePkceVerifier(
  storage: StorageGateway,
  storageKey: string,
  flowId: string | null,
): Observable<void> {
  const legacy = pkceKeys.legacy(storageKey);
  if (!flowId) return storage.remove(legacy);
  const slot = pkceKeys.slot(storageKey, flowId);
  return storage.get(slot).pipe(
    switchMap((slotValue) =>
      concat(
        storage.remove(slot),
        readIndex(storage, storageKey).pipe(
          switchMap((index) => {
            const rest = index.filter((id) => id !== flowId);
            if (rest.length === index.length) return EMPTY;
            return rest.length
              ? storage.set(pkceKeys.index(storageKey), rest)
              : storage.remove(pkceKeys.index(storageKey));
          }),
        ),
        storage
          .get(legacy)
          .pipe(
            switchMap((value) =>
              slotValue != null && value === slotValue ? storage.remove(legacy) : EMPTY,
            ),
          ),
        of(undefined),
      ),
    ),
    last(),
  );
}

/**
 * Removes every pending verifier (session teardown): each indexed slot, the index and the legacy
 * key.
 *
 * @example
 * ```ts
 * removeAllPkceVerifiers(gateway, key).subscribe();
 * ```
 */
export function removeAllPkceVerifiers(
  storage: StorageGateway,
  storageKey: string,
): Observable<void> {
  return readIndex(storage, storageKey).pipe(
    switchMap((index) =>
      concat(
        ...index.map((id) => storage.remove(pkceKeys.slot(storageKey, id))),
        storage.remove(pkceKeys.index(storageKey)),
        storage.remove(pkceKeys.legacy(storageKey)),
        of(undefined),
      ),
    ),
    last(),
  );
}
