// A record system (EHR) as the CDS Hooks variant tests meet it: two real HTTP listeners that record
// every request — the allowed FHIR server (serving a few Patient, Practitioner and PractitionerRole
// resources) and an "evil" one that must never get the token — and the app configured with the
// allowed base, a CDS client of a specialist practice, and a chiropractor and a GP with HPR numbers.
import crypto from 'node:crypto';
import http from 'node:http';
import { HPR_CATEGORY_SYSTEMS, HPR_SYSTEM } from '../interop/cds-hooks/user.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { createTestCdsClient, type TestCdsClient } from './cds-client.ts';
import { createOrganization, createUser } from './factories.ts';
import { createTestContext, type TestContext } from './harness.ts';

export const CHIRO_HPR = '1327863';
export const GP_HPR = '1327870';

/** One request a listener saw: which listener, the path and the Authorization header. */
export type Seen = { host: 'allowed' | 'evil'; url: string; auth?: string };

export interface CdsEhrFixture {
  t: TestContext;
  client: TestCdsClient;
  chiroPersonId: string;
  gpPersonId: string;
  /** Every request either listener got, in order (tests may clear it). */
  seen: Seen[];
  /** Resources the allowed server answers under /fhir/<path> (tests may add some). */
  resources: Map<string, object>;
  origin: string;
  evilOrigin: string;
  /** `${origin}/fhir`, the app's only allowed fhirServer. */
  allowedBase: string;
  close(): Promise<void>;
}

/** Starts both listeners and the app (see the file comment). Close it in afterAll. */
export async function createCdsEhrFixture(): Promise<CdsEhrFixture> {
  const seen: Seen[] = [];
  const resources = new Map<string, object>();
  const servers: http.Server[] = [];
  const listen = async (host: Seen['host']): Promise<string> => {
    const s = http.createServer((req, res) => {
      seen.push({ host, url: req.url ?? '', auth: req.headers.authorization });
      const r = req.url?.startsWith('/fhir/') ? resources.get(req.url.slice('/fhir/'.length)) : undefined;
      res.writeHead(r ? 200 : 404, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(r ?? { resourceType: 'OperationOutcome', issue: [] }));
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  };
  const origin = await listen('allowed');
  const evilOrigin = await listen('evil');
  const allowedBase = `${origin}/fhir`;
  resources.set('Patient/p-ok', { resourceType: 'Patient', id: 'p-ok', birthDate: '1968-04-02', gender: 'female' });
  resources.set('tenant/Patient/p-ok', { resourceType: 'Patient', id: 'p-ok', birthDate: '1968-04-02', gender: 'female' });
  resources.set('Practitioner/ext-chiro', { resourceType: 'Practitioner', id: 'ext-chiro', identifier: [{ system: HPR_SYSTEM, value: CHIRO_HPR }] });
  resources.set('PractitionerRole/role-ki', { resourceType: 'PractitionerRole', id: 'role-ki', practitioner: { reference: 'Practitioner/ext-ki' } });
  resources.set('Practitioner/ext-ki', {
    resourceType: 'Practitioner',
    id: 'ext-ki',
    qualification: [{ code: { coding: [{ system: HPR_CATEGORY_SYSTEMS[2], code: 'KI' }] } }],
  });
  resources.set('PractitionerRole/role-le', {
    resourceType: 'PractitionerRole',
    id: 'role-le',
    practitioner: { identifier: { system: HPR_SYSTEM, value: GP_HPR } },
  });
  const t = await createTestContext({ cdsFhirServers: [allowedBase] });
  const db = t.db.kysely;
  await loadReferenceData(db);
  const clinic = await createOrganization(db, { kind: 'specialist_practice', name: 'Ryggklinikken' });
  const client = await createTestCdsClient(db, { organizationId: clinic });
  const chiroPersonId = (
    await createUser(db, { profession: 'chiropractor', referrerKind: 'chiropractor', hpr: CHIRO_HPR, grants: [{ role: 'referrer', organizationId: clinic }] })
  ).personId;
  const gpPersonId = (await createUser(db, { referrerKind: 'gp', hpr: GP_HPR, grants: [{ role: 'referrer', organizationId: clinic }] })).personId;
  return {
    t,
    client,
    chiroPersonId,
    gpPersonId,
    seen,
    resources,
    origin,
    evilOrigin,
    allowedBase,
    async close() {
      await t.close();
      for (const s of servers) s.close();
    },
  };
}

/** NCRP (Norsk klinisk prosedyrekodeverk for radiologi) code system. */
export const NCRP_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7270';
export const CDS_SIGN = '/cds-services/radvis-imaging-order-sign';
export const CDS_SELECT = '/cds-services/radvis-imaging-order-select';

/** A draft ServiceRequest entry of draftOrders with `code` and a note. */
export const draftOrder = (code: object, note = 'Hodepine i 3 mnd') => ({
  resource: { resourceType: 'ServiceRequest', id: 'draft-1', status: 'draft', intent: 'order', code, note: [{ text: note }] },
});
/** MR caput: outside every limited referral-rights list, so only full referral rights cover it. */
export const HEAD_ORDER = draftOrder({ coding: [{ system: NCRP_SYSTEM, code: 'SAA0AG' }] });
/** MR kne: on the chiropractors' and manual therapists' lists, so the rights do not decide it. */
export const KNEE_ORDER = draftOrder({ coding: [{ system: NCRP_SYSTEM, code: 'SNG0AG' }] }, 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume.');
/** The prefetched Patient of the variant requests. */
export const CDS_PATIENT = { resourceType: 'Patient', id: 'demo-patient', birthDate: '1968-04-02', gender: 'female' };

/**
 * A CDS Hooks 2.0 request body for `userId` (omitted when undefined): order-sign by default, or
 * order-select with the order selected; `prefetch` is merged over the Patient (null: no prefetch);
 * `extra` is spread over the body (fhirServer, fhirAuthorization, …).
 */
export const cdsHookBody = (userId: string | undefined, o: { prefetch?: object | null; order?: object; extra?: object; hook?: string } = {}) => ({
  hook: o.hook ?? 'order-sign',
  hookInstance: crypto.randomUUID(),
  context: {
    ...(userId !== undefined ? { userId } : {}),
    patientId: 'demo-patient',
    ...(o.hook === 'order-select' ? { selections: [`ServiceRequest/${((o.order ?? HEAD_ORDER) as { resource: { id: string } }).resource.id}`] } : {}),
    draftOrders: { resourceType: 'Bundle', entry: [o.order ?? HEAD_ORDER] },
  },
  ...(o.prefetch === null ? {} : { prefetch: { patient: CDS_PATIENT, ...o.prefetch } }),
  ...o.extra,
});
