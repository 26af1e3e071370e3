// The preliminary answer to the referrer for urgent cases (migration 0350; lead's decision on issue
// 9): the department setting (off by default, set by the department leader, who/when kept), a LIS's
// preliminary report on an acute exam reaching the referrer (app, PDF data, FHIR DiagnosticReport
// 'preliminary', marked as not countersigned) only when it is on, and the referrer told when
// countersigning changed the answer. Real app and database (PGlite; PostgreSQL with TEST_DATABASE_URL).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, DiagnosticReport } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { createReadingList } from '../testing/reading.ts';
import { referralPdfForReferrer } from '../assessment/view.ts';
import { PRELIMINARY_MARK } from './fhir.ts';
import type { Role } from '../db/schema.ts';
import { loadPrincipal } from '../auth/store.ts';

let ctx: TestContext;
let dept: string;
let otherDept: string;
let gp: string;
let referrerPersonId: string;
let referrer: Session;
let lis: Session;
let radiologist: Session;
let leader: Session;
let leaderPersonId: string;
let otherLeader: Session;
let n = 0;
const sections = { findings: 'Fraktur i distale radius.', conclusion: 'Distal radiusfraktur.' };

async function user(role: Role, org: string) {
  const u = await createUser(ctx.db.kysely, { grants: [{ role, organizationId: org }] });
  return login(ctx.app, u.username, u.password);
}

/** A performed exam of `dept` whose referral has `urgency` (emergency → reading priority acute). */
async function newExam(urgency: 'emergency' | 'routine'): Promise<{ examId: string; referralId: string }> {
  const db = ctx.db.kysely;
  const patient = await createPatient(db);
  const referralId = await createReferral(db, { patientId: patient.id, referrerPersonId, referrerOrgId: gp, departmentOrgId: dept });
  await db.updateTable('referral').set({ urgency }).where('id', '=', referralId).execute();
  const examId = `exam-pr-${++n}`;
  await db
    .insertInto('exam')
    .values({
      id: examId,
      referral_id: referralId,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: dept,
      patient_area_id: null,
      performed_at: new Date(),
      reported_at: null,
    })
    .execute();
  await db.updateTable('referral').set({ status: 'performed', performed_at: new Date() }).where('id', '=', referralId).execute();
  return { examId, referralId };
}

const url = (examId: string, tail = '') => `/api/reporting/exams/${examId}${tail}`;
const signPreliminary = (examId: string) =>
  as(ctx.app, lis)({ method: 'POST', url: url(examId, '/report/preliminary'), payload: { sections, expectedVersion: null } });
const countersign = (examId: string, s: Record<string, string>, score: string) =>
  as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/countersign'), payload: { sections: s, expectedVersion: 1, score } });
const setSetting = (who: Session, orgId: string, on: boolean) =>
  as(ctx.app, who)({ method: 'PUT', url: `/api/reading/settings/${orgId}`, payload: { preliminaryToReferrer: on } });
const referrerReports = async (referralId: string) => {
  const r = await as(ctx.app, referrer)({ url: `/api/reporting/referrals/${referralId}/reports` });
  expect(r.statusCode).toBe(200);
  return r.json() as { status: string; conclusion: string | null; preliminaryAnswer: { at: string; changed: boolean } | null }[];
};
const kindsFor = async (referralId: string) =>
  (await ctx.db.kysely.selectFrom('referrer_notification').select('kind').where('referral_id', '=', referralId).orderBy('id').execute()).map((r) => r.kind);
const referrerPrincipal = async () => (await loadPrincipal(ctx.db.kysely, referrer.me.userId, referrer.csrf))!;
const fhirSearch = async (referralId: string) =>
  ((await as(ctx.app, referrer)({ url: `/fhir/DiagnosticReport?based-on=ServiceRequest/${referralId}` })).json() as Bundle<DiagnosticReport>).entry ?? [];

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Test HF' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf });
  otherDept = await createOrganization(db, { kind: 'department', name: 'Annen avdeling', parentId: hf });
  await createReadingList(db, { name: 'Alle undersøkelser', owner: dept });
  gp = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontoret' });
  const ref = await createUser(db, { grants: [{ role: 'referrer', organizationId: gp }] });
  referrerPersonId = ref.personId;
  referrer = await login(ctx.app, ref.username, ref.password);
  lis = await user('lis', dept);
  radiologist = await user('radiologist', dept);
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: dept }] });
  leaderPersonId = l.personId;
  leader = await login(ctx.app, l.username, l.password);
  otherLeader = await user('department_leader', otherDept);
});
afterAll(async () => ctx?.close());

describe('department reading setting: preliminary answer to the referrer for urgent cases', () => {
  it('is off by default; only the department leader turns it on; who and when are kept', async () => {
    const before = await as(ctx.app, leader)({ url: '/api/reading/settings' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual([
      { organization: { id: dept, name: 'Radiologisk avdeling' }, preliminaryToReferrer: false, changedBy: null, changedAt: null },
    ]);
    // Another department's leader, a reader and the referrer may not change it.
    expect((await setSetting(otherLeader, dept, true)).statusCode).toBe(403);
    expect((await setSetting(radiologist, dept, true)).statusCode).toBe(403);
    expect((await setSetting(referrer, dept, true)).statusCode).toBe(403);
    expect(await ctx.db.kysely.selectFrom('reading_department_setting').selectAll().execute()).toEqual([]);
    // Bad input is a 400 and stores nothing.
    const bad = await as(ctx.app, leader)({ method: 'PUT', url: `/api/reading/settings/${dept}`, payload: { preliminaryToReferrer: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    expect((await setSetting(leader, dept, true)).statusCode).toBe(204);
    const after = (await as(ctx.app, leader)({ url: '/api/reading/settings' })).json();
    expect(after[0].preliminaryToReferrer).toBe(true);
    const person = await ctx.db.kysely.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', leaderPersonId).executeTakeFirstOrThrow();
    expect(after[0].changedBy).toBe(`${person.given_name} ${person.family_name}`);
    expect(Number.isNaN(Date.parse(after[0].changedAt))).toBe(false);
    const row = await ctx.db.kysely.selectFrom('reading_department_setting').selectAll().where('organization_id', '=', dept).executeTakeFirstOrThrow();
    expect(row.changed_by_person_id).toBe(leaderPersonId);
    expect((await setSetting(leader, dept, false)).statusCode).toBe(204);
  });

  it('off: a LIS preliminary report on an acute exam is not the referrer’s (app, PDF, FHIR), and no notification', async () => {
    const { examId, referralId } = await newExam('emergency');
    expect((await signPreliminary(examId)).statusCode).toBe(200);
    expect(await referrerReports(referralId)).toEqual([]);
    expect(await fhirSearch(referralId)).toEqual([]);
    const { reports } = await referralPdfForReferrer(ctx.db.kysely, await referrerPrincipal(), referralId, null);
    expect(reports).toEqual([]);
    expect(await kindsFor(referralId)).toEqual([]);
  });

  it('on, but not acute: unchanged — the referrer sees final reports only', async () => {
    expect((await setSetting(leader, dept, true)).statusCode).toBe(204);
    const { examId, referralId } = await newExam('routine');
    expect((await signPreliminary(examId)).statusCode).toBe(200);
    expect(await referrerReports(referralId)).toEqual([]);
    expect(await fhirSearch(referralId)).toEqual([]);
    expect(await kindsFor(referralId)).toEqual([]);
  });

  it('on and acute: the referrer sees the preliminary answer, marked, in the app, the PDF and FHIR; is notified; reads are logged', async () => {
    expect((await setSetting(leader, dept, true)).statusCode).toBe(204);
    const { examId, referralId } = await newExam('emergency');
    expect((await signPreliminary(examId)).statusCode).toBe(200);

    const app = await referrerReports(referralId);
    expect(app).toHaveLength(1);
    expect(app[0]).toMatchObject({ status: 'preliminary', conclusion: 'Distal radiusfraktur.' });
    const { reports } = await referralPdfForReferrer(ctx.db.kysely, await referrerPrincipal(), referralId, null);
    expect(reports.map((r) => r.status)).toEqual(['preliminary']);
    const pdf = await as(ctx.app, referrer)({ url: `/api/referrals/${referralId}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    // Read back as a PDF reader shows it (poppler's pdftotext, as referral-pdf.test.ts does).
    const dir = mkdtempSync(path.join(tmpdir(), 'radvis-prelim-'));
    try {
      writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
      const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(pdfText).toContain('Foreløpig svar – ikke kontrasignert');
      expect(pdfText).toContain('Distal radiusfraktur.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const entries = await fhirSearch(referralId);
    expect(entries).toHaveLength(1);
    const dr = entries[0]!.resource!;
    expect(dr.status).toBe('preliminary');
    const text = Buffer.from(dr.presentedForm![0]!.data!, 'base64').toString('utf8');
    expect(text.startsWith(PRELIMINARY_MARK)).toBe(true);
    const read = await as(ctx.app, referrer)({ url: `/fhir/DiagnosticReport/${dr.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().status).toBe('preliminary');

    expect(await kindsFor(referralId)).toEqual(['report-preliminary']);
    const notes = (await as(ctx.app, referrer)({ url: '/api/reporting/notifications' })).json();
    expect(notes.items.some((i: { referralId: string; kind: string }) => i.referralId === referralId && i.kind === 'report-preliminary')).toBe(true);

    const log = await ctx.db.kysely
      .selectFrom('access_log')
      .select(['context', 'outcome'])
      .where('user_id', '=', referrer.me.userId)
      .where(
        'patient_id',
        '=',
        (await ctx.db.kysely.selectFrom('referral').select('patient_id').where('id', '=', referralId).executeTakeFirstOrThrow()).patient_id,
      )
      .execute();
    expect(log).toEqual(
      expect.arrayContaining([
        { context: 'referral-reports', outcome: 'allowed' },
        { context: 'referral-pdf', outcome: 'allowed' },
        { context: 'fhir-diagnosticreport-read', outcome: 'allowed' },
      ]),
    );
  });

  it('countersigned unchanged with grade 1: the final replaces it and the referrer gets the usual "final" notice', async () => {
    expect((await setSetting(leader, dept, true)).statusCode).toBe(204);
    const { examId, referralId } = await newExam('emergency');
    expect((await signPreliminary(examId)).statusCode).toBe(200);
    const cs = await countersign(examId, sections, '1');
    expect(cs.statusCode).toBe(200);
    expect((await referrerReports(referralId)).map((r) => r.status)).toEqual(['final']);
    // The referral page says the preliminary answer stood: released earlier, not changed.
    expect((await referrerReports(referralId))[0]!.preliminaryAnswer).toMatchObject({ changed: false, at: expect.stringMatching(/^\d{4}-/) });
    expect((await fhirSearch(referralId)).map((e) => e.resource!.status)).toEqual(['final']);
    expect(await kindsFor(referralId)).toEqual(['report-preliminary', 'report-final']);
  });

  it('countersigner changes the conclusion, or grades a discrepancy: "the answer changed" notice', async () => {
    expect((await setSetting(leader, dept, true)).statusCode).toBe(204);
    const a = await newExam('emergency');
    expect((await signPreliminary(a.examId)).statusCode).toBe(200);
    expect((await countersign(a.examId, { ...sections, conclusion: 'Ingen sikker fraktur.' }, '1')).statusCode).toBe(200);
    expect(await kindsFor(a.referralId)).toEqual(['report-preliminary', 'report-changed']);
    expect((await referrerReports(a.referralId))[0]).toMatchObject({
      status: 'final',
      conclusion: 'Ingen sikker fraktur.',
      preliminaryAnswer: { changed: true },
    });

    const b = await newExam('emergency');
    expect((await signPreliminary(b.examId)).statusCode).toBe(200);
    expect((await countersign(b.examId, sections, '2a')).statusCode).toBe(200);
    expect(await kindsFor(b.referralId)).toEqual(['report-preliminary', 'report-changed']);
  });

  it('a report the referrer never saw as preliminary gets the usual "final" notice even when changed', async () => {
    expect((await setSetting(leader, dept, false)).statusCode).toBe(204);
    const { examId, referralId } = await newExam('emergency');
    expect((await signPreliminary(examId)).statusCode).toBe(200);
    expect((await countersign(examId, { ...sections, conclusion: 'Annen konklusjon.' }, '3b')).statusCode).toBe(200);
    expect(await kindsFor(referralId)).toEqual(['report-final']);
    expect((await referrerReports(referralId))[0]).toMatchObject({ status: 'final', preliminaryAnswer: null });
  });
});
