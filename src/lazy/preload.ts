import { adminModule, mfaModule, oauthServerModule, passkeyModule } from '../auth/lazy-apis.js';
import {
  claimsFlows,
  oauthFlows,
  setSessionFlows,
  signInFlows,
  signOutFlows,
  signUpFlows,
  urlSessionFlows,
  userFlows,
  verifyFlows,
  web3Flows,
} from '../auth/lazy-flows.js';
import { functionsModule } from './lazy-functions.js';
import { realtimeModule } from './lazy-realtime.js';
import { storageModule } from './lazy-storage.js';

/** Every module `createClient`'s client (and `AuthClient`) loads with `import()` on first use. */
const lazyModules: ReadonlyArray<{ load(): Promise<unknown> }> = [
  realtimeModule,
  storageModule,
  functionsModule,
  adminModule,
  mfaModule,
  oauthServerModule,
  passkeyModule,
  signInFlows,
  signOutFlows,
  userFlows,
  setSessionFlows,
  urlSessionFlows,
  signUpFlows,
  oauthFlows,
  verifyFlows,
  web3Flows,
  claimsFlows,
];

/**
 * Loads every module `createClient`'s client loads on first use (realtime, storage, functions,
 * `auth.admin`, `auth.mfa`, `auth.oauth`, `auth.passkey` and the auth flows: sign-in, sign-up, sign-out, the user methods,
 * setSession, a session in the URL, OAuth, verification, web3, getClaims). After it, every call runs synchronously as
 * with static imports: what a marble test inside `TestScheduler.run()` needs, since a dynamic
 * `import()` settles only after it.
 *
 * @example
 * ```ts
 * beforeAll(() => loadLazyModules());
 * ```
 */
export async function loadLazyModules(): Promise<void> {
  await Promise.all(lazyModules.map((m) => m.load()));
}
