import { describe, expect, it } from 'vitest';
import { RestError, type Preferences } from '../../src/rest/ast.js';
import { fromPgrstRaise, PgrstRaiseError, failureResponse } from '../../src/rest/write/pg-error.js';
import {
  checkStrictPreferences,
  contentRange,
  preferenceApplied,
  reasonPhrase,
} from '../../src/rest/write/respond.js';

describe('contentRange', () => {
  it.each([
    [1, 0, undefined, '*/*'],
    [1, 0, 3, '*/3'],
    [0, 4, undefined, '0-4/*'],
    [0, 0, 1, '0-0/1'],
    [0, -1, undefined, '*/*'],
    [0, -1, 0, '*/0'],
    [10, 19, 573, '10-19/573'],
  ])('(%i, %i, %s) → %s', (lower, upper, total, expected) =>
    expect(contentRange(lower, upper, total)).toBe(expected),
  );
});

describe('preferenceApplied', () => {
  const all: Preferences = {
    return: 'representation',
    count: 'exact',
    resolution: 'merge-duplicates',
    missing: 'default',
    tx: 'rollback',
    handling: 'strict',
    maxAffected: 5,
    unknown: ['x'],
  };
  it("lists PostgREST's order, only the keys the action honours", () => {
    expect(
      preferenceApplied(all, ['resolution', 'missing', 'return', 'count', 'tx', 'handling']),
    ).toBe(
      'resolution=merge-duplicates, missing=default, return=representation, count=exact, tx=rollback, handling=strict',
    );
    expect(preferenceApplied(all, ['return', 'count', 'tx', 'handling', 'max-affected'])).toBe(
      'return=representation, count=exact, tx=rollback, handling=strict, max-affected=5',
    );
  });
  it('leaves max-affected out unless handling is strict, and says nothing when nothing applies', () => {
    expect(preferenceApplied({ maxAffected: 5, unknown: [] }, ['max-affected'])).toBeUndefined();
    expect(preferenceApplied({ unknown: [] }, ['return'])).toBeUndefined();
  });
});

describe('checkStrictPreferences', () => {
  it('refuses unknown preferences only with handling=strict', () => {
    expect(() => checkStrictPreferences({ handling: 'lenient', unknown: ['foo'] })).not.toThrow();
    let error: unknown;
    try {
      checkStrictPreferences({ handling: 'strict', unknown: ['foo', 'bar'] });
    } catch (e) {
      error = e;
    }
    expect((error as RestError).body).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: foo, bar',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
  });
});

describe('fromPgrstRaise', () => {
  it('reads the JSON message and detail', () => {
    const error = fromPgrstRaise({
      code: 'PGRST',
      message: '{"code":"123","message":"Payment Required","details":"d","hint":"h"}',
      detail: '{"status":402,"headers":{"X-A":"b"}}',
    });
    expect(error).toBeInstanceOf(PgrstRaiseError);
    expect(error!.status).toBe(402);
    expect(error!.body).toEqual({
      code: '123',
      details: 'd',
      hint: 'h',
      message: 'Payment Required',
    });
    expect((error as PgrstRaiseError).headers).toEqual({ 'X-A': 'b' });
  });

  const broken: [string, object, string][] = [
    [
      'message not JSON',
      { code: 'PGRST', message: 'oops', detail: '{}' },
      "Invalid JSON value for MESSAGE: 'oops'",
    ],
    [
      'message without code',
      { code: 'PGRST', message: '{"message":"m"}', detail: '{}' },
      `Invalid JSON value for MESSAGE: '{"message":"m"}'`,
    ],
    [
      'no detail',
      { code: 'PGRST', message: '{"code":"1","message":"m"}' },
      'DETAIL is missing in the RAISE statement',
    ],
    [
      'detail without status',
      { code: 'PGRST', message: '{"code":"1","message":"m"}', detail: '{"headers":{}}' },
      `Invalid JSON value for DETAIL: '{"headers":{}}'`,
    ],
  ];
  it.each(broken)('%s → PGRST121', (_name, raised, details) => {
    const error = fromPgrstRaise(raised)!;
    expect(error.status).toBe(500);
    expect(error.body).toMatchObject({
      code: 'PGRST121',
      details,
      message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
    });
  });

  it('ignores other errors', () => {
    expect(fromPgrstRaise({ code: 'P0001', message: 'x' })).toBeUndefined();
    expect(fromPgrstRaise(new Error('x'))).toBeUndefined();
  });

  it('failureResponse adds the raised headers to the response', async () => {
    const res = failureResponse(
      {
        code: 'PGRST',
        message: '{"code":"c","message":"m"}',
        detail: '{"status":418,"headers":{"X-Tea":"pot"}}',
      },
      true,
    );
    expect(res.status).toBe(418);
    expect(res.headers.get('x-tea')).toBe('pot');
    expect(await res.json()).toEqual({ code: 'c', details: null, hint: null, message: 'm' });
  });
});

describe('reasonPhrase', () => {
  it.each([
    [201, 'Created'],
    [206, 'Partial Content'],
    [406, 'Not Acceptable'],
  ])('%i → %s', (status, phrase) => expect(reasonPhrase(status)).toBe(phrase));
});
