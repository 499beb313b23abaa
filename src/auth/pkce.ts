import { concat, defer, from, map, last, of, switchMap, type Observable } from 'rxjs';
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

/**
 * Base64url without padding.
 *
 * @example
 * ```ts
 * base64Url(new Uint8Array([251])); // '-w'
 * ```
 */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Storage keys of the PKCE verifiers (protocol.md §3.6). */
export const pkceKeys = {
  legacy: (storageKey: string) => `${storageKey}-code-verifier`,
  slot: (storageKey: string, flowId: string) => `${storageKey}-flow-${flowId}-code-verifier`,
  index: (storageKey: string) => `${storageKey}-flows-code-verifier`,
};

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
    const save = storage.get(pkceKeys.index(storageKey)).pipe(
      switchMap((value) => {
        const index = (Array.isArray(value) ? (value as string[]) : []).filter(
          (id) => id !== flowId,
        );
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
 * Removes one flow's verifier (and the legacy key), or every verifier when `flowId` is `'*'`.
 *
 * @example
 * ```ts
 * removePkceVerifiers(gateway, key, '*').subscribe();
 * ```
 */
export function removePkceVerifiers(
  storage: StorageGateway,
  storageKey: string,
  flowId: string | null | '*',
): Observable<void> {
  return storage.get(pkceKeys.index(storageKey)).pipe(
    switchMap((value) => {
      const index = Array.isArray(value) ? (value as string[]) : [];
      const drop = flowId === '*' ? index : flowId ? [flowId] : [];
      const rest = index.filter((id) => !drop.includes(id));
      return concat(
        ...drop.map((id) => storage.remove(pkceKeys.slot(storageKey, id))),
        rest.length
          ? storage.set(pkceKeys.index(storageKey), rest)
          : storage.remove(pkceKeys.index(storageKey)),
        storage.remove(pkceKeys.legacy(storageKey)),
        of(undefined),
      );
    }),
    last(),
    map(() => undefined),
  );
}
