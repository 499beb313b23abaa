import { afterAll, describe } from 'vitest';
import { clientPair, type ClientPair, type RxEntry } from './clients.js';
import { startFixtureEmulator, suiteEngines, type EmulatorHandle } from './emulator.js';
import { probeFeatures, type Feature } from './features.js';

/** What a suite body can reach: its running emulator and clients for any caller. */
export interface SuiteContext {
  engine: string;
  handle: EmulatorHandle;
  /** Both clients for an API key (default: the anon key) and an optional user token. */
  pair(key?: string, token?: string, entry?: RxEntry): ClientPair;
  /** Whether the emulator serves a feature yet (see `features.ts`). */
  has(feature: Feature): boolean;
  /** `describe`, skipped with the reason in its title while the emulator lacks a feature. */
  describeIf(features: Feature[], title: string, body: () => void): void;
}

/**
 * Declares a suite that runs once per engine against its own emulator on the fixture project.
 * The emulator starts while the file is collected (PGlite takes seconds: one per file and engine),
 * so that what it can already serve decides which parts run; it stops after the file.
 * Parts the emulator does not serve yet are skipped, with the reason in their titles.
 */
export async function integrationSuite(
  title: string,
  body: (ctx: SuiteContext) => void,
): Promise<void> {
  for (const engine of suiteEngines()) {
    const handle = await startFixtureEmulator(engine);
    const features = await probeFeatures(handle);
    describe(`${title} (${engine})`, () => {
      afterAll(async () => {
        await handle.stop();
      });
      body({
        engine,
        handle,
        pair: (key, token, entry) => clientPair(handle.url, key ?? handle.anonKey, token, entry),
        has: (feature) => features.has(feature),
        describeIf: (needs, name, inner) => {
          const absent = needs.filter((f) => !features.has(f));
          if (absent.length === 0) describe(name, inner);
          else
            describe.skip(
              `${name} — skipped: the emulator does not serve ${absent.join(', ')} yet`,
              inner,
            );
        },
      });
    });
  }
}
