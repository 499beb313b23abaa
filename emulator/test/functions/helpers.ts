import { fileURLToPath } from 'node:url';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator } from '../helpers/index.js';

/** The functions tests' Supabase project (config.toml, functions/*, functions/.env). */
export const FUNCTIONS_PROJECT = fileURLToPath(new URL('./project', import.meta.url));

/** A started emulator on the functions project, and what its functions logged. */
export interface FunctionsEmulator {
  emu: EmulatorHandle;
  logs: { name: string; line: string }[];
}

/**
 * Starts an emulator on the functions project with handlers on `runtime`; functions' output is
 * kept in `logs` instead of going to stderr.
 *
 * @example
 * ```ts
 * const { emu, logs } = await startFunctionsEmulator('deno');
 * ```
 */
export async function startFunctionsEmulator(
  runtime: 'deno' | 'node',
  bootTimeoutMs?: number,
): Promise<FunctionsEmulator> {
  const logs: { name: string; line: string }[] = [];
  const emu = await startTestEmulator({
    projectDir: FUNCTIONS_PROJECT,
    functions: { runtime, bootTimeoutMs, log: (name, line) => logs.push({ name, line }) },
  });
  return { emu, logs };
}
