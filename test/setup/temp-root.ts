import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary folder of a run (test projects, data folders, keys, the
 * browsers' and runtimes' own) is made under one root, which the run removes when it ends, so a
 * run leaves nothing in the system's temporary folder even when a test fails before its cleanup.
 * `TMPDIR` is set before the test workers start, so they and the processes they spawn inherit it.
 */
export default function setup(): () => void {
  // The emulator's template cache stays where a user's lives (it is a cache, not a test's folder).
  process.env.SUPABASE_RX_EMULATOR_CACHE ??= join(tmpdir(), 'supabase-rx-emulator');
  const root = mkdtempSync(join(tmpdir(), 'supabase-rx-test-'));
  process.env.TMPDIR = root;
  process.env.SUPABASE_RX_TEST_TMP_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true });
}
