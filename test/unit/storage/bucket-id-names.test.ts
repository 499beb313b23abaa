import { describe, expect, it } from 'vitest';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { StorageClient } from '../../../src/storage/index.js';

describe('bucket ids that would leave their URL path segment are refused before sending', () => {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(String(url));
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  const storage = new StorageClient('http://s.test/storage/v1', { fetch });

  it.each([
    ['a/b', 'must not hold "/"'],
    ['a\\b', 'must not hold "\\\\"'],
    ['a?x=1', 'must not hold "?"'],
    ['a#b', 'must not hold "#"'],
    ['..', 'must not be ".."'],
    ['.', 'must not be "."'],
    ['%2E%2e', 'must not be "%2E%2e"'],
  ])('%s', (id, message) => {
    for (const call of [() => storage.from(id), () => storage.getBucket(id)]) {
      expect(call).toThrow(SupabaseRxInputError);
      expect(call).toThrow(message);
    }
    expect(calls).toHaveLength(0);
  });

  it('ids with dots elsewhere still pass', () => {
    expect(() => storage.from('my.bucket')).not.toThrow();
    expect(() => storage.from('..private')).not.toThrow();
  });
});
