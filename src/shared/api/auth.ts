// /api/auth: request and response bodies (server routes: src/server/auth/routes.ts).
import { Type, type Static } from 'typebox';
import { Locale, Nullable } from './common.ts';
export { NoContent } from './common.ts';

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** One role the user holds in one organization. */
export const RoleGrant = Type.Object({ role: Type.String(), organizationId: Type.String(), organizationName: Type.String() });

/** The logged-in user as the web app sees it (GET /api/auth/me, POST /api/auth/login). */
export const Me = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  name: Type.String(),
  /** HPR number (Helsepersonellregisteret) for authorised health personnel. */
  hprNumber: Nullable(Type.String()),
  referrerKind: Nullable(Type.String()),
  locale: Locale,
  /** The distinct roles of `grants`. */
  roles: Type.Array(Type.String()),
  grants: Type.Array(RoleGrant),
  /** Echo in the X-CSRF-Token header on state-changing requests. */
  csrfToken: Type.String(),
});
export type Me = Static<typeof Me>;

/**
 * Whether the browser has a session (GET /api/auth/session): always 200, so the web app can ask
 * before login without a failed request in the console. `me` is the user when signed in.
 */
export const SessionState = Type.Object({ signedIn: Type.Boolean(), me: Nullable(Me) });
export type SessionState = Static<typeof SessionState>;

export const LocaleRequest = Type.Object({ locale: Locale }, { additionalProperties: false });
export const LocaleResponse = Type.Object({ locale: Locale });

/** The ways to log in the server offers (GET /api/auth/methods), for the login page. */
export const LoginMethods = Type.Object({
  /** Local accounts (always on; the demo's login). */
  password: Type.Boolean(),
  /** Present when the server is set up for HelseID (OpenID Connect): where the browser starts the login. */
  oidc: Nullable(Type.Object({ loginUrl: Type.String() })),
});
export type LoginMethods = Static<typeof LoginMethods>;
