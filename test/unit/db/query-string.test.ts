import { describe, expect, it } from 'vitest';
import { queryString } from '../../../src/db/query-string.js';
import type { QueryParam } from '../../../src/db/state.js';

/** What supabase-js sends: `URLSearchParams`' own serialisation. */
const reference = (params: QueryParam[]) =>
  new URLSearchParams(params as unknown as string[][]).toString();

// Every ASCII character, on both sides of `=`, and the non-ASCII cases URLSearchParams handles
// (UTF-8 of 2, 3 and 4 bytes, lone surrogates as U+FFFD).
const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('');
const cases: [string, QueryParam[]][] = [
  ['no parameters', []],
  [
    'plain',
    [
      ['select', '*'],
      ['id', 'eq.1'],
    ],
  ],
  [
    'a column list and a space',
    [
      ['select', 'id,title'],
      ['title', 'eq.The Matrix'],
    ],
  ],
  ["!'()~ and +", [['title', "eq.(it's) ~ ok! 1+1"]]],
  ['every ASCII character as a value', [['v', ascii]]],
  ['every ASCII character as a key', [[ascii, 'v']]],
  ['empty key and value', [['', '']]],
  [
    'UTF-8',
    [
      ['name', 'eq.Amélie'],
      ['city', 'in.(東京,Zürich)'],
      ['emoji', 'eq.🎬'],
    ],
  ],
  [
    'lone surrogates',
    [
      ['a', 'x\uD800y'],
      ['\uDFFF', 'z'],
    ],
  ],
  ['non-ASCII after escapes', [['q', 'a b,ü']]],
];

describe('queryString', () => {
  it.each(cases)('%s: as URLSearchParams serialises it', (_name, params) => {
    expect(queryString(params)).toBe(reference(params));
  });

  it('agrees with URLSearchParams on random text', () => {
    // A fixed-seed generator: ASCII mostly, some non-ASCII and surrogates.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = () => {
      const r = random();
      if (r < 0.8) return String.fromCharCode(Math.floor(random() * 128));
      if (r < 0.9) return String.fromCharCode(0x80 + Math.floor(random() * 0x700));
      return String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
    };
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: Math.floor(random() * 12) }, pick).join('');
      const params: QueryParam[] = [
        [text, text],
        ['k', text],
      ];
      expect(queryString(params)).toBe(reference(params));
    }
  });
});
