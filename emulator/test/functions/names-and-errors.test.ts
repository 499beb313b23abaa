import { describe, expect, it } from 'vitest';
import { functionTarget, isFunctionName } from '../../src/functions/function-names.js';
import { relayError } from '../../src/functions/relay-errors.js';

describe('function names', () => {
  it.each([
    ['hello', true],
    ['hello-world', true],
    ['hello_world2', true],
    ['A', true],
    ['', false],
    ['_shared', false],
    ['.env', false],
    ['2fast', false],
    ['-x', false],
    ['a b', false],
    ['a/b', false],
    ['..', false],
    ['héllo', false],
    ['a%2Fb', false],
  ])('%j → %s', (name, ok) => {
    expect(isFunctionName(name)).toBe(ok);
  });

  it.each([
    ['/hello', { name: 'hello', path: '/hello' }],
    ['/hello/', { name: 'hello', path: '/hello/' }],
    ['/hello/items/1', { name: 'hello', path: '/hello/items/1' }],
    ['hello', { name: 'hello', path: '/hello' }],
    ['', { name: '', path: '/' }],
    ['/', { name: '', path: '/' }],
    ['/h%65llo/x', { name: 'hello', path: '/h%65llo/x' }],
    ['/%E0%A4%A/x', { name: '', path: '/%E0%A4%A/x' }],
    ['/..%2F/x', { name: '../', path: '/..%2F/x' }],
  ])('target of %j', (rest, target) => {
    expect(functionTarget(rest)).toEqual(target);
  });
});

describe('relay errors', () => {
  it.each([
    ['notFound', 404, 'NOT_FOUND', 'Requested function was not found'],
    ['bootError', 503, 'BOOT_ERROR', 'Worker failed to boot (please check logs)'],
    ['workerError', 500, 'WORKER_ERROR', 'Function exited due to an error (please check logs)'],
  ] as const)('%s → %i %s', async (kind, status, code, message) => {
    const res = relayError(kind);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-relay-error')).toBe('true');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ code, message });
  });
});
