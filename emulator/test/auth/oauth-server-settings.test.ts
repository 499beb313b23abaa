import { describe, expect, it } from 'vitest';
import { readOAuthServerSettings } from '../../src/auth/oauth-server-settings.js';

describe('readOAuthServerSettings', () => {
  it.each([
    ['off by default', {}, {}, false, false],
    ['config.toml', { enabled: true, allow_dynamic_registration: true }, {}, true, true],
    ['a non-boolean is off', { enabled: 'yes', allow_dynamic_registration: 1 }, {}, false, false],
    [
      'the environment wins over config.toml',
      { enabled: false, allow_dynamic_registration: true },
      {
        GOTRUE_OAUTH_SERVER_ENABLED: 'true',
        GOTRUE_OAUTH_SERVER_ALLOW_DYNAMIC_REGISTRATION: 'false',
      },
      true,
      false,
    ],
    [
      'GoTrue spells true as 1 or t too',
      {},
      { GOTRUE_OAUTH_SERVER_ALLOW_DYNAMIC_REGISTRATION: 't' },
      false,
      true,
    ],
  ])('%s', (_name, table, env, enabled, dynamic) => {
    const settings = readOAuthServerSettings(table, env);
    expect(settings.enabled).toBe(enabled);
    expect(settings.allowDynamicRegistration).toBe(dynamic);
  });

  it('authorization path and default scope', () => {
    expect(readOAuthServerSettings({}, {})).toMatchObject({
      authorizationPath: '/oauth/consent',
      defaultScope: 'email',
    });
    expect(
      readOAuthServerSettings(
        { authorization_url_path: '/consent' },
        { GOTRUE_OAUTH_SERVER_AUTHORIZATION_PATH: '/env-consent' },
      ).authorizationPath,
    ).toBe('/env-consent');
  });
});
