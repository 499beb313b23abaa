import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  functionEnv,
  functionSettings,
  parseEnv,
  readFunctionsEnv,
} from '../../src/functions/project-functions.js';

const PROJECT = fileURLToPath(new URL('./project', import.meta.url));

describe('[functions.<name>] of config.toml', () => {
  const raw = {
    functions: {
      webhook: { verify_jwt: false },
      off: { enabled: false },
      moved: { entrypoint: './functions/other/main.ts' },
      absolute: { entrypoint: '/srv/fn.ts' },
      odd: { verify_jwt: 'no' },
    },
  };
  it.each([
    ['hello', { verifyJwt: true, enabled: true, entrypoint: '/p/functions/hello/index.ts' }],
    ['webhook', { verifyJwt: false, enabled: true, entrypoint: '/p/functions/webhook/index.ts' }],
    ['off', { verifyJwt: true, enabled: false, entrypoint: '/p/functions/off/index.ts' }],
    ['moved', { verifyJwt: true, enabled: true, entrypoint: '/p/functions/other/main.ts' }],
    ['absolute', { verifyJwt: true, enabled: true, entrypoint: '/srv/fn.ts' }],
    // Only `false` turns verification off, as the CLI reads a boolean.
    ['odd', { verifyJwt: true, enabled: true, entrypoint: '/p/functions/odd/index.ts' }],
    // Inherited object keys are not settings.
    ['toString', { verifyJwt: true, enabled: true, entrypoint: '/p/functions/toString/index.ts' }],
  ])('%s', (name, settings) => {
    expect(functionSettings(raw, '/p', name)).toEqual(settings);
  });

  it('defaults when config.toml has no [functions]', () => {
    expect(functionSettings({}, '/p', 'a').verifyJwt).toBe(true);
  });
});

describe('functions/.env', () => {
  it.each([
    ['A=1', { A: '1' }],
    ['A="two words"', { A: 'two words' }],
    ["A='single # not a comment'", { A: 'single # not a comment' }],
    ['A="line\\nbreak"', { A: 'line\nbreak' }],
    ['export A=1', { A: '1' }],
    ['A=1 # trailing comment', { A: '1' }],
    ['# comment\n\n  B = x  \r\nC=', { B: 'x', C: '' }],
    ['A=x=y', { A: 'x=y' }],
    ['=nope\nnoequals\n1BAD=x', {}],
    // The CLI keeps SUPABASE_* for its own variables.
    ['SUPABASE_URL=http://elsewhere\nKEEP=1', { KEEP: '1' }],
  ])('%j', (text, env) => {
    expect(parseEnv(text)).toEqual(env);
  });

  it('reads the project file, and a missing one is no variables', async () => {
    expect(await readFunctionsEnv(PROJECT)).toEqual({
      GREETING: 'Hello from .env',
      PLAIN: 'plain value',
    });
    expect(await readFunctionsEnv('/nonexistent/project')).toEqual({});
  });

  it("puts the CLI's variables over the project's", () => {
    const platform = { url: 'http://127.0.0.1:1', anonKey: 'a', serviceRoleKey: 's', dbUrl: '' };
    expect(functionEnv({ X: '1', SUPABASE_URL: 'no' }, platform)).toEqual({
      X: '1',
      SUPABASE_URL: 'http://127.0.0.1:1',
      SUPABASE_ANON_KEY: 'a',
      SUPABASE_SERVICE_ROLE_KEY: 's',
      SUPABASE_DB_URL: '',
    });
  });
});
