import { describe, expect, it } from 'vitest';
import { invokeRequest } from '../../../src/functions/invoke-request.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';

const BASE = 'http://127.0.0.1:54321/functions/v1';
const request = (name: unknown) => invokeRequest(BASE, {}, 'any', name);

describe('invoke(): function names that would leave /functions/v1/<name>', () => {
  it.each([
    ['..', /must not hold "\.\."/],
    ['../../auth/v1/admin/users', /must not hold "\.\."/],
    ['api/../../rest/v1/secrets', /must not hold "\.\."/],
    ['api/.', /must not hold "\."/],
    ['%2e%2E/x', /must not hold "%2e%2E"/],
    ['a\\b', /must not hold "\\\\"/],
    ['hello#x', /must not hold "#"/],
  ])('%s is refused', (name, message) => {
    expect(() => request(name)).toThrow(SupabaseRxInputError);
    expect(() => request(name)).toThrow(message);
  });

  it.each([
    ['hello', `${BASE}/hello`],
    ['api/users', `${BASE}/api/users`],
    ['api/users?page=2', `${BASE}/api/users?page=2`],
    ['v1.2', `${BASE}/v1.2`],
    ['..hidden', `${BASE}/..hidden`],
  ])('%s is sent as functions-js sends it', (name, url) => {
    expect(request(name).url).toBe(url);
  });
});

describe('invoke(): bodies JSON cannot hold', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['a cycle', cyclic],
    ['a BigInt', { n: 10n }],
    [
      'a throwing toJSON',
      {
        toJSON: () => {
          throw new Error('no JSON for you');
        },
      },
    ],
  ])('%s is a SupabaseRxInputError naming the body', (_, body) => {
    const send = () => invokeRequest(BASE, {}, 'any', 'hello', { body });
    expect(send).toThrow(SupabaseRxInputError);
    expect(send).toThrow(/invoke\(\): the body is not JSON-serialisable/);
  });

  it('a JSON body that can be sent is sent as functions-js sends it', () => {
    const req = invokeRequest(BASE, {}, 'any', 'hello', { body: { name: 'Ada' } });
    expect(req.body).toBe('{"name":"Ada"}');
    expect(req.headers['Content-Type']).toBe('application/json');
  });
});
