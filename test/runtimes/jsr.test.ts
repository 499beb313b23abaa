import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findDeno } from '../../emulator/src/functions/deno-binary.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Deno / JSR: jsr.json publishes the TypeScript sources; `deno publish --dry-run` checks them as
// JSR would (types explicit in the public API, every import resolvable, a license) without
// uploading anything.
describe('the JSR package (jsr.json)', () => {
  it('passes deno publish --dry-run', async () => {
    const deno = findDeno();
    if (!deno) throw new Error('Deno is not installed (the emulator depends on the deno package)');
    const result = await run(
      deno,
      ['publish', '--dry-run', '--allow-dirty', '--config', 'jsr.json'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      },
    ).catch((error: { stdout: string; stderr: string }) => error);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toContain('Dry run complete');
    expect(output).not.toMatch(/error\[/);
  }, 180_000);
});
