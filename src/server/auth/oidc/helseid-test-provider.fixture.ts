// A real OpenID Connect provider for tests (the `oidc-provider` package, certified by the OpenID
// Foundation), set up the way HelseID treats Radvis: one confidential client that must
// authenticate with private_key_jwt and use PKCE, pushed authorization requests offered, the
// `iss` authorization response parameter sent, and ID tokens carrying HelseID's claims
// (helseid://claims/identity/pid, helseid://claims/identity/security_level,
// helseid://claims/hpr/hpr_number, name claims) for the scopes HelseID names them by.
// It listens on a free loopback port of its own. Login uses the package's development forms
// (any login name from `accounts`, any password); consent is granted without asking.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { HELSEID_CLAIMS } from './helseid-claims.ts';

export interface TestHelseIdAccount {
  hpr?: string | string[];
  securityLevel?: string;
  pid?: string;
  givenName?: string;
  familyName?: string;
}

export interface TestProvider {
  issuer: string;
  /** Seconds an authorization code lives (default 60); lowered to test an expired code. */
  setCodeTtl(seconds: number): void;
  /** Lines the provider's own error handler saw (server_error etc.), for debugging failed tests. */
  errors: string[];
  close(): Promise<void>;
}

/** A client key pair as HelseID's self-service portal makes one: RSA, RS256, with a kid. */
export async function makeClientKey(kid = 'radvis-test-key'): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

export interface TestProviderSetup {
  clientId: string;
  clientPublicJwk: JWK;
  /** The client's registered redirect URIs (exact match, as at HelseID). */
  redirectUris: string[];
  accounts: Record<string, TestHelseIdAccount>;
}

/** Starts the provider on 127.0.0.1 and a free port. */
export async function startTestProvider(o: TestProviderSetup): Promise<TestProvider> {
  const p = await listenTestProvider();
  await p.configure(o);
  return p;
}

/**
 * Listens first and is set up afterwards, for a test whose client's redirect URI is known only
 * once the client's own server listens (which in turn needs this issuer). Answers 503 until then.
 */
export async function listenTestProvider(): Promise<TestProvider & { configure(o: TestProviderSetup): Promise<void> }> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let codeTtl = 60;
  const errors: string[] = [];
  const configure = async (o: TestProviderSetup) => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const signingJwk = { ...(await exportJWK(privateKey)), kid: 'idp-signing-1', alg: 'RS256', use: 'sig' };

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: o.clientId,
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'RS256',
          jwks: { keys: [o.clientPublicJwk as never] },
          redirect_uris: o.redirectUris,
          response_types: ['code'],
          grant_types: ['authorization_code'],
          id_token_signed_response_alg: 'RS256',
        },
      ],
      clientAuthMethods: ['private_key_jwt'],
      pkce: { required: () => true },
      jwks: { keys: [signingJwk as never] },
      cookies: { keys: ['radvis-test-provider-cookie-key'] },
      features: {
        devInteractions: { enabled: true },
        pushedAuthorizationRequests: { enabled: true },
      },
      scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level', 'helseid://scopes/hpr/hpr_number'],
      claims: {
        openid: ['sub'],
        profile: ['name', 'given_name', 'middle_name', 'family_name'],
        'helseid://scopes/identity/pid': [HELSEID_CLAIMS.pid],
        'helseid://scopes/identity/security_level': [HELSEID_CLAIMS.securityLevel],
        'helseid://scopes/hpr/hpr_number': [HELSEID_CLAIMS.hprNumber],
      },
      // HelseID puts the identity claims of the granted scopes in the ID token itself.
      conformIdTokenClaims: false,
      ttl: { AuthorizationCode: () => codeTtl, Interaction: 600, Session: 600, Grant: 600, AccessToken: 300, IdToken: 300 },
      async findAccount(_ctx, id) {
        const a = o.accounts[id];
        if (!a) return undefined;
        return {
          accountId: id,
          async claims() {
            const given = a.givenName ?? 'Kari';
            const family = a.familyName ?? 'Nordmann';
            return {
              sub: `pseudonym-${id}`,
              name: `${given} ${family}`,
              given_name: given,
              middle_name: '',
              family_name: family,
              [HELSEID_CLAIMS.pid]: a.pid ?? '15896900123',
              [HELSEID_CLAIMS.securityLevel]: a.securityLevel ?? '4',
              ...(a.hpr !== undefined ? { [HELSEID_CLAIMS.hprNumber]: a.hpr } : {}),
            };
          },
        };
      },
      // The user is not asked to consent: HelseID clients are registered with their scopes.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
        if (existing) return ctx.oidc.provider.Grant.find(existing);
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
        grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
        await grant.save();
        return grant;
      },
    });
    provider.on('server_error', (_ctx, err) => errors.push(String(err)));
    handler = provider.callback();
  };

  return {
    issuer,
    configure,
    setCodeTtl(seconds) {
      codeTtl = seconds;
    },
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
