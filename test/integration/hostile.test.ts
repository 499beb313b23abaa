/**
 * Hostile input: values and identifiers built to escape quoting, PostgREST's grammar and the URL.
 * Through both clients, each must give exactly the right rows or a PostgREST 4xx error — never
 * other rows, never a 5xx, never a SQL syntax error (which would mean a value reached SQL text).
 */
import { beforeAll, expect, it } from 'vitest';
import { hostileIdentifiers, hostileValues, label } from './cases/hostile-corpus.js';
import type { ClientPair, Db } from './helpers/clients.js';
import type { ClientName, Outcome } from './helpers/outcome.js';
import { jsonRows, jsonValue } from './helpers/postgres.js';
import { integrationSuite } from './helpers/suite.js';

const VALUES = hostileValues();
const IDENTIFIERS = hostileIdentifiers();
const CLIENTS: ClientName[] = ['supabase-js', 'supabase-rx'];

/** PostgREST's quoting for a value inside `or=(…)`: double quotes, `\` and `"` backslash-escaped. */
const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A client error that is not a server failure and not a sign of SQL built from text. */
function expectCleanRefusal(o: Outcome, what: string) {
  expect(o.error, `${what}: ${JSON.stringify(o).slice(0, 300)}`).not.toBeNull();
  expect(
    o.status,
    `${what}: a 4xx, not ${o.status} ${JSON.stringify(o.error)}`,
  ).toBeGreaterThanOrEqual(400);
  expect(o.status, `${what}: a 4xx, not ${o.status} ${JSON.stringify(o.error)}`).toBeLessThan(500);
  expect(o.error!.code, `${what}: a SQL syntax error means a value reached SQL text`).not.toBe(
    '42601',
  );
}

function byId(rows: unknown): unknown {
  return Array.isArray(rows) ? [...rows].sort((a: any, b: any) => a.id - b.id) : rows;
}

await integrationSuite('hostile input through supabase-rx and supabase-js', (suite) => {
  const db = suite.handle.db;
  let pair: ClientPair;
  let tables: Record<string, number>;

  const countTables = async () => {
    const { rows } = await db.query<{ t: string; n: number }>(
      `select 'cities' as t, count(*)::int as n from cities union all select 'countries', count(*)::int from countries
       union all select 'specimens', count(*)::int from specimens union all select 'notes', count(*)::int from notes`,
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  };

  beforeAll(async () => {
    pair = suite.pair();
    // Every hostile value is also stored, so an exact match has exactly one row to find.
    for (const [i, v] of VALUES.entries()) {
      await db.query('insert into specimens (id, val, num, arr) values ($1, $2, $3, $4)', [
        i + 1,
        v,
        i,
        [v],
      ]);
    }
    tables = await countTables();
  });

  /** Runs one query through a client; a synchronous input error of supabase-rx counts as a refusal. */
  const settle = async (client: ClientName, build: (db: Db) => unknown): Promise<Outcome> => {
    let builder: unknown;
    try {
      builder = build(client === 'supabase-js' ? pair.js : pair.rx);
    } catch (error) {
      return {
        data: null,
        error: { code: 'input', message: String(error), details: null, hint: null },
        count: null,
        status: 400,
        statusText: '',
      };
    }
    return pair.settle(client, builder);
  };

  suite.describeIf(['rest-read', 'rest-write', 'rest-rpc'], 'values', () => {
    it.each(VALUES.map((v, i) => [label(v), v, i] as const))('value %s', async (_name, v, i) => {
      const exact = await jsonRows(db, 'select id, val from specimens where val = $1', [v]);
      expect(exact, 'the corpus row exists').toHaveLength(1);
      const greeting = await jsonValue(db, 'select greet($1)', [v]);
      // PostgREST reads `*` in a pattern as `%` (so patterns need no URL escaping); Postgres may
      // reject a pattern (a trailing escape character): then the API must refuse it too.
      const patterns: Record<'like' | 'ilike', unknown[] | null> = { like: null, ilike: null };
      for (const op of ['like', 'ilike'] as const) {
        patterns[op] = await jsonRows(db, `select id, val from specimens where val ${op} $1`, [
          v.replace(/\*/g, '%'),
        ]).catch(() => null);
      }

      // The two clients and all their requests run at once: the emulator serialises the database
      // work, the HTTP work overlaps, and the file stays fast.
      await Promise.all(
        CLIENTS.map(async (client) => {
          const what = (op: string) => `${client} ${op} ${label(v)}`;
          const tag = `hostile-${i}-${client}`;
          const q = (build: (d: Db) => unknown) => settle(client, build);
          const [eq, notNeq, orQuoted, inList, like, ilike, num, rpcPost, rpcGet, ins] =
            await Promise.all([
              q((d) => d.from('specimens').select('id, val').eq('val', v)),
              q((d) => d.from('specimens').select('id, val').not('val', 'neq', v)),
              q((d) =>
                d
                  .from('specimens')
                  .select('id, val')
                  .or(`val.eq.${quoted(v)},id.eq.-1`),
              ),
              q((d) => d.from('specimens').select('id, val').in('val', [v, 'zzz'])),
              q((d) => d.from('specimens').select('id, val').like('val', v)),
              q((d) => d.from('specimens').select('id, val').ilike('val', v)),
              q((d) => d.from('specimens').select('id').eq('num', v)),
              q((d) => d.rpc('greet', { name: v })),
              q((d) => d.rpc('greet', { name: v }, { get: true })),
              q((d) =>
                d
                  .from('tasks')
                  .insert({ tag, slug: v, title: v, labels: [v], meta: { [v]: v } })
                  .select('slug, title, labels, meta'),
              ),
            ]);

          // eq, not.neq and a quoted value inside or=(…): any text is legal: exactly the one row.
          for (const [op, o] of [
            ['eq', eq],
            ['not neq', notNeq],
            ['or quoted', orQuoted],
          ] as const) {
            expect(o.error, what(op)).toBeNull();
            expect(byId(o.data), what(op)).toEqual(exact);
          }

          // in: both clients leave a value unquoted unless it holds `,` `(` `)` (supabase-rx also
          // quotes and escapes `"` `\`, supabase-js sends them raw); PostgREST ignores spaces
          // around list items, so edge whitespace is lost. Then: never other rows.
          const unquotable = (client === 'supabase-js' && /["\\]/.test(v)) || /^\s|\s$/.test(v);
          if (unquotable) {
            if (inList.error) expectCleanRefusal(inList, what('in'));
            else
              for (const row of inList.data as { val: string }[])
                expect([v, 'zzz'], what('in')).toContain(row.val);
          } else {
            expect(inList.error, what('in')).toBeNull();
            expect(byId(inList.data), what('in')).toEqual(exact);
          }

          for (const [op, o] of [
            ['like', like],
            ['ilike', ilike],
          ] as const) {
            const expected = patterns[op];
            if (expected === null || o.error) expectCleanRefusal(o, what(op));
            else expect(byId(o.data), what(op)).toEqual(byId(expected));
          }

          // an integer column: a 4xx for anything but a number
          if (/^\s*\d+\s*$/.test(v)) expect(num.error, what('num')).toBeNull();
          else expectCleanRefusal(num, what('eq on an integer'));

          // rpc arguments: in a JSON body always the value; in a query string a value such as
          // `eq.1` may read as a filter, and then a PostgREST error is right too.
          expect(rpcPost.error, what('rpc')).toBeNull();
          expect(rpcPost.data, what('rpc')).toBe(greeting);
          if (rpcGet.error) expectCleanRefusal(rpcGet, what('rpc get'));
          else expect(rpcGet.data, what('rpc get')).toBe(greeting);

          // a body value is stored verbatim
          expect(ins.error, what('insert')).toBeNull();
          expect(ins.data, what('insert')).toEqual([
            { slug: v, title: v, labels: [v], meta: { [v]: v } },
          ]);
          expect(ins.data, what('insert')).toEqual(
            await jsonRows(db, 'select slug, title, labels, meta from tasks where tag = $1', [tag]),
          );
        }),
      );
    });
  });

  suite.describeIf(['rest-read'], 'identifiers', () => {
    it.each(IDENTIFIERS.map((id) => [label(id), id] as const))(
      'identifier %s',
      async (_name, ident) => {
        const total = (await jsonValue(db, 'select count(*) from specimens')) as number;
        for (const client of CLIENTS) {
          const what = (op: string) => `${client} ${op} ${label(ident)}`;
          const outcomes: [string, Outcome][] = [
            ['select', await settle(client, (d) => d.from('specimens').select(ident))],
            [
              'filter',
              await settle(client, (d) => d.from('specimens').select('id').eq(ident, 'x')),
            ],
            ['order', await settle(client, (d) => d.from('specimens').select('id').order(ident))],
          ];
          if (ident !== '') {
            outcomes.push(['table', await settle(client, (d) => d.from(ident).select('*'))]);
            outcomes.push(['function', await settle(client, (d) => d.rpc(ident, {}))]);
          }
          outcomes.push([
            'argument',
            await settle(client, (d) => d.rpc('greet', { [ident]: 'x' })),
          ]);
          for (const [op, o] of outcomes) {
            if (o.error || op === 'table') {
              // no table has such a name
              expectCleanRefusal(o, what(op));
            } else if (op === 'filter') {
              // accepted only as the real column `val` (e.g. after trimming): then its rows
              expect(o.data, what(op)).toEqual(
                await jsonRows(db, `select id from specimens where val = 'x'`),
              );
            } else {
              // accepted as a real column: then every row, nothing else
              expect((o.data as unknown[]).length, what(op)).toBe(total);
            }
          }
        }
      },
    );

    it('nothing was dropped or changed by the corpus', async () => {
      expect(await countTables()).toEqual(tables);
    });
  });
});
