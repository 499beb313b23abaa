import { Hono, type Context } from 'hono';
import { createHash } from 'node:crypto';
import { AuthHttpError, validationFailed } from './errors.js';
import { resolveExternalUser } from './external-identity.js';
import { createFlowState, readPkce, type PkceChallenge } from './flow-state.js';
import { idpPage } from './idp-page.js';
import { codeRedirect, errorRedirect, implicitRedirect, resolveRedirect } from './redirects.js';
import { requireUser } from './request-user.js';
import { randomToken } from './secrets.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { createSession, issueTokens } from './sessions.js';
import { findUserById } from './users.js';

/** Providers GoTrue knows; others are "could not be found". */
const KNOWN = new Set([
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'kakao',
  'keycloak',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'slack',
  'slack_oidc',
  'spotify',
  'twitch',
  'twitter',
  'workos',
  'zoom',
]);

/** An OAuth or SSO sign-in in progress between `/authorize` and `/callback`. */
interface PendingFlow {
  provider: string;
  redirectTo: string;
  pkce: PkceChallenge | null;
  linkUserId?: string;
  createdAt: number;
  /** Set once the emulated provider approved: the identity it asserts. */
  identity?: { sub: string; email?: string; name?: string };
}

const FLOW_TTL_MS = 10 * 60_000;

/**
 * OAuth and SSO through an emulated identity provider: `/authorize` (and `/sso`,
 * `/user/identities/authorize`) redirect to the provider page at `/_emulator/idp/authorize`,
 * whose approval (`/_emulator/idp/approve?state=…&sub=…&email=…`) goes to `/callback`, which
 * redirects to `redirect_to` with GoTrue's formats: `#access_token=…` (implicit), `?code=`
 * (PKCE) or `?error=…&error_code=…&error_description=…`.
 *
 * @example
 * app.route('/', oauthRoutes(svc));
 */
export function oauthRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const flows = new Map<string, PendingFlow>();
  /** The flow the emulated provider page acts on; an unknown state is GoTrue's bad_oauth_state. */
  const pendingFlow = (state: string): PendingFlow => {
    const flow = flows.get(state);
    if (!flow) {
      throw new AuthHttpError(
        400,
        'bad_oauth_state',
        'OAuth state parameter is invalid or expired',
      );
    }
    return flow;
  };
  const codes = new Map<string, string>(); // provider code → state

  const checkProvider = (provider: string | undefined): string => {
    if (!provider) throw validationFailed('Unsupported provider: missing provider');
    if (svc.settings.externalProviders.has(provider)) return provider;
    if (KNOWN.has(provider))
      throw validationFailed('Unsupported provider: provider is not enabled');
    throw validationFailed(`Unsupported provider: Provider ${provider} could not be found`);
  };
  const start = (c: Context, f: Omit<PendingFlow, 'createdAt'>): string => {
    for (const [k, v] of flows) if (Date.now() - v.createdAt > FLOW_TTL_MS) flows.delete(k);
    const state = randomToken(24);
    flows.set(state, { ...f, createdAt: Date.now() });
    return `${authBase(c)}/_emulator/idp/authorize?state=${state}`;
  };

  app.get('/authorize', (c) => {
    const provider = checkProvider(c.req.query('provider'));
    const pkce = readPkce(c.req.query('code_challenge'), c.req.query('code_challenge_method'));
    const url = start(c, {
      provider,
      redirectTo: resolveRedirect(svc.settings, c.req.query('redirect_to')),
      pkce,
    });
    return c.redirect(url, 302);
  });

  app.get('/user/identities/authorize', async (c) => {
    const { user } = await requireUser(svc, c);
    if (!svc.settings.enableManualLinking) {
      throw new AuthHttpError(404, 'manual_linking_disabled', 'Manual linking is disabled');
    }
    const provider = checkProvider(c.req.query('provider'));
    const pkce = readPkce(c.req.query('code_challenge'), c.req.query('code_challenge_method'));
    const url = start(c, {
      provider,
      redirectTo: resolveRedirect(svc.settings, c.req.query('redirect_to')),
      pkce,
      linkUserId: user.id,
    });
    return c.req.query('skip_http_redirect') === 'true' ? c.json({ url }) : c.redirect(url, 302);
  });

  // GoTrue mounts /sso behind requireSAMLEnabled (internal/api/api.go, middleware.go): with
  // GOTRUE_SAML_ENABLED unset — the CLI never sets it — the whole /sso surface is a 404.
  app.use('/sso/*', async (_c, next) => {
    requireSaml(svc);
    await next();
  });
  app.use('/sso', async (_c, next) => {
    requireSaml(svc);
    await next();
  });
  app.post('/sso', async (c) => {
    const body = await readJson(c);
    const domain = str(body, 'domain');
    const providerId = str(body, 'provider_id');
    if (domain && providerId) throw validationFailed('Only one of provider_id or domain supported');
    if (!domain && !providerId)
      throw validationFailed('A provider_id or domain needs to be provided');
    // The emulator accepts any domain: its SSO provider id is derived from the domain.
    const id = providerId ?? uuidFrom(domain!.toLowerCase());
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    const url = start(c, {
      provider: `sso:${id}`,
      redirectTo: resolveRedirect(svc.settings, str(body, 'redirect_to')),
      pkce,
    });
    return body.skip_http_redirect === true ? c.json({ url }) : c.redirect(url, 303);
  });

  app.get('/_emulator/idp/authorize', (c) => {
    const state = c.req.query('state') ?? '';
    const flow = pendingFlow(state);
    const slug = flow.provider.replace(/[^a-z0-9]/gi, '-');
    return c.html(
      idpPage(authBase(c), state, flow.provider, {
        email: `user@${slug}.example.com`,
        sub: `${slug}-user-1`,
      }),
    );
  });

  app.get('/_emulator/idp/approve', (c) => {
    const state = c.req.query('state') ?? '';
    const flow = pendingFlow(state);
    const base = authBase(c);
    const error = c.req.query('error');
    if (error) {
      const d = c.req.query('error_description') ?? 'The user denied the request';
      return c.redirect(
        `${base}/callback?state=${state}&error=${encodeURIComponent(error)}&error_description=${encodeURIComponent(d)}`,
        302,
      );
    }
    const slug = flow.provider.replace(/[^a-z0-9]/gi, '-');
    const email = c.req.query('email') || undefined;
    flow.identity = {
      sub: c.req.query('sub') || (email ? `${slug}-${email}` : `${slug}-user-1`),
      email,
      name: c.req.query('name') || undefined,
    };
    const code = randomToken(20);
    codes.set(code, state);
    return c.redirect(`${base}/callback?code=${code}&state=${state}`, 302);
  });

  app.get('/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const flow = flows.get(state);
    if (!flow) throw new AuthHttpError(400, 'bad_oauth_state', 'OAuth callback with invalid state');
    flows.delete(state);
    const mode = flow.pkce ? 'pkce' : 'implicit';
    const providerError = c.req.query('error');
    if (providerError) {
      return c.redirect(
        errorRedirect(
          flow.redirectTo,
          providerError,
          'bad_oauth_callback',
          c.req.query('error_description') ?? providerError,
          mode,
        ),
        302,
      );
    }
    const code = c.req.query('code') ?? '';
    if (codes.get(code) !== state || !flow.identity) {
      return c.redirect(
        errorRedirect(
          flow.redirectTo,
          'invalid_request',
          'bad_oauth_callback',
          'OAuth callback with missing or invalid authorization code',
          mode,
        ),
        302,
      );
    }
    codes.delete(code);
    const ident = flow.identity;
    const providerToken = `emulated-${randomToken(24)}`;
    const base = authBase(c);
    try {
      const target = await svc.ctx.engine.transaction(async (tx) => {
        const linkTo = flow.linkUserId ? await findUserById(tx, flow.linkUserId) : undefined;
        const user = await resolveExternalUser(
          svc,
          tx,
          {
            provider: flow.provider,
            sub: ident.sub,
            email: ident.email,
            emailVerified: true,
            name: ident.name,
          },
          linkTo,
        );
        if (flow.pkce) {
          const authCode = await createFlowState(tx, {
            userId: user.id,
            pkce: flow.pkce,
            providerType: flow.provider,
            authMethod: flow.provider.startsWith('sso:') ? 'sso/saml' : 'oauth',
            providerToken,
          });
          return codeRedirect(flow.redirectTo, authCode);
        }
        const session = await createSession(
          tx,
          user.id,
          flow.provider.startsWith('sso:') ? 'sso/saml' : 'oauth',
        );
        const t = await issueTokens(svc, tx, base, user, session);
        return implicitRedirect(flow.redirectTo, {
          access_token: t.access_token,
          expires_at: t.expires_at as number,
          expires_in: t.expires_in as number,
          provider_refresh_token: `emulated-${randomToken(24)}`,
          provider_token: providerToken,
          refresh_token: t.refresh_token,
          token_type: 'bearer',
        });
      });
      return c.redirect(target, 302);
    } catch (e) {
      if (!(e instanceof AuthHttpError)) throw e;
      return c.redirect(
        errorRedirect(
          flow.redirectTo,
          e.status >= 500 ? 'server_error' : 'invalid_request',
          e.code,
          e.message,
          mode,
        ),
        302,
      );
    }
  });
  return app;
}

/** GoTrue's `requireSAMLEnabled`: 404 `saml_provider_disabled` unless SAML is on. */
function requireSaml(svc: AuthService): void {
  if (!svc.settings.samlEnabled) {
    throw new AuthHttpError(404, 'saml_provider_disabled', 'SAML 2.0 is disabled');
  }
}

/** A stable UUID-shaped id for an SSO domain. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
