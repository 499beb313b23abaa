import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../../examples/demo.mjs', import.meta.url));

describe('npm run demo (examples/demo.mjs)', () => {
  it('runs the demo against the example project and exits 0 with every step done', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [DEMO], { env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(out, out).not.toContain('✗ failed');
    expect(code, out).toBe(0);
    expect(out).toContain(
      '{"title":"The Matrix","year":1999,"director":{"name":"Lana Wachowski"}}',
    );
    expect(out).toContain('count = 3; titles = Inception, Lady Bird, Little Women');
    expect(out).toContain('anon sees []');
    expect(out).toMatch(/signed up ada@example\.com \(user [0-9a-f-]{36}\), session: yes/);
    expect(out).toContain('{"note":"Watch with my sister","movies":{"title":"Little Women"}}');
    expect(out).toContain('Emulator stopped.');
  }, 240_000);
});
