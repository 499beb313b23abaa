import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';

const SQL = `
create table deep (id int primary key, a int, doc jsonb);
grant all on deep to anon;
insert into deep values (1, 1, '[]'), (2, 2, '[]');
create function json_kind(j jsonb) returns text language sql immutable as $$ select jsonb_typeof(j) $$;
grant execute on function json_kind(jsonb) to anon;
`;

/** `or(and(or(… a.eq.1 …, id.gt.0), a.eq.99), id.gt.0)`, `levels` logic operators deep. */
function nestedLogic(levels: number): string {
  let tree = 'a.eq.1';
  for (let i = 0; i < levels; i++) tree = i % 2 ? `or(${tree},a.eq.99)` : `and(${tree},id.gt.0)`;
  return tree;
}

const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

// PGlite ran out of its thread's stack on deep input (a 400 26000 "unnamed prepared statement
// does not exist", or a session stuck in 25P02 after it); it must answer as PostgreSQL does.
describe.each(testEngines())('deeply nested input on %s', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());
  const rest = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${emu.url}/rest/v1/${path}`, {
      ...init,
      headers: { apikey: emu.anonKey, 'content-type': 'application/json' },
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };
  const stillServes = async () =>
    expect(await rest('deep?select=id&order=id')).toEqual({
      status: 200,
      json: [{ id: 1 }, { id: 2 }],
    });

  // 1,000 is about as deep as a URL PostgREST accepts (16 KB) can nest.
  it.each([300, 1000])('answers logic nested %i operators deep', async (levels) => {
    const res = await rest(`deep?select=id&or=(${nestedLogic(levels)})`);
    expect(res).toEqual({ status: 200, json: [{ id: 1 }] });
    await stillServes();
  });

  it('answers JSON nested 10,000 deep, as a filter value and in a body', async () => {
    const value = nestedArray(5000);
    expect(await rest(`deep?select=id&doc=neq.${value}&order=id`)).toEqual({
      status: 200,
      json: [{ id: 1 }, { id: 2 }],
    });
    expect(
      await rest('rpc/json_kind', { method: 'POST', body: `{"j":${nestedArray(10_000)}}` }),
    ).toEqual({ status: 200, json: 'array' });
  });

  it.each([100_000, 1_000_000])(
    'refuses JSON nested %i deep with 500 54001, then serves the next request',
    async (depth) => {
      for (const init of [
        { method: 'POST', body: `{"j":${nestedArray(depth)}}`, path: 'rpc/json_kind' },
        { method: 'POST', body: `{"id":3,"doc":${nestedArray(depth)}}`, path: 'deep' },
      ]) {
        const res = await rest(init.path, init);
        expect([res.status, (res.json as { code: string }).code]).toEqual([500, '54001']);
        expect(res.json).toMatchObject({ message: 'stack depth limit exceeded' });
        await stillServes();
      }
    },
    60_000,
  );
});
