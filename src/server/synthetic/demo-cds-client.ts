// The demo's record system ("Demo-EPJ"): a CDS client with a fresh key pair, registered like any
// other (auth/cds-clients.ts), whose private key is written to the data directory so that
// `scripts/cds-call.ts` can sign CDS Hooks calls to the running demo. Synthetic setup only: a
// real record system keeps its private key to itself and registers only the public key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const DEMO_CDS_ISSUER = 'https://demo-epj.radvis.invalid/';
export const DEMO_CDS_KEY_FILE = 'demo-cds-client.jwk.json';

/** What scripts/cds-call.ts reads: who the client is and its private signing key. */
export interface CdsClientKeyFile {
  issuer: string;
  kid: string;
  alg: string;
  privateJwk: JWK;
}

export async function makeDemoCdsClientKeys(dataDir: string): Promise<{ keyFile: string; publicJwk: JWK }> {
  const alg = 'ES384';
  const kid = `demo-epj-${crypto.randomBytes(4).toString('hex')}`;
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const file: CdsClientKeyFile = { issuer: DEMO_CDS_ISSUER, kid, alg, privateJwk: { ...(await exportJWK(privateKey)), kid, alg } };
  fs.mkdirSync(dataDir, { recursive: true });
  const keyFile = path.join(dataDir, DEMO_CDS_KEY_FILE);
  fs.writeFileSync(keyFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return { keyFile, publicJwk };
}
