import { describe, expect, it } from 'vitest';
import {
  MAX_RETRIES,
  backoffDelay,
  isAbortLike,
  isRetryableMethod,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayAfterError,
  retryDelayAfterResponse,
} from '../../../src/http/retry-policy.js';

const res = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
});

describe('retry policy (protocol.md §2.9)', () => {
  it.each([
    ['GET', true],
    ['HEAD', true],
    ['OPTIONS', true],
    ['POST', false],
    ['PATCH', false],
    ['PUT', false],
    ['DELETE', false],
  ])('method %s retryable: %s', (method, expected) => {
    expect(isRetryableMethod(method)).toBe(expected);
  });

  it.each([
    [503, true],
    [520, true],
    [500, false],
    [502, false],
    [504, false],
    [429, false],
    [401, false],
    [200, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it('backs off 1 s, 2 s, 4 s … capped at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(backoffDelay)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it.each([
    ['2', 2000],
    [' 3 ', 3000],
    ['0', 0],
    ['0.5', 500],
    ['-4', 0],
    ['soon', 0],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
    ['', 0],
  ])('Retry-After %j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms);
  });

  it('delays after a retryable response by back-off, or by Retry-After when present', () => {
    expect(retryDelayAfterResponse(res(520), 0)).toBe(1000);
    expect(retryDelayAfterResponse(res(503), 1)).toBe(2000);
    expect(retryDelayAfterResponse(res(520), 2)).toBe(4000);
    expect(retryDelayAfterResponse(res(503, { 'Retry-After': '7' }), 0)).toBe(7000);
    expect(retryDelayAfterResponse(res(503, { 'Retry-After': 'later' }), 2)).toBe(0);
  });

  it('never retries a final status or past the budget', () => {
    expect(retryDelayAfterResponse(res(500), 0)).toBeNull();
    expect(retryDelayAfterResponse(res(200, { 'Retry-After': '1' }), 0)).toBeNull();
    expect(retryDelayAfterResponse(res(520), MAX_RETRIES)).toBeNull();
    expect(MAX_RETRIES).toBe(3);
  });

  it('retries network errors but not aborts', () => {
    const network = new TypeError('fetch failed');
    expect(retryDelayAfterError(network, 0)).toBe(1000);
    expect(retryDelayAfterError(network, 2)).toBe(4000);
    expect(retryDelayAfterError(network, 3)).toBeNull();
    expect(retryDelayAfterError(new DOMException('x', 'AbortError'), 0)).toBeNull();
    expect(retryDelayAfterError(new DOMException('x', 'TimeoutError'), 0)).toBeNull();
    expect(
      retryDelayAfterError(Object.assign(new Error('x'), { code: 'ABORT_ERR' }), 0),
    ).toBeNull();
  });

  it.each([
    [new DOMException('a', 'AbortError'), true],
    [new TypeError('fetch failed'), false],
    ['AbortError', false],
    [null, false],
  ])('isAbortLike(%s) = %s', (error, expected) => {
    expect(isAbortLike(error)).toBe(expected);
  });
});
