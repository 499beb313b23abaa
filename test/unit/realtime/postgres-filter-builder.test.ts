import { postgresChangesFilter as theirs } from '@supabase/realtime-js';
import { describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import {
  postgresChangesFilter,
  type PostgresFilterBuilder,
} from '../../../src/realtime/postgres-filter-builder.js';
import { postgresBinding } from '../../../src/realtime/postgres-filter.js';

type Call = [method: string, ...args: unknown[]];

function run(builder: unknown, calls: Call[]): string {
  let b = builder as Record<string, (...a: unknown[]) => unknown>;
  for (const [method, ...args] of calls) b = b[method](...args) as typeof b;
  return (b as unknown as { build(): string }).build();
}

describe('postgresChangesFilter, equal to realtime-js 2.119', () => {
  it.each<[string, Call[]]>([
    ['empty', []],
    ['eq number', [['eq', 'room_id', 1]]],
    [
      'and',
      [
        ['gt', 'id', 0],
        ['lt', 'id', 100],
      ],
    ],
    [
      'every scalar operator',
      [
        ['neq', 'a', 'x'],
        ['gte', 'b', 2.5],
        ['lte', 'c', -1],
        ['like', 'd', '%f_o%'],
        ['ilike', 'e', 'A*'],
        ['match', 'f', '^a'],
        ['imatch', 'g', 'b$'],
        ['isDistinct', 'h', null],
      ],
    ],
    [
      'booleans and null',
      [
        ['eq', 'a', true],
        ['eq', 'b', false],
        ['eq', 'c', null],
      ],
    ],
    [
      'quoting: comma, parens, quote, backslash',
      [
        ['eq', 'a', 'x,y'],
        ['eq', 'b', '(z)'],
        ['eq', 'c', 'say "hi"'],
        ['eq', 'd', 'a\\b'],
      ],
    ],
    [
      'quoting: surrounding whitespace',
      [
        ['eq', 'a', ' padded'],
        ['eq', 'b', 'tail '],
        ['eq', 'c', 'in side'],
      ],
    ],
    ['in', [['in', 'status', ['draft', 'archived']]]],
    ['in dedupes, quotes and keeps types apart', [['in', 'x', [1, '1', 1, 'a,b', true]]]],
    ['in with one scalar', [['in', 'x', 'solo' as never]]],
    [
      'is',
      [
        ['is', 'a', null],
        ['is', 'b', true],
        ['is', 'c', 'unknown'],
      ],
    ],
    [
      'not',
      [
        ['not', 'status', 'in', ['draft', 'archived']],
        ['not', 'a', 'eq', 'x,y'],
        ['not', 'b', 'is', null],
      ],
    ],
  ])('%s', (_name, calls) => {
    expect(run(postgresChangesFilter(), calls)).toBe(run(theirs(), calls));
  });

  it('is immutable: a builder can be shared and extended twice', () => {
    const base = postgresChangesFilter().eq('room', 1);
    const a = base.gt('id', 5);
    const b = base.lt('id', 3);
    expect([base.build(), a.build(), b.build()]).toEqual([
      'room=eq.1',
      'room=eq.1,id=gt.5',
      'room=eq.1,id=lt.3',
    ]);
    expect(String(a)).toBe('room=eq.1,id=gt.5');
  });

  it('rejects an empty in list as realtime-js does', () => {
    expect(() => theirs().in('x', [])).toThrow('Realtime `in` filter requires at least one value.');
    expect(() => postgresChangesFilter().in('x', [])).toThrow(
      new RealtimeError('Realtime `in` filter requires at least one value.', 'invalid_filter'),
    );
  });

  it('serialises inside a binding', () => {
    const filter: PostgresFilterBuilder = postgresChangesFilter().eq('room_id', 1);
    expect(postgresBinding({ event: 'INSERT', schema: 'public', table: 'm', filter }).filter).toBe(
      'room_id=eq.1',
    );
  });
});
