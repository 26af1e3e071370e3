// /api/auth: log in, log out, who am I, language preference.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LocaleRequest, LocaleResponse, LoginMethods, LoginRequest, Me, NoContent, SessionState } from '../../shared/api/auth.ts';
import { principalOf } from '../http/access.ts';
import { endSession, loginWithPassword, SESSION_COOKIE } from './sessions.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { setLocale } from './store.ts';
import type { Principal } from './principal.ts';

/** The principal as the web app sees it (src/shared/api/auth.ts Me). */
export function publicPrincipal(p: Principal): Me {
  return {
    userId: p.userId,
    username: p.username,
    name: p.name,
    hprNumber: p.hprNumber,
    referrerKind: p.referrerKind,
    locale: p.locale,
    grants: p.grants,
    roles: [...new Set(p.grants.map((g) => g.role))],
    csrfToken: p.csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cfg = app.config;

  // Ways to log in, for the login page: local accounts always; OpenID Connect (HelseID) when configured.
  app.get('/api/auth/methods', { config: { access: { public: true } }, schema: { response: { 200: LoginMethods } } }, async () => ({
    password: true,
    oidc: cfg.oidc ? { loginUrl: '/api/auth/oidc/login' } : null,
  }));
  await app.register(oidcRoutes);

  app.post(
    '/api/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: cfg.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        body: LoginRequest,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, principal } = await loginWithPassword(app.db.kysely, cfg, request.body.username, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: cfg.secureCookies,
        path: '/',
        expires: expiresAt,
      });
      return publicPrincipal(principal);
    },
  );

  app.post('/api/auth/logout', { config: { access: { authenticated: true } }, schema: { response: { 204: NoContent } } }, async (request, reply) => {
    await endSession(app.db.kysely, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', { config: { access: { authenticated: true } }, schema: { response: { 200: Me } } }, async (request) =>
    publicPrincipal(principalOf(request)),
  );

  // The web app's first question, before anyone has logged in: answered 200 either way.
  app.get('/api/auth/session', { config: { access: { public: true } }, schema: { response: { 200: SessionState } } }, async (request) =>
    request.principal ? { signedIn: true, me: publicPrincipal(request.principal) } : { signedIn: false, me: null },
  );

  app.put(
    '/api/auth/me/locale',
    {
      config: { access: { authenticated: true } },
      schema: { body: LocaleRequest, response: { 200: LocaleResponse } },
    },
    async (request) => {
      const p = principalOf(request);
      await setLocale(app.db.kysely, p.userId, request.body.locale);
      return { locale: request.body.locale };
    },
  );
};
