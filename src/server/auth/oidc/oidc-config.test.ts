import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_OIDC_SCOPES, loadConfig } from '../../config.ts';
import { makeClientKey } from './helseid-test-provider.fixture.ts';
import { readClientKey } from './relying-party.ts';

const env = (e: Record<string, string>) => e as NodeJS.ProcessEnv;
const base = {
  RADVIS_OIDC_ISSUER: 'https://helseid-sts.test.nhn.no',
  RADVIS_OIDC_CLIENT_ID: 'radvis',
  RADVIS_OIDC_PRIVATE_JWK_PATH: '/etc/radvis/helseid.jwk.json',
};

describe('OpenID Connect configuration', () => {
  it('is off unless an issuer is set', () => {
    expect(loadConfig(env({})).oidc).toBeNull();
    expect(() => loadConfig(env({ RADVIS_OIDC_CLIENT_ID: 'radvis' }))).toThrow(ConfigError);
  });

  it('takes HelseID defaults: level 4, PAR, the scopes Radvis uses, the callback under the public URL', () => {
    const c = loadConfig(env({ ...base, RADVIS_PUBLIC_URL: 'https://radvis.example.no/' })).oidc;
    expect(c).toEqual({
      issuer: 'https://helseid-sts.test.nhn.no',
      clientId: 'radvis',
      privateJwkPath: '/etc/radvis/helseid.jwk.json',
      redirectUrl: 'https://radvis.example.no/api/auth/oidc/callback',
      scopes: DEFAULT_OIDC_SCOPES,
      minSecurityLevel: 4,
      usePar: true,
    });
  });

  it('refuses incomplete or unsafe settings with a clear message', () => {
    expect(() => loadConfig(env({ ...base }))).toThrow(/RADVIS_OIDC_REDIRECT_URL/);
    expect(() => loadConfig(env({ ...base, RADVIS_OIDC_CLIENT_ID: '', RADVIS_PUBLIC_URL: 'https://r.no' }))).toThrow(/RADVIS_OIDC_CLIENT_ID/);
    expect(() => loadConfig(env({ ...base, RADVIS_OIDC_ISSUER: 'http://helseid.example.no', RADVIS_PUBLIC_URL: 'https://r.no' }))).toThrow(/https/);
    expect(() => loadConfig(env({ ...base, RADVIS_OIDC_REDIRECT_URL: 'https://r.no/cb?x=1' }))).toThrow(/query/);
    expect(() => loadConfig(env({ ...base, RADVIS_PUBLIC_URL: 'https://r.no', RADVIS_OIDC_SCOPES: 'profile' }))).toThrow(/openid/);
    expect(() => loadConfig(env({ ...base, RADVIS_PUBLIC_URL: 'https://r.no', RADVIS_OIDC_MIN_SECURITY_LEVEL: '5' }))).toThrow(/between 1 and 4/);
    // Plain http only for a provider on this machine (tests, development).
    expect(
      loadConfig(env({ ...base, RADVIS_OIDC_ISSUER: 'http://127.0.0.1:4000', RADVIS_OIDC_REDIRECT_URL: 'http://localhost:8080/api/auth/oidc/callback' })).oidc
        ?.issuer,
    ).toBe('http://127.0.0.1:4000');
  });

  it('reads a private JWK and refuses a public one or a file that is not JSON, without echoing its content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-jwk-'));
    const { privateJwk, publicJwk } = await makeClientKey();
    const file = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(readClientKey(file('private.json', JSON.stringify(privateJwk))).alg).toBe('RS256');
    expect(() => readClientKey(file('public.json', JSON.stringify(publicJwk)))).toThrow(/no private key/);
    try {
      readClientKey(file('broken.json', 'super-secret-key-material'));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/not a JSON JWK/);
      expect((e as Error).message).not.toContain('super-secret');
    }
  });
});
