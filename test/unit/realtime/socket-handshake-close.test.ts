import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/close-during-handshake.ts', import.meta.url));

describe('disconnect() while the ws handshake is still pending', () => {
  it('closes cleanly: the late handshake error from ws is not an uncaught exception', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', fixture], {
      timeout: 20_000,
    });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(['socket closed: 1000 clean']);
  }, 30_000);
});
