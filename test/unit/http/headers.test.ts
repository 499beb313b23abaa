import { describe, expect, it } from 'vitest';
import { createBaseHeaders, mergeHeaders, withCredentials } from '../../../src/http/headers.js';
import { VERSION } from '../../../src/version.js';

const compose = (
  globalHeaders: Record<string, string> | undefined,
  own: Record<string, string>,
  apiKey: string | undefined,
  token: string | null,
) => withCredentials(mergeHeaders(createBaseHeaders(globalHeaders), own), apiKey, token);

interface Case {
  what: string;
  global: Record<string, string> | undefined;
  own: Record<string, string>;
  key: string | undefined;
  token: string | null;
  expected: Record<string, string>;
}

describe('header composition', () => {
  it.each<Case>([
    {
      what: 'defaults: client info, apikey, bearer key',
      global: undefined,
      own: {},
      key: 'anon',
      token: null,
      expected: {
        'X-Client-Info': `supabase-rx/${VERSION}`,
        apikey: 'anon',
        Authorization: 'Bearer anon',
      },
    },
    {
      what: 'a token replaces the key as bearer, not as apikey',
      global: undefined,
      own: {},
      key: 'anon',
      token: 'jwt',
      expected: {
        'X-Client-Info': `supabase-rx/${VERSION}`,
        apikey: 'anon',
        Authorization: 'Bearer jwt',
      },
    },
    {
      what: 'global headers override the defaults whatever their case',
      global: { 'x-client-info': 'my-app/2', 'X-Extra': '1' },
      own: {},
      key: 'anon',
      token: null,
      expected: {
        'x-client-info': 'my-app/2',
        'X-Extra': '1',
        apikey: 'anon',
        Authorization: 'Bearer anon',
      },
    },
    {
      what: 'request headers override global ones, case-insensitively',
      global: { Accept: 'application/json', 'X-Extra': 'global' },
      own: { accept: 'text/csv', 'X-EXTRA': 'own' },
      key: 'anon',
      token: null,
      expected: {
        'X-Client-Info': `supabase-rx/${VERSION}`,
        accept: 'text/csv',
        'X-EXTRA': 'own',
        apikey: 'anon',
        Authorization: 'Bearer anon',
      },
    },
    {
      what: 'an apikey or Authorization already present is kept (any case)',
      global: { APIKEY: 'g-key' },
      own: { authorization: 'Bearer mine' },
      key: 'anon',
      token: 'jwt',
      expected: {
        'X-Client-Info': `supabase-rx/${VERSION}`,
        APIKEY: 'g-key',
        authorization: 'Bearer mine',
      },
    },
    {
      what: 'no key and no token: neither header',
      global: undefined,
      own: {},
      key: undefined,
      token: null,
      expected: { 'X-Client-Info': `supabase-rx/${VERSION}` },
    },
  ])('$what', ({ global, own, key, token, expected }) => {
    const headers = compose(global, own, key, token);
    expect(headers).toEqual(expected);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it('never mutates the base or the request headers', () => {
    const base = createBaseHeaders({ A: '1' });
    const own = Object.freeze({ B: '2' });
    withCredentials(mergeHeaders(base, own), 'k', null);
    expect(base.values).toEqual({ 'X-Client-Info': `supabase-rx/${VERSION}`, A: '1' });
    expect(own).toEqual({ B: '2' });
  });
});
