import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/rest/ast.js';
import {
  parseAccept,
  parseLogic,
  parseOrder,
  parsePrefer,
  parseRangeHeader,
  parseRequest,
} from '../../src/rest/parse/index.js';
import { errorOf } from './read-errors-helper.js';

describe('parseLogic', () => {
  const f = (
    name: string,
    operator: string,
    value: string | string[],
    negated = false,
  ): Condition =>
    ({ type: 'filter', field: { name, jsonPath: [] }, negated, operator, value }) as Condition;

  it.each<[string, boolean, string, Condition[]]>([
    ['or', false, '(id.eq.2,name.eq.Han)', [f('id', 'eq', '2'), f('name', 'eq', 'Han')]],
    ['and', true, '(a.gte.0,a.lte.100)', [f('a', 'gte', '0'), f('a', 'lte', '100')]],
    ['or', false, '(a.in.(1,2),b.eq."x,y)")', [f('a', 'in', ['1', '2']), f('b', 'eq', 'x,y)')]],
    [
      'or',
      false,
      '(tags.cs.{a,b},c.not.is.null)',
      [f('tags', 'cs', '{a,b}'), f('c', 'is', 'null', true)],
    ],
    [
      'or',
      false,
      '(a.eq.1,and(b.gt.2,not.or(c.lt.3,d.eq.4)))',
      [
        f('a', 'eq', '1'),
        {
          type: 'logic',
          operator: 'and',
          negated: false,
          children: [
            f('b', 'gt', '2'),
            {
              type: 'logic',
              operator: 'or',
              negated: true,
              children: [f('c', 'lt', '3'), f('d', 'eq', '4')],
            },
          ],
        },
      ],
    ],
  ])('%s %s %s', (op, negated, value, children) => {
    expect(parseLogic(op as 'and' | 'or', negated, value)).toEqual({
      type: 'logic',
      operator: op,
      negated,
      children,
    });
  });

  it.each(['()', '(a.eq.1', 'a.eq.1', '(a.eq.1,xor(b.eq.2))', '(a.eqq.1)'])(
    'rejects %s',
    (value) => {
      expect(errorOf(() => parseLogic('or', false, value)).body.code).toBe('PGRST100');
    },
  );
});

describe('parseOrder', () => {
  it.each<[string, object[]]>([
    ['id', [{ field: { name: 'id', jsonPath: [] } }]],
    [
      'a.asc,b.desc.nullsfirst,c.nullslast',
      [
        { field: { name: 'a', jsonPath: [] }, direction: 'asc' },
        { field: { name: 'b', jsonPath: [] }, direction: 'desc', nulls: 'first' },
        { field: { name: 'c', jsonPath: [] }, nulls: 'last' },
      ],
    ],
    [
      'data->k.desc',
      [{ field: { name: 'data', jsonPath: [{ arrow: '->', key: 'k' }] }, direction: 'desc' }],
    ],
  ])('%s', (input, expected) => {
    expect(parseOrder(input)).toEqual(expected);
  });

  it('reads related orders', () => {
    expect(parseOrder('director(name).desc,id')).toEqual([
      { field: { name: 'name', jsonPath: [] }, relation: 'director', direction: 'desc' },
      { field: { name: 'id', jsonPath: [] } },
    ]);
  });

  it.each(['id.ac', 'id.descc', 'id.asc.nulls', ''])('rejects %s', (input) => {
    expect(errorOf(() => parseOrder(input)).body.code).toBe('PGRST100');
  });
});

describe('headers', () => {
  it('parses Prefer tokens, first value wins, unknown kept', () => {
    expect(
      parsePrefer(
        'count=exact, missing=default, return=representation,return=minimal, foo=bar, max-affected=5, handling=strict, tx=rollback',
      ),
    ).toEqual({
      count: 'exact',
      missing: 'default',
      return: 'representation',
      maxAffected: 5,
      handling: 'strict',
      tx: 'rollback',
      unknown: ['foo=bar'],
    });
    expect(parsePrefer(null)).toEqual({ unknown: [] });
  });

  it.each<[string | null, object]>([
    [null, { type: 'json' }],
    ['*/*', { type: 'json' }],
    ['application/json', { type: 'json' }],
    ['application/vnd.pgrst.object+json', { type: 'object' }],
    ['application/vnd.pgrst.object+json;nulls=stripped', { type: 'object', stripNulls: true }],
    ['application/vnd.pgrst.array+json;nulls=stripped', { type: 'array', stripNulls: true }],
    ['text/csv', { type: 'csv' }],
    ['application/geo+json', { type: 'geojson' }],
    ['text/html, application/json;q=0.9', { type: 'json' }],
    [
      'application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"; options=analyze|verbose;',
      {
        type: 'plan',
        format: 'json',
        for: 'application/vnd.pgrst.object+json',
        options: ['analyze', 'verbose'],
      },
    ],
    [
      'application/vnd.pgrst.plan+text; for="application/json"; options=;',
      { type: 'plan', format: 'text', for: 'application/json', options: [] },
    ],
  ])('Accept %s', (header, expected) => {
    expect(parseAccept(header)).toEqual(expected);
  });

  it('refuses unknown media types with PGRST107', () => {
    expect(errorOf(() => parseAccept('text/html, image/png')).body).toEqual({
      code: 'PGRST107',
      details: null,
      hint: null,
      message: 'None of these media types are available: text/html, image/png',
    });
  });

  it('parses Range and rejects inverted ones', () => {
    expect(parseRangeHeader('0-9')).toEqual({ from: 0, to: 9 });
    expect(parseRangeHeader('items=5-')).toEqual({ from: 5 });
    expect(parseRangeHeader('bytes')).toBeUndefined();
    expect(errorOf(() => parseRangeHeader('5-1')).status).toBe(416);
  });
});

describe('parseRequest', () => {
  const req = (
    query: string,
    headers: Record<string, string> = {},
    method = 'GET',
    path = '/movies',
  ) =>
    parseRequest({
      method,
      path,
      query,
      headers: new Headers(headers),
      schemas: ['public', 'api'],
    });

  it('sorts keys into select, filters by embed path, orders, ranges and rpc args', () => {
    const p = req(
      '?select=id,actors(name)&id=eq.1&actors.name=like.K*&or=(a.eq.1,b.eq.2)&actors.or=(name.eq.x)&not.and=(a.eq.1)&order=id.desc&actors.order=name&limit=10&offset=5&actors.limit=2&apikey=xyz&flag=true&word=not.x',
    );
    expect(p.target).toEqual({ kind: 'relation', name: 'movies' });
    expect(p.schema).toBe('public');
    expect(p.read.select).toHaveLength(2);
    expect(p.read.filters.map((f) => [f.path, f.condition.type])).toEqual([
      [[], 'filter'],
      [['actors'], 'filter'],
      [[], 'logic'],
      [['actors'], 'logic'],
      [[], 'logic'],
    ]);
    expect((p.read.filters[4].condition as { negated: boolean }).negated).toBe(true);
    expect(p.read.orders).toEqual([
      { path: [], terms: [{ field: { name: 'id', jsonPath: [] }, direction: 'desc' }] },
      { path: ['actors'], terms: [{ field: { name: 'name', jsonPath: [] } }] },
    ]);
    expect(p.read.ranges).toEqual([
      { path: [], limit: 10, offset: 5 },
      { path: ['actors'], limit: 2 },
    ]);
    expect(p.rpcArgs).toEqual([
      ['apikey', 'xyz'],
      ['flag', 'true'],
      ['word', 'not.x'],
    ]);
  });

  it('decodes + as space, reads columns and on_conflict', () => {
    const p = req('name=eq.a+b&columns="a","c d"&on_conflict=id,slug', {}, 'POST');
    expect((p.read.filters[0].condition as { value: string }).value).toBe('a b');
    expect(p.columns).toEqual(['a', 'c d']);
    expect(p.onConflict).toEqual(['id', 'slug']);
  });

  it('targets rpc, picks the profile per method, reads Prefer/Accept/Range', () => {
    const p = req(
      'a=1',
      { 'content-profile': 'api', prefer: 'count=exact', accept: 'text/csv', range: '0-4' },
      'POST',
      '/rpc/fn',
    );
    expect(p.target).toEqual({ kind: 'rpc', name: 'fn' });
    expect(p.schema).toBe('api');
    expect(p.prefer.count).toBe('exact');
    expect(p.accept).toEqual({ type: 'csv' });
    expect(p.rangeHeader).toEqual({ from: 0, to: 4 });
    expect(p.rpcArgs).toEqual([['a', '1']]);
    expect(req('', { 'accept-profile': 'api' }).schema).toBe('api');
  });

  it('refuses unknown schemas, bad paths, negative limits', () => {
    expect(errorOf(() => req('', { 'accept-profile': 'private' })).body).toMatchObject({
      code: 'PGRST106',
      message: 'Invalid schema: private',
    });
    expect(errorOf(() => req('', {}, 'GET', '/a/b')).status).toBe(404);
    expect(errorOf(() => req('', {}, 'GET', '/%E0%A4%A')).body.code).toBe('PGRST125');
    expect(errorOf(() => req('limit=-1')).body.code).toBe('PGRST103');
    expect(req('limit=abc').read.ranges).toEqual([{ path: [] }]);
  });
});
