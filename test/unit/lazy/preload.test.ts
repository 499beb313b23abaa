import { beforeEach, describe, expect, it, vi } from 'vitest';

// Fresh modules for the test, so that nothing is loaded before loadLazyModules().
beforeEach(() => vi.resetModules());

describe('loadLazyModules', () => {
  it('loads every module createClient and AuthClient load on first use', async () => {
    const flows = await import('../../../src/auth/lazy-flows.js');
    const apis = await import('../../../src/auth/lazy-apis.js');
    const realtime = await import('../../../src/lazy/lazy-realtime.js');
    const storage = await import('../../../src/lazy/lazy-storage.js');
    const functions = await import('../../../src/lazy/lazy-functions.js');
    const modules = {
      ...flows,
      ...apis,
      realtime: realtime.realtimeModule,
      storage: storage.storageModule,
      functions: functions.functionsModule,
    };
    // Every LazyModule the files export (the facade builders are functions without `load`).
    const lazy = Object.entries(modules).flatMap(([name, m]) =>
      'load' in m ? [[name, m as { current: unknown }] as const] : [],
    );
    expect(lazy.map(([name]) => name).sort()).toEqual([
      'adminModule',
      'claimsFlows',
      'functions',
      'mfaModule',
      'oauthFlows',
      'oauthServerModule',
      'passkeyModule',
      'realtime',
      'setSessionFlows',
      'signInFlows',
      'signOutFlows',
      'signUpFlows',
      'storage',
      'urlSessionFlows',
      'userFlows',
      'verifyFlows',
      'web3Flows',
    ]);
    for (const [name, m] of lazy) expect([name, m.current]).toEqual([name, undefined]);
    const { loadLazyModules } = await import('../../../src/testing/index.js');
    await loadLazyModules();
    for (const [name, m] of lazy) expect([name, m.current]).not.toEqual([name, undefined]);
  });
});
