import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findDeno } from '../../src/functions/deno-binary.js';

describe('findDeno', () => {
  it('finds the binary the deno npm package installed, and it runs', () => {
    const deno = findDeno({});
    expect(deno).toMatch(/node_modules[\\/](deno|@deno[\\/][^\\/]+)[\\/]deno(\.exe)?$/);
    expect(execFileSync(deno!, ['--version']).toString()).toMatch(/^deno 2\./);
  });

  it('takes SUPABASE_RX_DENO when it names a file, and nothing when it names none', () => {
    const file = fileURLToPath(import.meta.url);
    expect(findDeno({ SUPABASE_RX_DENO: file })).toBe(file);
    expect(findDeno({ SUPABASE_RX_DENO: '/nonexistent/deno' })).toBeUndefined();
  });
});
