// Test fixtures for the reading domain: a small region (two trusts, a regional list), exam codes,
// and performed, unread exams (an exam row makes a reading case through the migration's trigger).
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { hashToken } from '../auth/sessions.ts';
import type { DB, Urgency } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { createOrganization, createPatient, createUser } from './factories.ts';
import { login, type Session } from './harness.ts';

export const EXAM_CODES = [
  { code: 'SAA0AD', name: 'CT caput', modality: 'CT', body_part: 'hode' },
  { code: 'SNG0AG', name: 'MR kne', modality: 'MR', body_part: 'kne' },
  { code: 'SEA0AA', name: 'Røntgen thorax', modality: 'DX', body_part: 'thorax' },
];

export interface ReadingRegion {
  rhf: string;
  hfA: string;
  siteA: string;
  deptA: string;
  hfB: string;
  siteB: string;
  deptB: string;
  practice: string;
  gpPerson: string;
}

export async function createReadingRegion(db: Kysely<DB>): Promise<ReadingRegion> {
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Test' });
  const hfA = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord', parentId: rhf });
  const siteA = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hfA });
  const deptA = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: siteA });
  const hfB = await createOrganization(db, { kind: 'hf', name: 'Helse Vidde', parentId: rhf });
  const siteB = await createOrganization(db, { kind: 'site', name: 'Vidde sykehus', parentId: hfB });
  const deptB = await createOrganization(db, { kind: 'department', name: 'Radiologi Vidde', parentId: siteB });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  for (const c of EXAM_CODES)
    await db
      .insertInto('exam_code')
      .values({ ...c, name_en: null, source: 'test' })
      .onConflict((x) => x.doNothing())
      .execute();
  return { rhf, hfA, siteA, deptA, hfB, siteB, deptB, practice, gpPerson: gp.personId };
}

let n = 0;
/** A performed, unread exam in `dept` (referral 'performed', requested procedure with accession number and UID, exam row). */
export async function performExam(
  db: Kysely<DB>,
  reg: ReadingRegion,
  e: { dept: string; code: string; urgency?: Urgency; priorityCategory?: string; performedAt?: Date; patientId?: string },
) {
  const patientId = e.patientId ?? (await createPatient(db)).id;
  const i = ++n;
  const tag = crypto.randomBytes(4).toString('hex');
  const referralId = `ref-rd-${tag}-${i}`;
  const at = e.performedAt ?? new Date();
  await db
    .insertInto('referral')
    .values({
      id: referralId,
      patient_id: patientId,
      referrer_person_id: reg.gpPerson,
      referrer_org_id: reg.practice,
      department_org_id: e.dept,
      exam_code: e.code,
      status: 'performed',
      urgency: e.urgency ?? 'routine',
      priority_category: e.priorityCategory ?? null,
      clinical_question: 'Spørsmål om brudd?',
      submitted_at: at,
      performed_at: at,
    })
    .execute();
  const accession = `T${tag}${i}`.slice(0, 16);
  const uid = `2.25.${parseInt(tag, 16)}${i}`;
  await db
    .insertInto('requested_procedure')
    .values({
      id: `rp-${tag}-${i}`,
      referral_id: referralId,
      patient_id: patientId,
      department_org_id: e.dept,
      accession_number: accession,
      requested_procedure_id: `RP${i}`,
      study_instance_uid: uid,
      description: e.code,
    })
    .execute();
  const examId = `exam-rd-${tag}-${i}`;
  await db
    .insertInto('exam')
    .values({
      id: examId,
      referral_id: referralId,
      exam_code: e.code,
      modality_id: null,
      performing_org_id: e.dept,
      patient_area_id: null,
      performed_at: at,
      reported_at: null,
    })
    .execute();
  return { examId, referralId, patientId, accession, uid };
}

/** A reading list row. */
export async function createReadingList(
  db: Kysely<DB>,
  l: { name?: string; owner: string; regional?: boolean; modalities?: string[]; subspecialty?: string; priorities?: string[]; nameKey?: string },
) {
  const id = `rl-${crypto.randomBytes(4).toString('hex')}`;
  await db
    .insertInto('reading_list')
    .values({
      id,
      name: l.name ?? 'Liste',
      owner_org_id: l.owner,
      regional: l.regional ?? false,
      modalities: l.modalities ?? null,
      body_parts: null,
      exam_codes: null,
      priorities: l.priorities ?? null,
      site_org_ids: null,
      trust_org_ids: null,
      subspecialty: l.subspecialty ?? null,
      name_key: l.nameKey ?? null,
    })
    .execute();
  return id;
}

/** A reader: user with a reading role and a profile. */
export async function createReader(
  db: Kysely<DB>,
  r: {
    org: string;
    role: 'radiologist' | 'lis' | 'reporting_radiographer';
    solo?: string[];
    subspecialties?: string[];
    extraRoles?: ('department_leader' | 'radiologist')[];
  },
) {
  const u = await createUser(db, {
    grants: [{ role: r.role, organizationId: r.org }, ...(r.extraRoles ?? []).map((role) => ({ role, organizationId: r.org }))],
    profession: r.role === 'reporting_radiographer' ? 'radiographer' : 'physician',
  });
  await db
    .insertInto('reader_profile')
    .values({
      person_id: u.personId,
      role: r.role,
      home_org_id: r.org,
      subspecialties: r.subspecialties ?? [],
      solo_exam_codes: r.solo ?? [],
      available: true,
      updated_by: null,
    })
    .execute();
  return u;
}

/** Many performed, unread exams in `dept` in three statements (one patient; for load and concurrency tests). */
export async function performExamsBulk(
  db: Kysely<DB>,
  reg: ReadingRegion,
  dept: string,
  count: number,
  each: (i: number) => { code: string; urgency?: Urgency; performedAt: Date },
) {
  const patientId = (await createPatient(db)).id;
  const tag = crypto.randomBytes(4).toString('hex');
  const rows = Array.from({ length: count }, (_, i) => ({ i, ...each(i) }));
  const chunk = 1000;
  for (let s = 0; s < rows.length; s += chunk) {
    const part = rows.slice(s, s + chunk);
    await db
      .insertInto('referral')
      .values(
        part.map((r) => ({
          id: `ref-b-${tag}-${r.i}`,
          patient_id: patientId,
          referrer_person_id: reg.gpPerson,
          referrer_org_id: reg.practice,
          department_org_id: dept,
          exam_code: r.code,
          status: 'performed' as const,
          urgency: r.urgency ?? 'routine',
          submitted_at: r.performedAt,
          performed_at: r.performedAt,
        })),
      )
      .execute();
    await db
      .insertInto('exam')
      .values(
        part.map((r) => ({
          id: `exam-b-${tag}-${r.i}`,
          referral_id: `ref-b-${tag}-${r.i}`,
          exam_code: r.code,
          modality_id: null,
          performing_org_id: dept,
          patient_area_id: null,
          performed_at: r.performedAt,
          reported_at: null,
        })),
      )
      .execute();
  }
  return rows.map((r) => `exam-b-${tag}-${r.i}`);
}

/** Many radiologists with profiles in `org`, in bulk (no password; for direct calls with a Principal). */
export async function createReadersBulk(db: Kysely<DB>, org: string, count: number) {
  const tag = crypto.randomBytes(4).toString('hex');
  const ids = Array.from({ length: count }, (_, i) => ({ personId: `person-b-${tag}-${i}`, userId: `user-b-${tag}-${i}`, username: `leser${tag}${i}` }));
  await db
    .insertInto('person')
    .values(
      ids.map((x) => ({
        id: x.personId,
        hpr_number: null,
        given_name: 'Leser',
        family_name: x.username,
        profession: 'physician' as const,
        referrer_kind: null,
        email: null,
      })),
    )
    .execute();
  await db
    .insertInto('user_account')
    .values(ids.map((x) => ({ id: x.userId, person_id: x.personId, username: x.username, password_hash: null })))
    .execute();
  await db
    .insertInto('role_assignment')
    .values(ids.map((x) => ({ id: crypto.randomUUID(), user_id: x.userId, role: 'radiologist' as const, organization_id: org })))
    .execute();
  await db
    .insertInto('reader_profile')
    .values(ids.map((x) => ({ person_id: x.personId, role: 'radiologist' as const, home_org_id: org, updated_by: null })))
    .execute();
  return ids;
}

/** A radiologist's Principal (as a session gives it) for a reader made by createReadersBulk, with the role in `orgId`. */
export function readerPrincipal(u: { userId: string; personId: string; username: string }, orgId: string, orgName = 'Radiologi'): Principal {
  return {
    userId: u.userId,
    personId: u.personId,
    username: u.username,
    name: 'Leser',
    hprNumber: null,
    referrerKind: null,
    locale: 'nb',
    grants: [{ role: 'radiologist', organizationId: orgId, organizationName: orgName }],
    csrfToken: 'x',
  };
}

/**
 * The set-up of the live reading-list tests: a reading region, a list of department A, a
 * radiologist and a radiologist who leads the department (both logged in through `app`), and an
 * AI client (`clientId`, scope reading.ai, of the RHF) with its bearer token.
 */
export async function createLiveReadingWorld(
  app: FastifyInstance,
  db: Kysely<DB>,
  clientId: string,
): Promise<{ reg: ReadingRegion; reader: Session; leader: Session; token: string }> {
  const reg = await createReadingRegion(db);
  await createReadingList(db, { owner: reg.deptA });
  const r = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const l = await createReader(db, { org: reg.deptA, role: 'radiologist', extraRoles: ['department_leader'] });
  const reader = await login(app, r.username, r.password);
  const leader = await login(app, l.username, l.password);
  const token = crypto.randomBytes(24).toString('hex');
  await db
    .insertInto('api_client')
    .values({ id: clientId, name: 'KI', organization_id: reg.rhf, token_hash: hashToken(token), scopes: ['reading.ai'] })
    .execute();
  return { reg, reader, leader, token };
}

/**
 * The `change` events of a server-sent event stream (GET /api/reading/events), parsed, in order;
 * ends when the stream ends. Other event types (keep-alives) are skipped.
 */
export async function* readingChangeEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ kind: string; examId: string }> {
  const rd = body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await rd.read();
    if (done) return;
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split('\n').find((x) => x.startsWith('data: '));
      if (block.includes('event: change') && data) yield JSON.parse(data.slice(6)) as { kind: string; examId: string };
    }
  }
}
