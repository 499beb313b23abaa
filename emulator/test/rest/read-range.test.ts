import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/rest/parse/index.js';
import { contentRange, rangeStatus, rootRange } from '../../src/rest/read/range.js';

const parsed = (query: string, range?: string) =>
  parseRequest({
    method: 'GET',
    path: '/t',
    query,
    headers: new Headers(range ? { range } : {}),
    schemas: ['public'],
  });

describe('rootRange', () => {
  it.each<[string, string | undefined, number | undefined, object]>([
    ['', undefined, undefined, { offset: 0 }],
    ['', undefined, 1000, { offset: 0, limit: 1000 }],
    ['limit=10', undefined, 1000, { offset: 0, limit: 10 }],
    ['limit=5000', undefined, 1000, { offset: 0, limit: 1000 }],
    ['limit=10&offset=20', undefined, 1000, { offset: 20, limit: 10 }],
    ['offset=20', undefined, 3, { offset: 20, limit: 3 }],
    ['', '5-9', 1000, { offset: 5, limit: 5 }],
    ['', '5-', 1000, { offset: 5, limit: 1000 }],
    ['limit=3', '2-9', 1000, { offset: 2, limit: 1 }],
    ['limit=0', undefined, 1000, { offset: 0, limit: 0 }],
    ['actors.limit=1', undefined, undefined, { offset: 0 }],
  ])('%s with Range %s and max rows %s', (query, range, maxRows, expected) => {
    expect(rootRange(parsed(query, range), maxRows)).toEqual(expected);
  });
});

describe('contentRange and rangeStatus', () => {
  it.each<[number, number, number | undefined, string, number]>([
    [0, 10, undefined, '0-9/*', 200],
    [0, 0, undefined, '*/*', 200],
    [0, 0, 0, '*/0', 200],
    [0, 3, 3, '0-2/3', 200],
    [0, 2, 3, '0-1/3', 206],
    [5, 5, 25, '5-9/25', 206],
    [3, 0, 3, '*/3', 206],
    [10, 0, 3, '*/3', 416],
  ])('offset %i, %i rows, total %s', (offset, page, total, header, status) => {
    expect(contentRange(offset, page, total)).toBe(header);
    expect(rangeStatus(offset, page, total)).toBe(status);
  });
});
