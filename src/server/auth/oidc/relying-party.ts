// Radvis as an OpenID Connect relying party, the way HelseID wants its clients to be:
// authorization code flow with PKCE (RFC 7636, S256), client authentication with private_key_jwt
// (RFC 7523; OpenID Connect Core 1.0 §9), pushed authorization requests (RFC 9126) when the
// provider offers them, the `iss` authorization response parameter checked when the provider
// announces it (RFC 9207). All protocol checks (state, nonce, issuer, audience, signature,
// expiry, PKCE) are done by `openid-client`; this module only wires it to Radvis's configuration.
import fs from 'node:fs';
import { importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import type { PendingLogin } from './store.ts';

/** Why a login could not be completed, in words fit for a log (no personal data, no token content). */
export class OidcLoginError extends Error {
  constructor(
    /** `cancelled`: the user or provider declined (error=access_denied); `unavailable`: the provider could not be reached; `failed`: any protocol check failed. */
    readonly kind: 'cancelled' | 'failed' | 'unavailable',
    /** A stable code for the log: an openid-client error code or an OAuth `error` value. */
    readonly code: string,
  ) {
    super(`OpenID Connect login ${kind} (${code})`);
  }
}

export interface OidcRelyingParty {
  /** Starts a login: the URL to send the browser to, and what the callback must check. */
  begin(): Promise<{ url: URL; pending: PendingLogin }>;
  /**
   * Completes a login from the provider's redirect (the callback's query string), redeeming the
   * code at the token endpoint. Returns the verified ID token's claims.
   * @throws OidcLoginError
   */
  complete(query: string, pending: PendingLogin): Promise<Record<string, unknown>>;
}

interface ClientKey {
  jwk: JWK;
  alg: string;
}

/**
 * Reads the client's private key: one private JWK in JSON (RSA or EC), as HelseID's self-service
 * portal hands it out. Thrown errors name the file, never the key.
 */
export function readClientKey(file: string): ClientKey {
  // A read error (missing file, no permission) names the file; a parse error says nothing of the
  // content, which is a secret.
  const jwk = parseJson(fs.readFileSync(file, 'utf8')) as JWK | undefined;
  if (typeof jwk !== 'object' || jwk === null) throw new Error(`RADVIS_OIDC_PRIVATE_JWK_PATH: ${file} is not a JSON JWK`);
  if (typeof jwk.d !== 'string') throw new Error(`RADVIS_OIDC_PRIVATE_JWK_PATH: ${file} holds no private key (no "d")`);
  const alg =
    jwk.alg ??
    (jwk.kty === 'RSA'
      ? 'RS256'
      : jwk.kty === 'EC'
        ? ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[jwk.crv ?? '']
        : undefined);
  if (!alg) throw new Error(`RADVIS_OIDC_PRIVATE_JWK_PATH: ${file} is neither an RSA nor an EC (P-256/384/521) key, and names no "alg"`);
  return { jwk, alg };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isLoopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

function classify(e: unknown): OidcLoginError {
  if (e instanceof OidcLoginError) return e;
  if (e instanceof oidc.AuthorizationResponseError)
    return new OidcLoginError(e.error === 'access_denied' ? 'cancelled' : 'failed', `authorization-response:${e.error}`);
  if (e instanceof oidc.ResponseBodyError) return new OidcLoginError('failed', `token-endpoint:${e.error}`);
  if (e instanceof oidc.ClientError) return new OidcLoginError('failed', e.code ?? 'client-error');
  if (e instanceof oidc.WWWAuthenticateChallengeError) return new OidcLoginError('failed', 'www-authenticate');
  // openid-client's own argument errors are TypeErrors with a code; fetch() failures (connection
  // refused, timeout) are TypeErrors without one, or DOMExceptions.
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  if (code?.startsWith('ERR_')) return new OidcLoginError('failed', code);
  if (e instanceof Error && (e.name === 'TypeError' || e.name === 'TimeoutError' || e.name === 'AbortError')) return new OidcLoginError('unavailable', e.name);
  return new OidcLoginError('failed', e instanceof Error ? e.name : 'unknown');
}

/**
 * Creates the relying party for the configured provider. Reads the private key at once (a
 * misconfiguration stops the server at start); reads the provider's discovery document at the
 * first login and keeps it, trying again at the next login if the provider could not be reached.
 * Plain http is allowed only for a provider on the loopback interface (tests, local development).
 */
export function createRelyingParty(cfg: OidcConfig): OidcRelyingParty {
  const key = readClientKey(cfg.privateJwkPath);
  let configuration: Promise<oidc.Configuration> | undefined;
  const issuer = new URL(cfg.issuer);

  const load = (): Promise<oidc.Configuration> => {
    configuration ??= (async () => {
      const privateKey = await importJWK(key.jwk, key.alg);
      if (!('type' in privateKey) || privateKey.type !== 'private') throw new OidcLoginError('failed', 'client-key-not-private');
      return oidc.discovery(issuer, cfg.clientId, { id_token_signed_response_alg: undefined }, oidc.PrivateKeyJwt({ key: privateKey, kid: key.jwk.kid }), {
        execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
        timeout: 15,
      });
    })();
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration;
  };

  return {
    async begin() {
      try {
        const config = await load();
        const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
        const params = {
          redirect_uri: cfg.redirectUrl,
          scope: cfg.scopes.join(' '),
          response_type: 'code',
          code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
          code_challenge_method: 'S256',
          state: pending.state,
          nonce: pending.nonce,
        };
        const par = cfg.usePar && config.serverMetadata().pushed_authorization_request_endpoint !== undefined;
        const url = par ? await oidc.buildAuthorizationUrlWithPAR(config, params) : oidc.buildAuthorizationUrl(config, params);
        return { url, pending };
      } catch (e) {
        throw classify(e);
      }
    },

    async complete(query, pending) {
      try {
        const config = await load();
        // The redirect URI sent to the token endpoint is this URL without its query: the
        // configured one, never the Host header of the request.
        const current = new URL(cfg.redirectUrl);
        current.search = query;
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new OidcLoginError('failed', 'no-id-token');
        return claims as Record<string, unknown>;
      } catch (e) {
        throw classify(e);
      }
    },
  };
}
