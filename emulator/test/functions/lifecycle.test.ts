import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { startFunctionsEmulator } from './helpers.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Deno function processes', () => {
  it('start on the first call, are reused, restart after a crash, and are gone once stop() resolves', async () => {
    const { emu } = await startFunctionsEmulator('deno');
    const auth = { authorization: `Bearer ${emu.anonKey}` };
    const call = async (path: string) =>
      (await fetch(`${emu.url}/functions/v1/${path}`, { headers: auth })).json();
    let pids: number[] = [];
    try {
      expect(emu.functions!.runtime).toBe('deno');
      expect(await emu.functions!.running()).toEqual([]);

      // Concurrent first calls share one boot.
      const first = await Promise.all([call('crash'), call('crash'), call('crash')]);
      const pid = first[0].pid as number;
      expect(first.map((r) => r.pid)).toEqual([pid, pid, pid]);
      expect(await emu.functions!.running()).toEqual([{ name: 'crash', runtime: 'deno', pid }]);
      expect((await call('crash')).pid).toBe(pid);
      expect(pid).not.toBe(process.pid);

      await call('crash?exit');
      expect(isAlive(pid)).toBe(false);
      const again = (await call('crash')).pid as number;
      expect(again).not.toBe(pid);
      expect(isAlive(again)).toBe(true);

      await call('public');
      pids = (await emu.functions!.running()).map((r) => r.pid!);
      expect(pids).toHaveLength(2);
    } finally {
      await emu.stop();
    }
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(await emu.functions!.running()).toEqual([]);
  });

  it('end when the emulator process is killed outright (no orphans)', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./orphan-child.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((done) => child.once('exit', done));
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    const pid = Number(line);
    expect(isAlive(pid)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    // The function notices its stdin closing; its exit is not ours to await, so poll for it.
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000, interval: 50 });
  });
});
