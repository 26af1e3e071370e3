// /api/auth/oidc: log in through an OpenID Connect provider (HelseID). Registered only when
// configured (config.oidc). Both routes are browser navigations, so they answer with redirects:
// to the provider, then back to the web app — `/` on success, `/?helseid=<reason>` when refused,
// where the login page shows the reason in the user's language.
import crypto from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { endSession, hashToken, SESSION_COOKIE } from '../sessions.ts';
import { sessionFromOidcClaims, type OidcRefusal } from './login.ts';
import { createRelyingParty, OidcLoginError } from './relying-party.ts';
import * as store from './store.ts';
import { Redirect } from '../../../shared/api/common.ts';

/** Cookie binding the browser that began a login to its state, nonce and PKCE verifier. */
export const OIDC_COOKIE = 'radvis_oidc';
const COOKIE_PATH = '/api/auth/oidc';
/** How long a user has at the provider before the login must be begun again. */
const PENDING_MINUTES = 10;

/** Reasons the login page can show (keys login.helseid.<reason> in the message files). */
export type OidcOutcomeReason = OidcRefusal | 'cancelled' | 'failed' | 'unavailable' | 'expired';

export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cfg = app.config;
  if (!cfg.oidc) return;
  const rp = createRelyingParty(cfg.oidc);
  const rateLimit = { max: cfg.loginRatePerMinute, timeWindow: '1 minute' };

  const backToApp = (reply: FastifyReply, reason?: OidcOutcomeReason) => reply.redirect(reason ? `/?helseid=${reason}` : '/', 303);

  app.get(
    '/api/auth/oidc/login',
    {
      config: { access: { public: true }, rateLimit },
      schema: { response: { 303: Redirect('To the provider (HelseID) to log in, or back to the app with ?helseid=<reason>') } },
    },
    async (request, reply) => {
      let begun;
      try {
        begun = await rp.begin();
      } catch (e) {
        const err = e instanceof OidcLoginError ? e : new OidcLoginError('failed', 'unknown');
        request.log.warn({ event: 'oidc-login-begin-failed', kind: err.kind, code: err.code }, 'OpenID Connect login could not begin');
        return backToApp(reply, err.kind === 'unavailable' ? 'unavailable' : 'failed');
      }
      const binding = crypto.randomBytes(32).toString('base64url');
      await store.insertPendingLogin(app.db.kysely, hashToken(binding), begun.pending, new Date(Date.now() + PENDING_MINUTES * 60_000));
      // SameSite=Lax: the provider's redirect back is a cross-site top-level navigation, which
      // carries Lax cookies but not Strict ones.
      reply.setCookie(OIDC_COOKIE, binding, { httpOnly: true, sameSite: 'lax', secure: cfg.secureCookies, path: COOKIE_PATH, maxAge: PENDING_MINUTES * 60 });
      reply.header('Cache-Control', 'no-store');
      return reply.redirect(begun.url.href, 303);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { access: { public: true }, rateLimit },
      schema: { response: { 303: Redirect('Back to the app: / when logged in, /?helseid=<reason> when refused') } },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      reply.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });
      const refuse = (reason: OidcOutcomeReason, detail: Record<string, string> = {}) => {
        // No personal data: never the HPR number, fødselsnummer, names or token content.
        request.log.warn({ event: 'oidc-login-refused', reason, ...detail }, 'OpenID Connect login refused');
        return backToApp(reply, reason);
      };
      const binding = request.cookies[OIDC_COOKIE];
      const pending = binding && binding.length <= 100 ? await store.takePendingLogin(app.db.kysely, hashToken(binding)) : undefined;
      if (!pending) return refuse('expired');
      const q = request.url.indexOf('?');
      let claims: Record<string, unknown>;
      try {
        claims = await rp.complete(q >= 0 ? request.url.slice(q) : '', pending);
      } catch (e) {
        const err = e instanceof OidcLoginError ? e : new OidcLoginError('failed', 'unknown');
        return refuse(err.kind, { code: err.code });
      }
      const outcome = await sessionFromOidcClaims(app.db.kysely, cfg, claims, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      if (!outcome.ok) return refuse(outcome.reason);
      const { token, expiresAt, principal } = outcome.session;
      // A session this browser already had (sent only on a same-site return) ends: one login, one session.
      await endSession(app.db.kysely, request.cookies[SESSION_COOKIE]);
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: cfg.secureCookies, path: '/', expires: expiresAt });
      request.log.info({ event: 'oidc-login', userId: principal.userId }, 'OpenID Connect login');
      return backToApp(reply);
    },
  );
};
