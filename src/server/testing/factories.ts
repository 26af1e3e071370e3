// Typed factories for tests: build the few directory rows a test needs, with sensible defaults.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, OrganizationKind, Profession, ReferrerKind, Role } from '../db/schema.ts';
import { hash } from '@node-rs/argon2';
import { makeSyntheticFnr } from '../directory/identifiers.ts';

let counter = 0;
const next = () => `${++counter}-${crypto.randomBytes(3).toString('hex')}`;

/** Region 'vest', area 'bergen', municipality 4601 Bergen: the minimum geography. */
export async function createGeography(db: Kysely<DB>) {
  await db
    .insertInto('region')
    .values({ id: 'vest', name: 'Helse Vest' })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('hospital_area')
    .values({ id: 'bergen', name: 'Bergen', region_id: 'vest' })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('municipality')
    .values({ number: '4601', name: 'Bergen', area_id: 'bergen', population: 291_000 })
    .onConflict((c) => c.doNothing())
    .execute();
  return { regionId: 'vest', areaId: 'bergen', municipality: '4601' };
}

export async function createOrganization(db: Kysely<DB>, o: { kind: OrganizationKind; name?: string; parentId?: string | null; id?: string }) {
  await createGeography(db);
  const id = o.id ?? `org-${next()}`;
  await db
    .insertInto('organization')
    .values({
      id,
      kind: o.kind,
      name: o.name ?? `Org ${id}`,
      short_name: null,
      parent_id: o.parentId ?? null,
      region_id: 'vest',
      area_id: 'bergen',
      municipality_number: '4601',
      org_number: null,
    })
    .execute();
  return id;
}

export const TEST_PASSWORD = 'test-passord-123';
let passwordHash: Promise<string> | undefined;

export async function createUser(
  db: Kysely<DB>,
  u: {
    grants: { role: Role; organizationId: string }[];
    username?: string;
    profession?: Profession;
    referrerKind?: ReferrerKind | null;
    hpr?: string | null;
    name?: [string, string];
  },
) {
  // The fixture users' hash is argon2id with the smallest cost (1 MiB, one pass): logins verify it
  // with the same code as any other hash (the cost is read from the hash), in under a millisecond of
  // CPU instead of ~15–30 ms — the suite logs in over a thousand times. What accounts created by the
  // app stores (19 MiB, t=2) is asserted in auth/auth.test.ts.
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const n = next();
  const personId = `person-${n}`;
  const userId = `user-${n}`;
  const username = u.username ?? `user${n.replace(/[^a-z0-9]/g, '')}`;
  await db
    .insertInto('person')
    .values({
      id: personId,
      hpr_number: u.hpr ?? null,
      given_name: u.name?.[0] ?? 'Test',
      family_name: u.name?.[1] ?? `Bruker ${n}`,
      profession: u.profession ?? 'physician',
      referrer_kind: u.referrerKind ?? null,
      email: null,
    })
    .execute();
  await db
    .insertInto('user_account')
    .values({ id: userId, person_id: personId, username, password_hash: await passwordHash })
    .execute();
  for (const g of u.grants)
    await db.insertInto('role_assignment').values({ id: crypto.randomUUID(), user_id: userId, role: g.role, organization_id: g.organizationId }).execute();
  return { userId, personId, username, password: TEST_PASSWORD };
}

export async function createPatient(db: Kysely<DB>, p: { birthDate?: string; sex?: 'M' | 'F'; gpPersonId?: string | null; name?: [string, string] } = {}) {
  await createGeography(db);
  const birthDate = p.birthDate ?? '1970-06-15';
  const sex = p.sex ?? 'F';
  const n = next();
  let fnr: string | null = null;
  for (let start = counter * 7; !fnr || (await db.selectFrom('patient').select('id').where('fnr', '=', fnr).executeTakeFirst()); start += 13) {
    fnr = makeSyntheticFnr(birthDate, sex, start);
  }
  const id = `patient-${n}`;
  await db
    .insertInto('patient')
    .values({
      id,
      fnr,
      given_name: p.name?.[0] ?? 'Kari',
      family_name: p.name?.[1] ?? `Testesen ${n}`,
      birth_date: birthDate,
      sex,
      municipality_number: '4601',
      gp_person_id: p.gpPersonId ?? null,
    })
    .execute();
  return { id, fnr };
}

export async function createExamCode(db: Kysely<DB>, code = 'SNG0AG', name = 'MR kne') {
  await db
    .insertInto('exam_code')
    .values({ code, name, name_en: null, modality: 'MR', body_part: 'kne', source: 'test' })
    .onConflict((c) => c.doNothing())
    .execute();
  return code;
}

export async function createReferral(
  db: Kysely<DB>,
  r: { patientId: string; referrerPersonId: string; referrerOrgId: string; departmentOrgId: string; examCode?: string },
) {
  const examCode = await createExamCode(db, r.examCode);
  const id = `ref-${next()}`;
  await db
    .insertInto('referral')
    .values({
      id,
      patient_id: r.patientId,
      referrer_person_id: r.referrerPersonId,
      referrer_org_id: r.referrerOrgId,
      department_org_id: r.departmentOrgId,
      exam_code: examCode,
      status: 'submitted',
      submitted_at: new Date(),
    })
    .execute();
  return id;
}
