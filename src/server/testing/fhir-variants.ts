// The world the FHIR variant tests share (interop/fhir/variants*.test.ts): a trust with one
// radiology department, a GP practice with its GP, three patients identified by fødselsnummer,
// D-number and felles hjelpenummer, a record system's API client of the practice with its bearer
// token, and four referrals sent through POST /fhir/ServiceRequest (one revoked, one without an
// identifier or authoredOn, as an app-made one). Synthetic numbers only (month + 80).
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { hashToken } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { DNR_OID, FH_OID, FNR_OID, HPR_OID } from '../directory/identifiers.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { createOrganization, createUser } from './factories.ts';
import { createTestContext, type TestContext } from './harness.ts';

/** The API client's bearer token (one per test process; each world stores its hash). */
export const TOKEN = crypto.randomBytes(24).toString('base64url');
export const READ = { authorization: `Bearer ${TOKEN}` };
export const WRITE = { ...READ, 'content-type': 'application/fhir+json' };
export const FNR = '31836000067';
export const DNR = '52838510051';
export const GP_HPR = '1282679';
export const DEPT = 'dept-var-1';
/** The record system's identifier system for its referrals. */
export const EPJ = 'http://epj.example.no/henvisning';

/**
 * The first 11-digit number from `first9` upwards (its first nine digits) whose two mod-11 check
 * digits are valid (the fødselsnummer algorithm, also used by H- and FH-numbers). Synthetic test
 * numbers only.
 */
export function withCheckDigits(first9: number): string {
  const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const cd = (d: number[], w: number[]) => {
    const r = 11 - (w.reduce((s, x, i) => s + x * d[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  for (let n = first9; ; n++) {
    const d = [...String(n).padStart(9, '0')].map(Number);
    const k1 = cd(d, K1);
    if (k1 === 10) continue;
    const k2 = cd([...d, k1], K2);
    if (k2 === 10) continue;
    return `${String(n).padStart(9, '0')}${k1}${k2}`;
  }
}

/** A felles hjelpenummer (first digit 8, valid mod-11 check digits; synthetic). */
export const FH = withCheckDigits(812345600);

/** The record system's referral (MR kne for the FNR patient, from the GP to DEPT), with `over` on top. */
export function variantReferral(identifier: string, over: Record<string, unknown> = {}) {
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: EPJ, value: identifier }],
    status: 'active',
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG', display: 'MR kne' }] },
    subject: { identifier: { system: FNR_OID, value: FNR } },
    requester: { identifier: { system: HPR_OID, value: GP_HPR } },
    performer: [{ reference: `Organization/${DEPT}` }],
    reasonCode: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7170', code: 'L15' }], text: 'Knesmerter venstre kne, spm menisklesjon' }],
    note: [{ text: 'Smerter i 12 uker, ikke traume, ingen låsninger.' }],
    ...over,
  };
}

/** POST /fhir/ServiceRequest as the record system (a string body is sent as it is). */
export const fhirPost = (app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/fhir/ServiceRequest',
    headers: { ...WRITE, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
/** GET `url` as the record system. */
export const fhirGet = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { ...READ, ...headers } });

/** A search Bundle as the tests read it. */
export type SearchBundle = {
  total?: number;
  entry?: { resource: { id: string; resourceType: string }; search: { mode: string } }[];
  link: { relation: string; url: string }[];
};
/** The ids of a Bundle's matches (not its includes), sorted. */
export const matchIds = (b: SearchBundle) =>
  (b.entry ?? [])
    .filter((e) => e.search.mode === 'match')
    .map((e) => e.resource.id)
    .sort();
/** The Bundle's self link, decoded. */
export const selfOf = (b: SearchBundle) => decodeURIComponent(b.link.find((l) => l.relation === 'self')!.url);
/** Referral rows in the database. */
export const referralCount = async (db: Kysely<DB>) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM referral`.execute(db)).rows[0].n;

export interface FhirVariantWorld {
  t: TestContext;
  /** The GP's person id. */
  gpPersonId: string;
  /** Referral ids by key: f1 and f2 (FNR patient; f2 revoked), d1 (D-number), h1 (FH-number; no identifier or authoredOn). */
  made: Record<'f1' | 'f2' | 'd1' | 'h1', string>;
}

/**
 * The directory and patients a FHIR test starts from, in `db`: a trust with DEPT, the GP practice
 * with its GP (HPR GP_HPR), the patients `patients` gives as [id, number, birth date] (Kari
 * Nordmann <id>, female, Bergen), and the practice's record-system API client (`client`: its id and
 * the name the access log shows) holding TOKEN with fhir.read and fhir.write. Resolves to the
 * practice's and the GP's ids.
 */
export async function seedFhirPractice(
  db: Kysely<DB>,
  patients: readonly (readonly [id: string, number: string, birthDate: string])[],
  client: { id: string; name: string },
): Promise<{ practice: string; gpPersonId: string }> {
  await loadReferenceData(db);
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen', parentId: rhf });
  await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf, id: DEPT });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gpPersonId = (await createUser(db, { referrerKind: 'gp', hpr: GP_HPR, grants: [{ role: 'referrer', organizationId: practice }] })).personId;
  for (const [id, number, birth] of patients) {
    await db
      .insertInto('patient')
      .values({
        id,
        fnr: number,
        given_name: 'Kari',
        family_name: `Nordmann ${id}`,
        birth_date: birth,
        sex: 'F',
        municipality_number: '4601',
        gp_person_id: null,
      })
      .execute();
  }
  await db
    .insertInto('api_client')
    .values({ id: client.id, name: client.name, organization_id: practice, token_hash: hashToken(TOKEN), scopes: ['fhir.read', 'fhir.write'] })
    .execute();
  return { practice, gpPersonId };
}

/** Builds the world (see the top of this file) in a test database of its own; `config` overrides the test configuration (e.g. a lower fhirMaxOffset). */
export async function openFhirVariantWorld(config: Partial<Config> = {}): Promise<FhirVariantWorld> {
  const t = await createTestContext(config);
  const { gpPersonId } = await seedFhirPractice(
    t.db.kysely,
    [
      ['pat-fnr', FNR, '1960-03-31'],
      ['pat-dnr', DNR, '1985-03-12'],
      ['pat-fh', FH, '2001-01-01'],
    ],
    { id: 'client-var', name: 'EPJ Variant' },
  );
  const made = {} as FhirVariantWorld['made'];
  for (const [key, over] of [
    ['f1', {}],
    ['f2', {}],
    ['d1', { subject: { identifier: { system: DNR_OID, value: DNR } } }],
    ['h1', { subject: { identifier: { system: FH_OID, value: FH } } }],
  ] as const) {
    const r = await fhirPost(t.app, variantReferral(`var-${key}`, over));
    if (r.statusCode !== 201) throw new Error(`variant world: referral ${key} → ${r.statusCode} ${r.body}`);
    made[key] = r.json<{ id: string }>().id;
  }
  // f2 is revoked, and h1 has no identifier/authoredOn as an app-made draft would not (for :missing).
  await t.db.kysely.updateTable('referral').set({ status: 'cancelled' }).where('id', '=', made.f2).execute();
  await t.db.kysely.updateTable('referral').set({ identifier_system: null, identifier_value: null, submitted_at: null }).where('id', '=', made.h1).execute();
  await t.db.kysely.deleteFrom('referral_identifier').where('referral_id', '=', made.h1).execute();
  return { t, gpPersonId, made };
}
