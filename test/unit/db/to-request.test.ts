import { describe, expect, it } from 'vitest';
import { toRequest } from '../../../src/db/to-request.js';
import type { QueryState } from '../../../src/db/state.js';
import { BASE, testClient } from './helpers.js';

const { db } = testClient();
const t = () => db.from('t');

interface Expected {
  method: string;
  /** path + query after `/rest/v1`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

// Expected values are what supabase-js 2.119.1 sends (protocol.md §2 captures, and
// test/conformance which checks the same calls against the real client).
const cases: [string, () => { state: QueryState }, Expected][] = [
  ['select default', () => t().select(), { method: 'GET', path: '/t?select=*' }],
  [
    'select column cleaning',
    () => t().select('id, name,\n cities ( name ), "first name"'),
    { method: 'GET', path: '/t?select=id%2Cname%2Ccities%28name%29%2C%22first+name%22' },
  ],
  [
    'select count + head',
    () => t().select('*', { count: 'exact', head: true }),
    { method: 'HEAD', path: '/t?select=*', headers: { prefer: 'count=exact' } },
  ],
  ['eq', () => t().select().eq('a', 1), { method: 'GET', path: '/t?select=*&a=eq.1' }],
  ['neq', () => t().select().neq('a', 'x y'), { method: 'GET', path: '/t?select=*&a=neq.x+y' }],
  [
    'gt gte lt lte',
    () => t().select().gt('a', 1).gte('a', 2).lt('a', 3).lte('a', 4),
    {
      method: 'GET',
      path: '/t?select=*&a=gt.1&a=gte.2&a=lt.3&a=lte.4',
    },
  ],
  [
    'like %',
    () => t().select().like('a', '%x%'),
    { method: 'GET', path: '/t?select=*&a=like.%25x%25' },
  ],
  ['ilike', () => t().select().ilike('a', 'X*'), { method: 'GET', path: '/t?select=*&a=ilike.X*' }],
  [
    'likeAllOf',
    () => t().select().likeAllOf('a', ['%a%', 'b']),
    {
      method: 'GET',
      path: '/t?select=*&a=like%28all%29.%7B%25a%25%2Cb%7D',
    },
  ],
  [
    'likeAnyOf',
    () => t().select().likeAnyOf('a', ['x']),
    {
      method: 'GET',
      path: '/t?select=*&a=like%28any%29.%7Bx%7D',
    },
  ],
  [
    'ilikeAllOf / AnyOf',
    () => t().select().ilikeAllOf('a', ['x']).ilikeAnyOf('b', ['y']),
    {
      method: 'GET',
      path: '/t?select=*&a=ilike%28all%29.%7Bx%7D&b=ilike%28any%29.%7By%7D',
    },
  ],
  [
    'regexMatch / IMatch',
    () => t().select().regexMatch('a', '^x$').regexIMatch('b', 'y+'),
    {
      method: 'GET',
      path: '/t?select=*&a=match.%5Ex%24&b=imatch.y%2B',
    },
  ],
  [
    'is null / true',
    () => t().select().is('a', null).is('b', true),
    {
      method: 'GET',
      path: '/t?select=*&a=is.null&b=is.true',
    },
  ],
  [
    'isDistinct',
    () => t().select().isDistinct('a', null),
    { method: 'GET', path: '/t?select=*&a=isdistinct.null' },
  ],
  [
    'in with reserved chars',
    () => t().select().in('a', ['a', 'b,c', 'd(e)', 'f.g', 1, null, 'a']),
    {
      method: 'GET',
      path: '/t?select=*&a=in.%28a%2C%22b%2Cc%22%2C%22d%28e%29%22%2Cf.g%2C1%2Cnull%29',
    },
  ],
  [
    'in empty list',
    () => t().select().in('a', []),
    { method: 'GET', path: '/t?select=*&a=in.%28%29' },
  ],
  [
    'notIn',
    () => t().select().notIn('a', [1, 2]),
    { method: 'GET', path: '/t?select=*&a=not.in.%281%2C2%29' },
  ],
  [
    'in escapes " and \\ (fix)',
    () => t().select().in('a', ['say "hi"', 'c:\\x']),
    {
      method: 'GET',
      path: '/t?select=*&a=in.%28%22say+%5C%22hi%5C%22%22%2C%22c%3A%5C%5Cx%22%29',
    },
  ],
  [
    'contains string / array / object',
    () =>
      t()
        .select()
        .contains('r', '[1,5)')
        .contains('a', ['x', 'y'])
        .contains('j', { k: [1] }),
    {
      method: 'GET',
      path: '/t?select=*&r=cs.%5B1%2C5%29&a=cs.%7Bx%2Cy%7D&j=cs.%7B%22k%22%3A%5B1%5D%7D',
    },
  ],
  [
    'containedBy',
    () => t().select().containedBy('a', ['x']),
    { method: 'GET', path: '/t?select=*&a=cd.%7Bx%7D' },
  ],
  [
    'range operators',
    () =>
      t()
        .select()
        .rangeGt('r', '[1,2]')
        .rangeGte('r', '(1,2)')
        .rangeLt('r', 'x')
        .rangeLte('r', 'y')
        .rangeAdjacent('r', 'z'),
    {
      method: 'GET',
      path: '/t?select=*&r=sr.%5B1%2C2%5D&r=nxl.%281%2C2%29&r=sl.x&r=nxr.y&r=adj.z',
    },
  ],
  [
    'overlaps',
    () => t().select().overlaps('a', ['x', 'y']).overlaps('r', '[1,2)'),
    {
      method: 'GET',
      path: '/t?select=*&a=ov.%7Bx%2Cy%7D&r=ov.%5B1%2C2%29',
    },
  ],
  [
    'textSearch',
    () =>
      t()
        .select()
        .textSearch('b', "'fat' & 'cat'", { config: 'english' })
        .textSearch('c', 'cat', { type: 'plain' })
        .textSearch('d', 'fat cat', { type: 'phrase', config: 'english' })
        .textSearch('e', 'fat or cat', { type: 'websearch' }),
    {
      method: 'GET',
      path: '/t?select=*&b=fts%28english%29.%27fat%27+%26+%27cat%27&c=plfts.cat&d=phfts%28english%29.fat+cat&e=wfts.fat+or+cat',
    },
  ],
  [
    'match skips undefined',
    () => t().select().match({ a: 1, b: 'x', c: undefined }),
    {
      method: 'GET',
      path: '/t?select=*&a=eq.1&b=eq.x',
    },
  ],
  [
    'not',
    () => t().select().not('d', 'is', null).not('e', 'in', '(1,2)'),
    {
      method: 'GET',
      path: '/t?select=*&d=not.is.null&e=not.in.%281%2C2%29',
    },
  ],
  [
    'or + referencedTable + foreignTable',
    () =>
      t()
        .select()
        .or('id.eq.2,name.eq.Han')
        .or('name.eq.x', { referencedTable: 'cities' })
        .or('y.eq.1', { foreignTable: 'f' }),
    {
      method: 'GET',
      path: '/t?select=*&or=%28id.eq.2%2Cname.eq.Han%29&cities.or=%28name.eq.x%29&f.or=%28y.eq.1%29',
    },
  ],
  [
    'filter',
    () => t().select().filter('g', 'not.eq', 5).filter('h', 'in', '(1,2)'),
    {
      method: 'GET',
      path: '/t?select=*&g=not.eq.5&h=in.%281%2C2%29',
    },
  ],
  [
    'order several + referenced',
    () =>
      t()
        .select('*, cities(*)')
        .order('a')
        .order('b', { ascending: false, nullsFirst: true })
        .order('name', { referencedTable: 'cities', nullsFirst: false }),
    {
      method: 'GET',
      path: '/t?select=*%2Ccities%28*%29&order=a.asc%2Cb.desc.nullsfirst&cities.order=name.asc.nullslast',
    },
  ],
  [
    'limit + range (set, not append)',
    () =>
      t()
        .select()
        .limit(10)
        .limit(5, { referencedTable: 'c' })
        .range(10, 19)
        .range(0, 1, { foreignTable: 'c' }),
    {
      method: 'GET',
      path: '/t?select=*&limit=10&c.limit=2&offset=10&c.offset=0',
    },
  ],
  [
    'single',
    () => t().select().single(),
    {
      method: 'GET',
      path: '/t?select=*',
      headers: { accept: 'application/vnd.pgrst.object+json' },
    },
  ],
  [
    'maybeSingle sends no Accept',
    () => t().select().maybeSingle(),
    { method: 'GET', path: '/t?select=*', headers: {} },
  ],
  [
    'csv',
    () => t().select().csv(),
    { method: 'GET', path: '/t?select=*', headers: { accept: 'text/csv' } },
  ],
  [
    'geojson',
    () => t().select().geojson(),
    { method: 'GET', path: '/t?select=*', headers: { accept: 'application/geo+json' } },
  ],
  [
    'explain all options json',
    () =>
      t().select().explain({
        analyze: true,
        verbose: true,
        settings: true,
        buffers: true,
        wal: true,
        format: 'json',
      }),
    {
      method: 'GET',
      path: '/t?select=*',
      headers: {
        accept:
          'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose|settings|buffers|wal;',
      },
    },
  ],
  [
    'explain after single',
    () => t().select().single().explain({ analyze: true }) as never,
    {
      method: 'GET',
      path: '/t?select=*',
      headers: {
        accept:
          'application/vnd.pgrst.plan+text; for="application/vnd.pgrst.object+json"; options=analyze;',
      },
    },
  ],
  [
    'explain no options',
    () => t().select().explain(),
    {
      method: 'GET',
      path: '/t?select=*',
      headers: { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' },
    },
  ],
  [
    'stripNulls',
    () => t().select().stripNulls(),
    {
      method: 'GET',
      path: '/t?select=*',
      headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' },
    },
  ],
  [
    'stripNulls after single',
    () => t().select().stripNulls().single(),
    {
      method: 'GET',
      path: '/t?select=*',
      headers: { accept: 'application/vnd.pgrst.object+json;nulls=stripped' },
    },
  ],
  [
    'setHeader',
    () => t().select().setHeader('X-Trace', 'abc'),
    { method: 'GET', path: '/t?select=*', headers: { 'x-trace': 'abc' } },
  ],
  [
    'insert single',
    () => t().insert({ a: 1 }),
    {
      method: 'POST',
      path: '/t',
      headers: { 'content-type': 'application/json', 'content-profile': 'public' },
      body: '{"a":1}',
    },
  ],
  [
    'insert bulk columns + options + select',
    () =>
      t()
        .insert([{ a: 1 }, { b: 2, 'c d': 3 }], { count: 'exact', defaultToNull: false })
        .select(),
    {
      method: 'POST',
      path: '/t?columns=%22a%22%2C%22b%22%2C%22c+d%22&select=*',
      headers: { prefer: 'count=exact, missing=default, return=representation' },
      body: '[{"a":1},{"b":2,"c d":3}]',
    },
  ],
  [
    'insert bigint',
    () => t().insert({ id: 12345678901234567890n }),
    { method: 'POST', path: '/t', body: '{"id":"12345678901234567890"}' },
  ],
  [
    'upsert',
    () =>
      t()
        .upsert([{ id: 1 }], {
          onConflict: 'id,slug',
          ignoreDuplicates: true,
          count: 'estimated',
          defaultToNull: false,
        })
        .select('id'),
    {
      method: 'POST',
      path: '/t?on_conflict=id%2Cslug&columns=%22id%22&select=id',
      headers: {
        prefer:
          'resolution=ignore-duplicates, count=estimated, missing=default, return=representation',
      },
      body: '[{"id":1}]',
    },
  ],
  [
    'upsert default merge',
    () => t().upsert({ id: 1 }),
    {
      method: 'POST',
      path: '/t',
      headers: { prefer: 'resolution=merge-duplicates' },
      body: '{"id":1}',
    },
  ],
  [
    'update + single',
    () => t().update({ a: 5 }).eq('id', 1).select().single(),
    {
      method: 'PATCH',
      path: '/t?id=eq.1&select=*',
      headers: { accept: 'application/vnd.pgrst.object+json', prefer: 'return=representation' },
      body: '{"a":5}',
    },
  ],
  [
    'delete',
    () => t().delete({ count: 'exact' }).in('id', [1, 2]),
    {
      method: 'DELETE',
      path: '/t?id=in.%281%2C2%29',
      headers: { 'content-type': 'application/json', prefer: 'count=exact' },
    },
  ],
  [
    'rollback + maxAffected',
    () => t().delete().eq('a', 1).rollback().maxAffected(3),
    {
      method: 'DELETE',
      path: '/t?a=eq.1',
      headers: { prefer: 'tx=rollback, handling=strict, max-affected=3' },
    },
  ],
  [
    'rpc POST',
    () => db.rpc('fn', { a: 1, arr: [1, 2] }),
    { method: 'POST', path: '/rpc/fn', body: '{"a":1,"arr":[1,2]}' },
  ],
  ['rpc no args', () => db.rpc('fn'), { method: 'POST', path: '/rpc/fn', body: '{}' }],
  [
    'rpc get',
    () => db.rpc('fn', { a: 1, arr: [1, 2], s: 'x y', u: undefined }, { get: true }),
    {
      method: 'GET',
      path: '/rpc/fn?a=1&arr=%7B1%2C2%7D&s=x+y',
      headers: { 'accept-profile': 'public' },
    },
  ],
  [
    'rpc head count',
    () => db.rpc('fn', { a: 1 }, { head: true, count: 'exact' }),
    { method: 'HEAD', path: '/rpc/fn?a=1', headers: { prefer: 'count=exact' } },
  ],
  [
    'rpc head with object arg',
    () => db.rpc('fn', { a: { b: 1 } }, { head: true, count: 'exact' }),
    {
      method: 'POST',
      path: '/rpc/fn',
      headers: { prefer: 'count=exact,return=minimal' },
      body: '{"a":{"b":1}}',
    },
  ],
  [
    'rpc filters after',
    () => db.rpc('fn', { x: 1 }).select('id').eq('id', 2).limit(1),
    {
      method: 'POST',
      path: '/rpc/fn?select=id&id=eq.2&limit=1',
      headers: { prefer: 'return=representation' },
      body: '{"x":1}',
    },
  ],
  [
    'schema switch GET',
    () => db.schema('other').from('t').select(),
    { method: 'GET', path: '/t?select=*', headers: { 'accept-profile': 'other' } },
  ],
  [
    'schema switch POST',
    () => db.schema('other').from('t').insert({}),
    { method: 'POST', path: '/t', headers: { 'content-profile': 'other' }, body: '{}' },
  ],
  [
    'unicode and awkward',
    () => t().select().eq('name', 'Zoë & co #1 + 100%'),
    {
      method: 'GET',
      path: '/t?select=*&name=eq.Zo%C3%AB+%26+co+%231+%2B+100%25',
    },
  ],
  [
    'table and function names holding ? and # stay in the path',
    () => db.from('what?#x').select(),
    { method: 'GET', path: '/what%3F%23x?select=*' },
  ],
  ['rpc name with ?', () => db.rpc('f?n'), { method: 'POST', path: '/rpc/f%3Fn', body: '{}' }],
  [
    'table name with space',
    () => db.from('my table').select(),
    { method: 'GET', path: '/my%20table?select=*' },
  ],
];

describe('toRequest', () => {
  it.each(cases)('%s', (_name, build, expected) => {
    const req = toRequest(build().state);
    expect(req.method).toBe(expected.method);
    expect(req.url).toBe(BASE + expected.path);
    expect(req.body).toBe(expected.body);
    for (const [k, v] of Object.entries(expected.headers ?? {})) expect(req.headers[k]).toBe(v);
    const read = expected.method === 'GET' || expected.method === 'HEAD';
    expect(req.headers[read ? 'accept-profile' : 'content-profile']).toBeDefined();
    expect(req.headers['content-type']).toBe(read ? undefined : 'application/json');
    if (expected.headers && !('accept' in expected.headers))
      expect(req.headers.accept).toBeUndefined();
  });

  it('matches URLSearchParams encoding for every printable character and unicode', () => {
    let all = '';
    for (let c = 32; c < 127; c++) all += String.fromCharCode(c);
    all += 'é漢字😀\u{1F600}\uD800x\uDC00';
    const req = toRequest(t().select().eq('k', all).state);
    const expected = new URL(BASE + '/t');
    expected.searchParams.set('select', '*');
    expected.searchParams.append('k', `eq.${all}`);
    expect(req.url).toBe(expected.toString());
  });

  it('passes retry and the abort signal through', () => {
    const signal = new AbortController().signal;
    const req = toRequest(t().select().retry(false).abortSignal(signal).state);
    expect(req.retry).toBe(false);
    expect(req.signal).toBe(signal);
  });
});
