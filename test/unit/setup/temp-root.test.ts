import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import setup from '../../setup/temp-root.js';

describe('test runs keep their temporary folders under one root they remove', () => {
  it('a test worker makes temporary folders under the run’s root', () => {
    const root = process.env.SUPABASE_RX_TEST_TMP_ROOT;
    expect(root).toMatch(/supabase-rx-test-/);
    const dir = mkdtempSync(join(tmpdir(), 'probe-'));
    expect(dirname(dir)).toBe(root);
    rmSync(dir, { recursive: true });
  });

  it('the teardown removes the root with whatever was left in it', () => {
    const saved = { tmp: process.env.TMPDIR, root: process.env.SUPABASE_RX_TEST_TMP_ROOT };
    try {
      const teardown = setup();
      const root = process.env.SUPABASE_RX_TEST_TMP_ROOT!;
      mkdtempSync(join(tmpdir(), 'left-behind-'));
      teardown();
      expect(() => mkdtempSync(join(root, 'x-'))).toThrow(/ENOENT/);
    } finally {
      process.env.TMPDIR = saved.tmp;
      process.env.SUPABASE_RX_TEST_TMP_ROOT = saved.root;
    }
  });
});
