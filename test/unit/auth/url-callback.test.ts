import { describe, expect, it } from 'vitest';
import { mayBeAuthCallback } from '../../../src/auth/url-callback.js';
import { callbackKind, urlParameters } from '../../../src/auth/url-session.js';

describe('mayBeAuthCallback (whether initialize() loads the URL-session code)', () => {
  it.each([
    ['https://app.test/', false],
    ['https://app.test/page?tab=2#section', false],
    ['https://app.test/cb#access_token=a&refresh_token=r&expires_in=3600&token_type=bearer', true],
    ['https://app.test/cb?code=abc', true],
    ['https://app.test/cb#code=abc', true],
    ['https://app.test/cb?error=access_denied', true],
    ['https://app.test/cb#error_description=denied', true],
    ['https://app.test/cb?error_code=otp_expired', true],
    ['https://app.test/cb?codes=1&access_token_x=2', false],
  ])('%s → %s', (href, expected) => {
    expect(mayBeAuthCallback(href, true)).toBe(expected);
  });

  it('a detectSessionInUrl predicate always loads it (the predicate decides)', () => {
    expect(mayBeAuthCallback('https://app.test/', () => false)).toBe(true);
  });

  it.each([
    'https://app.test/',
    'https://app.test/?tab=2#x=1',
    'https://app.test/?state=s#token_type=bearer',
  ])('a URL it skips is one callbackKind calls "none": %s', (href) => {
    expect(mayBeAuthCallback(href, true)).toBe(false);
    expect(callbackKind(urlParameters(href), new URL(href), true, true)).toBe('none');
  });
});
