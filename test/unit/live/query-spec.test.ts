import { describe, expect, it } from 'vitest';
import { liveSpec } from '../../../src/live/query-spec.js';
import { testClient } from '../db/helpers.js';

const { db } = testClient();
const spec = (q: { state: Parameters<typeof liveSpec>[0] }, pk = ['id']) => liveSpec(q.state, pk);

describe('liveSpec', () => {
  it('reads table, schema, filters, order, limit and a server filter', () => {
    const s = spec(
      db
        .from('movies')
        .select('id, title, year')
        .gte('year', 1990)
        .like('title', 'H%')
        .order('year', { ascending: false })
        .limit(10),
    );
    expect(s).toMatchObject({
      schema: 'public',
      table: 'movies',
      limit: 10,
      serverFilter: 'year=gte.1990',
    });
    expect(s.refetchReason).toBeUndefined();
    expect(s.order).toEqual([{ column: 'year', ascending: false, nullsFirst: true }]);
    expect(s.matches({ id: 1, title: 'Heat', year: 1995 })).toBe(true);
    expect(s.matches({ id: 1, title: 'Heat', year: 1985 })).toBe(false);
    expect(s.project({ id: 1, title: 'Heat', year: 1995, budget: 60 })).toEqual({
      id: 1,
      title: 'Heat',
      year: 1995,
    });
  });

  it('takes the first filter a Realtime filter can express', () => {
    expect(spec(db.from('t').select().like('a', 'x%').in('b', [1, 2])).serverFilter).toBe(
      'b=in.(1,2)',
    );
    expect(spec(db.from('t').select().not('a', 'eq', 1)).serverFilter).toBeUndefined();
    expect(spec(db.from('t').select().or('a.eq.1,b.eq.2')).serverFilter).toBeUndefined();
  });

  it('projects aliases', () => {
    const s = spec(db.from('t').select('id, label:title'));
    expect(s.project({ id: 1, title: 'x' })).toEqual({ id: 1, label: 'x' });
  });

  it.each([
    ['an embed', db.from('t').select('id, actors(name)'), 'select actors(name)'],
    ['a cast', db.from('t').select('id, year::text'), 'select year::text'],
    ['a JSON path filter', db.from('t').select().eq('doc->>a', 'x'), 'JSON path'],
    ['an embedded filter', db.from('t').select('id, a(*)').eq('a.x', 1), 'embedded'],
    ['full-text search', db.from('t').select().textSearch('body', 'cat'), 'operator fts'],
    ['nested or', db.from('t').select().or('a.eq.1,and(b.eq.2,c.eq.3)'), 'nested logic'],
    ['an offset', db.from('t').select().range(10, 19), 'offset'],
    ['no key in the select', db.from('t').select('title'), 'select without id'],
    [
      'an aliased order column',
      db.from('t').select('id, y:year').order('year'),
      'select without year',
    ],
  ])('falls back to refetching for %s', (_, q, reason) => {
    expect(spec(q).refetchReason).toContain(reason);
  });

  it('keeps range(0, n) incremental (offset 0)', () => {
    const s = spec(db.from('t').select().order('id').range(0, 9));
    expect(s.refetchReason).toBeUndefined();
    expect(s.limit).toBe(10);
  });

  it('refuses what is not a select on a table', () => {
    expect(() => spec(db.from('t').insert({ a: 1 }))).toThrow(/needs a select/);
    expect(() => spec(db.rpc('fn', {}, { get: true }))).toThrow(/rpc/);
  });
});
