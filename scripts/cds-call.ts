// Calls a Radvis CDS Hooks service the way a record system does: a draft imaging order with free
// text, the patient in prefetch, and a JWT signed with the client's private key (CDS Hooks 2.0
// §Trusting CDS Clients). Prints the cards. The demo writes its client's key file on first start.
//   npx tsx scripts/cds-call.ts --url http://localhost:8080 --key data/demo-cds-client.jwk.json \
//     [--hook order-sign|order-select] [--exam SNG0AG] [--birth-date 1968-04-02] [--gender female] \
//     [--text "Smerter i venstre kne i 12 uker, ikke traume."]
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { importJWK, SignJWT } from 'jose';
import type { CdsClientKeyFile } from '../src/server/synthetic/demo-cds-client.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    key: { type: 'string', default: 'data/demo-cds-client.jwk.json' },
    hook: { type: 'string', default: 'order-select' },
    exam: { type: 'string', default: 'SNG0AG' },
    'birth-date': { type: 'string', default: '1968-04-02' },
    gender: { type: 'string', default: 'female' },
    text: {
      type: 'string',
      default: 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Spm menisklesjon?',
    },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(
    fs
      .readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 6)
      .join('\n'),
  );
  process.exit(0);
}
if (values.hook !== 'order-select' && values.hook !== 'order-sign') {
  console.error('--hook must be order-select or order-sign');
  process.exit(2);
}
let key: CdsClientKeyFile;
try {
  key = JSON.parse(fs.readFileSync(values.key!, 'utf8')) as CdsClientKeyFile;
} catch (e) {
  console.error(`cannot read the client key file ${values.key}: ${(e as Error).message}`);
  process.exit(2);
}
const serviceUrl = `${values.url!.replace(/\/+$/, '')}/cds-services/radvis-imaging-${values.hook}`;
const token = await new SignJWT({ jti: crypto.randomUUID() })
  .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
  .setIssuer(key.issuer)
  .setAudience(serviceUrl)
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(await importJWK(key.privateJwk, key.alg));

const order = {
  resourceType: 'ServiceRequest',
  id: 'draft-1',
  status: 'draft',
  intent: 'order',
  code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: values.exam }] },
  note: [{ text: values.text }],
};
const body = {
  hook: values.hook,
  hookInstance: crypto.randomUUID(),
  context: {
    userId: 'Practitioner/demo',
    patientId: 'demo-patient',
    ...(values.hook === 'order-select' ? { selections: ['ServiceRequest/draft-1'] } : {}),
    draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] },
  },
  prefetch: { patient: { resourceType: 'Patient', id: 'demo-patient', birthDate: values['birth-date'], gender: values.gender } },
};
const res = await fetch(serviceUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});
const json = (await res.json()) as {
  cards?: { indicator: string; summary: string; detail?: string; suggestions?: { label: string }[] }[];
  issue?: { diagnostics?: string }[];
};
if (!res.ok) {
  console.error(`HTTP ${res.status}: ${json.issue?.map((i) => i.diagnostics).join('; ') ?? JSON.stringify(json)}`);
  process.exit(1);
}
if (!json.cards?.length) console.log('No card: no advice topic covers this exam.');
for (const c of json.cards ?? []) {
  console.log(`[${c.indicator}] ${c.summary}`);
  for (const s of c.suggestions ?? []) console.log(`  suggestion: ${s.label}`);
}
