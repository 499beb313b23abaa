import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral, settingsStatement } from '../../src/core/run-as.js';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines, type TestEngine } from '../helpers/index.js';

describe('quoteLiteral', () => {
  it.each([
    ['anon', "E'anon'"],
    ["it's", "E'it''s'"],
    ['a\\b', "E'a\\\\b'"],
    ["\\'; drop table x; --", "E'\\\\''; drop table x; --'"],
    ['', "E''"],
  ])('%j → %s', (text, literal) => {
    expect(quoteLiteral(text)).toBe(literal);
  });
});

describe('settingsStatement', () => {
  it('writes the values as literals: a statement without parameters', () => {
    expect(
      settingsStatement([
        ['role', 'anon'],
        ['request.path', "/t'"],
      ]),
    ).toEqual([
      "select set_config(E'role', E'anon', true), set_config(E'request.path', E'/t''', true)",
      [],
    ]);
  });

  it('keeps bound parameters for a NUL, which no literal can hold', () => {
    expect(settingsStatement([['request.jwt.claim.x', 'a\0b']])).toEqual([
      'select set_config($1, $2, true)',
      ['request.jwt.claim.x', 'a\0b'],
    ]);
  });
});

describe.each(testEngines())('request settings on %s', (engine: TestEngine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, functions: false });
  });
  afterAll(() => emu?.stop());

  it('reach the transaction exactly as sent, quotes and backslashes included', async () => {
    const tricky = "it's \\' \\\\ E'x' 日本 \n end";
    const claims = { role: 'authenticated', sub: tricky, n: 1 };
    const { rows } = await emu.context.runAs(
      {
        auth: { role: 'authenticated', claims },
        method: 'get',
        path: `/rest/v1/t'`,
        headers: { 'X-Tricky': tricky },
      },
      (tx) =>
        tx.query<{ role: string; sub: string; claims: unknown; headers: unknown; path: string }>(
          `select current_user as role, current_setting('request.jwt.claim.sub') as sub,
             current_setting('request.jwt.claims')::json as claims,
             current_setting('request.headers')::json as headers,
             current_setting('request.path') as path`,
        ),
    );
    expect(rows).toEqual([
      {
        role: 'authenticated',
        sub: tricky,
        claims,
        headers: { 'x-tricky': tricky },
        path: `/rest/v1/t'`,
      },
    ]);
  });

  it('refuses a NUL in a claim as Postgres does', async () => {
    await expect(
      emu.context.runAs(
        {
          auth: { role: 'anon', claims: { role: 'anon', x: 'a\0b' } },
          method: 'GET',
          path: '/',
          headers: {},
        },
        (tx) => tx.query('select 1'),
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
  });
});
