import { describe, expect, it } from 'vitest';
import {
  compileFilter,
  likeRegExp,
  parseList,
  UnsupportedFilter,
} from '../../../src/live/filter-eval.js';
import { compileLogic } from '../../../src/live/logic-filter.js';

type Case = [column: string, expr: string, row: Record<string, unknown>, expected: boolean];

const CASES: Case[] = [
  ['year', 'eq.1999', { year: 1999 }, true],
  ['year', 'eq.1999', { year: 2000 }, false],
  ['year', 'eq.1999', { year: null }, false],
  ['year', 'neq.1999', { year: 2000 }, true],
  ['year', 'neq.1999', { year: null }, false], // NULL <> x is unknown
  ['year', 'gt.10', { year: 9 }, false], // numeric, not text, comparison
  ['year', 'gt.9', { year: 10 }, true],
  ['year', 'gte.10', { year: 10 }, true],
  ['year', 'lt.10', { year: 10 }, false],
  ['year', 'lte.10', { year: 10 }, true],
  ['price', 'gt.1.5', { price: 1.75 }, true],
  ['title', 'eq.Heat', { title: 'Heat' }, true],
  ['title', 'lt.b', { title: 'a' }, true],
  ['title', 'gt.B', { title: 'a' }, true], // C collation: lower case after upper case
  ['title', 'like.He%', { title: 'Heat' }, true],
  ['title', 'like.*ea*', { title: 'Heat' }, true], // PostgREST's * wildcard
  ['title', 'like.he%', { title: 'Heat' }, false],
  ['title', 'ilike.he%', { title: 'Heat' }, true],
  ['title', 'like.H_at', { title: 'Heat' }, true],
  ['title', 'like.H_t', { title: 'Heat' }, false],
  ['title', 'like.a.b%', { title: 'axb' }, false], // . is literal
  ['title', 'like.100\\%', { title: '100%' }, true],
  ['title', 'like.%', { title: null }, false],
  ['done', 'is.true', { done: true }, true],
  ['done', 'is.true', { done: null }, false],
  ['done', 'is.false', { done: false }, true],
  ['done', 'is.null', { done: null }, true],
  ['done', 'is.null', { done: false }, false],
  ['done', 'not.is.null', { done: false }, true],
  ['done', 'eq.true', { done: true }, true],
  ['done', 'eq.false', { done: true }, false],
  ['id', 'in.(1,2,3)', { id: 2 }, true],
  ['id', 'in.(1,2,3)', { id: 4 }, false],
  ['id', 'not.in.(1,2,3)', { id: 4 }, true],
  ['id', 'not.in.(1,2,3)', { id: null }, false],
  ['name', 'in.("a,b",c)', { name: 'a,b' }, true],
  ['name', 'in.()', { name: 'a' }, false],
  ['tags', 'cs.{a,b}', { tags: ['a', 'b', 'c'] }, true],
  ['tags', 'cs.{a,d}', { tags: ['a', 'b'] }, false],
  ['tags', 'cd.{a,b,c}', { tags: ['a', 'b'] }, true],
  ['tags', 'cd.{a}', { tags: ['a', 'b'] }, false],
  ['year', 'not.eq.1999', { year: 2000 }, true],
  ['year', 'not.eq.1999', { year: null }, false], // NOT unknown is unknown
  ['year', 'isdistinct.1999', { year: null }, true],
  ['year', 'isdistinct.1999', { year: 1999 }, false],
  ['uid', 'eq.3f1c-xx', { uid: '3f1c-xx' }, true],
];

describe('compileFilter', () => {
  it.each(CASES)('%s=%s on %j → %s', (column, expr, row, expected) => {
    expect(compileFilter(column, expr)(row)).toBe(expected);
  });

  it.each([
    ['body', 'fts.cat'],
    ['body', 'plfts.cat'],
    ['body', 'match.^a'],
    ['doc->a', 'eq.1'],
    ['actors.name', 'eq.x'],
    ['doc', 'cs.{"a":1}'.replace('{', '[')],
    ['x', 'is.maybe'],
    ['x', 'nodot'],
  ])('refuses %s=%s (not evaluated on the client)', (column, expr) => {
    expect(() => compileFilter(column, expr)).toThrow(UnsupportedFilter);
  });
});

type LogicCase = [key: string, value: string, row: Record<string, unknown>, expected: boolean];

const LOGIC: LogicCase[] = [
  ['or', '(year.lt.1990,title.eq.Heat)', { year: 1995, title: 'Heat' }, true],
  ['or', '(year.lt.1990,title.eq.Heat)', { year: 1995, title: 'Alien' }, false],
  ['or', '(year.lt.1990,title.eq.Heat)', { year: 1980, title: 'Alien' }, true],
  ['and', '(year.gte.1990,year.lt.2000)', { year: 1995 }, true],
  ['and', '(year.gte.1990,year.lt.2000)', { year: 2001 }, false],
  ['not.or', '(year.lt.1990,title.eq.Heat)', { year: 1995, title: 'Alien' }, true],
  ['not.and', '(year.gte.1990,year.lt.2000)', { year: 1995 }, false],
  // unknown OR false is unknown; NOT unknown is unknown: the row is out.
  ['not.or', '(year.lt.1990,title.eq.Heat)', { year: null, title: 'Alien' }, false],
  // unknown OR true is true.
  ['or', '(year.lt.1990,title.eq.Heat)', { year: null, title: 'Heat' }, true],
  ['or', '(title.in.("a,b",c),year.not.eq.1)', { title: 'a,b', year: 1 }, true],
];

describe('compileLogic', () => {
  it.each(LOGIC)('%s=%s on %j → %s', (key, value, row, expected) => {
    expect(compileLogic(key, value)(row) === true).toBe(expected);
  });

  it.each([
    ['or', '(a.eq.1,and(b.eq.2,c.eq.3))'],
    ['and', '(a.eq.1,not.or(b.eq.2,c.eq.3))'],
    ['or', 'a.eq.1'],
    ['or', '(body.fts.cat)'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => compileLogic(key, value)).toThrow(UnsupportedFilter);
  });
});

describe('helpers', () => {
  it('parseList keeps quoted commas and escapes', () => {
    expect(parseList('(1,"a,b","c\\"d")', '(', ')')).toEqual(['1', 'a,b', 'c"d']);
  });
  it('likeRegExp anchors the pattern', () => {
    expect(likeRegExp('ab', false).test('xaby')).toBe(false);
  });
});
