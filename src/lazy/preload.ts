import {
  claimsFlows,
  oauthFlows,
  signUpFlows,
  verifyFlows,
  web3Flows,
} from '../auth/lazy-flows.js';
import { functionsModule } from './lazy-functions.js';
import { realtimeModule } from './lazy-realtime.js';
import { storageModule } from './lazy-storage.js';

/**
 * Loads every module `createClient`'s client loads on first use (realtime, storage, functions,
 * the auth flows). After it, every call runs synchronously as with static imports: what a marble
 * test inside `TestScheduler.run()` needs, since a dynamic `import()` settles only after it.
 *
 * @example
 * ```ts
 * beforeAll(() => loadLazyModules());
 * ```
 */
export async function loadLazyModules(): Promise<void> {
  await Promise.all([
    realtimeModule.load(),
    storageModule.load(),
    functionsModule.load(),
    ...[signUpFlows, oauthFlows, verifyFlows, web3Flows, claimsFlows].map((m) => m.load()),
  ]);
}
