/**
 * Loads the pieces under test by name, as users import them, and tells the suite which have
 * landed. The SDK and the emulator are built in parallel with this suite: a piece that does not
 * exist yet makes its tests skip (with the reason printed), instead of failing the whole file.
 */

/** Imports a module by specifier, or resolves to `null` (with the reason logged) when it cannot. */
export async function tryImport<T>(specifier: string): Promise<T | null> {
  try {
    // A variable specifier keeps the typecheck independent of modules that have not landed.
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch (error) {
    console.warn(`[integration] ${specifier} is not available: ${(error as Error).message}`);
    return null;
  }
}
