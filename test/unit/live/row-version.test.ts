import { describe, expect, it } from 'vitest';
import { compareVersions, isOlder } from '../../../src/live/row-version.js';

describe('compareVersions', () => {
  it.each([
    // [a, b, sign of a − b, or undefined when they cannot be compared]
    [1, 2, -1],
    [2, 2, 0],
    [3, 2, 1],
    [7, '12', -1], // a bigint column as text on one side
    ['9007199254740993', '9007199254740992', 1], // past a double's integers
    ['1.5', '1.25', 1], // numeric
    ['1e3', 999, 1],
    // PostgREST's and Realtime's forms of one timestamptz are equal.
    ['2026-12-04T13:00:00.123456+00:00', '2026-12-04 13:00:00.123456+00', 0],
    ['2026-12-04T13:00:00.5+00:00', '2026-12-04 13:00:00.25+00', 1],
    ['2026-12-04T13:00:00.000001Z', '2026-12-04T13:00:00Z', 1],
    // The same instant in two zones.
    ['2026-12-04T14:30:00+01:30', '2026-12-04T13:00:00+00:00', 0],
    ['2026-12-04T08:00:00-05', '2026-12-04T13:00:00Z', 0],
    // A `timestamp` (no zone) on both sides.
    ['2026-12-04T13:00:00.1', '2026-12-04 13:00:00.2', -1],
    ['b', 'a', 1], // other text by code point
    [null, 1, undefined],
    [1, undefined, undefined],
    [true, 1, undefined],
  ] as const)('%j vs %j → %s', (a, b, sign) => {
    const d = compareVersions(a, b);
    expect(d === undefined ? undefined : Math.sign(d)).toBe(sign);
  });
});

describe('isOlder', () => {
  it.each([
    [{ v: 1 }, { v: 2 }, 'v', true],
    [{ v: 2 }, { v: 2 }, 'v', false],
    [{ v: 3 }, { v: 2 }, 'v', false],
    [{ v: 1 }, undefined, 'v', false], // nothing shown
    [{ v: 1 }, { v: 2 }, undefined, false], // no version column
    [{ v: null }, { v: 2 }, 'v', false], // cannot tell: applied
  ] as const)('%j over %j (%s) → %s', (row, shown, version, older) => {
    expect(isOlder(row, shown, version)).toBe(older);
  });
});
