import { describe, expect, it } from 'vitest';
import type { FunctionHost } from '../../src/functions/function-host.js';
import { FunctionPool } from '../../src/functions/function-pool.js';

/** A host whose death the test decides, and that counts its closes. */
function fakeHost(id: number) {
  let die!: () => void;
  const exited = new Promise<void>((done) => (die = done));
  const host = {
    id,
    closes: 0,
    runtime: 'deno' as const,
    pid: id,
    exited,
    die,
    fetch: async () => new Response(String(id)),
    close: async () => {
      host.closes += 1;
      die();
    },
  };
  return host satisfies FunctionHost;
}

function pool() {
  const boots: string[] = [];
  const hosts: ReturnType<typeof fakeHost>[] = [];
  let failNext = false;
  const p = new FunctionPool(async (name) => {
    boots.push(name);
    if (failNext) {
      failNext = false;
      throw new Error('boot failed');
    }
    const host = fakeHost(hosts.length + 1);
    hosts.push(host);
    return host;
  });
  return { p, boots, hosts, failOnce: () => (failNext = true) };
}

describe('FunctionPool', () => {
  it('boots nothing until asked, then once for concurrent first calls, and reuses the function', async () => {
    const { p, boots } = pool();
    expect(boots).toEqual([]);
    const [a, b] = await Promise.all([p.get('hello'), p.get('hello')]);
    expect(a).toBe(b);
    expect(await p.get('hello')).toBe(a);
    expect(boots).toEqual(['hello']);
    await p.get('other');
    expect(boots).toEqual(['hello', 'other']);
    expect((await p.list()).map((e) => e.name)).toEqual(['hello', 'other']);
  });

  it('boots again after the function died', async () => {
    const { p, boots, hosts } = pool();
    const first = await p.get('hello');
    hosts[0]!.die();
    await first.exited;
    const second = await p.get('hello');
    expect(second).not.toBe(first);
    expect(boots).toEqual(['hello', 'hello']);
  });

  it('boots again after a failed boot', async () => {
    const { p, boots, failOnce } = pool();
    failOnce();
    await expect(p.get('hello')).rejects.toThrow('boot failed');
    await expect(p.get('hello')).resolves.toBeDefined();
    expect(boots).toEqual(['hello', 'hello']);
  });

  it('discard() stops a function and lets the next call boot a new one', async () => {
    const { p, hosts } = pool();
    const first = await p.get('hello');
    await p.discard('hello', first);
    expect(hosts[0]!.closes).toBe(1);
    expect(await p.get('hello')).toBe(hosts[1]);
  });

  it('close() stops every function, also one still booting, and refuses new calls', async () => {
    const { p, hosts } = pool();
    await p.get('a');
    const booting = p.get('b');
    await p.close();
    await booting;
    expect(hosts.map((h) => h.closes)).toEqual([1, 1]);
    await expect(p.get('a')).rejects.toThrow('The functions service is stopped');
    expect(await p.list()).toEqual([]);
  });
});
