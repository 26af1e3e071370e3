// The reporting domain's SQL (the only place it writes SQL): reports, their versions, addenda,
// countersign reviews, reader approvals and referrer notifications (migration 0130).
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { keysetCondition, keysetKey, type KeysetColumn } from '../interop/fhir/paging.ts';
import { patientKeyCondition, type PatientKey } from '../directory/store.ts';
import { recordReferralEvent } from '../assessment/receipt.ts';
import type { DB, RadpeerScore, ReadingPriority, ReportStatus } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** An exam with what the gate and the report page need (referral keys, names, study UID). */
export async function examContext(db: Q, examId: string) {
  return db
    .selectFrom('exam as e')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .innerJoin('organization as d', 'd.id', 'e.performing_org_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .innerJoin('organization as ro', 'ro.id', 'r.referrer_org_id')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .select([
      'e.id as exam_id',
      'e.exam_code',
      'e.performed_at',
      'e.reported_at',
      'e.performing_org_id',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.modality',
      'd.name as department_name',
      'r.id',
      'r.patient_id',
      'r.referrer_person_id',
      'r.referrer_org_id',
      'r.department_org_id',
      'r.clinical_question',
      'r.clinical_note',
      'r.urgency',
      'r.advice',
      'r.submitted_at',
      'r.status as referral_status',
      sql<string>`rp.given_name || ' ' || rp.family_name`.as('referrer_name'),
      'ro.name as referrer_org_name',
      sql<string>`p.given_name || ' ' || p.family_name`.as('patient_name'),
      'p.birth_date as patient_birth_date',
      'p.sex as patient_sex',
      'p.fnr as patient_fnr',
    ])
    .select((eb) =>
      eb
        .selectFrom('requested_procedure as q')
        .select('q.study_instance_uid')
        .whereRef('q.referral_id', '=', 'r.id')
        .orderBy('q.created_at')
        .limit(1)
        .as('study_instance_uid'),
    )
    .where('e.id', '=', examId)
    .executeTakeFirst();
}
export type ExamContext = NonNullable<Awaited<ReturnType<typeof examContext>>>;

export async function reportByExam(db: Q, examId: string) {
  return db.selectFrom('report').selectAll().where('exam_id', '=', examId).executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof reportByExam>>>;

export async function reportById(db: Q, id: string) {
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a new report at version 1; false when the exam already has one (someone else was first). */
export async function insertReport(
  db: Q,
  r: {
    id: string;
    examId: string;
    templateId: string;
    sections: Record<string, string>;
    status: ReportStatus;
    authorPersonId: string;
    authorRole: string;
    needsCountersign: boolean;
    finalizedBy: string | null;
    at: Date;
    preliminaryAt: Date | null;
    finalAt: Date | null;
  },
): Promise<boolean> {
  const res = await db
    .insertInto('report')
    .values({
      id: r.id,
      exam_id: r.examId,
      template_id: r.templateId,
      sections: JSON.stringify(r.sections),
      status: r.status,
      author_person_id: r.authorPersonId,
      author_role: r.authorRole,
      needs_countersign: r.needsCountersign,
      finalized_by_person_id: r.finalizedBy,
      version: 1,
      created_at: r.at,
      updated_at: r.at,
      preliminary_at: r.preliminaryAt,
      final_at: r.finalAt,
    })
    .onConflict((c) => c.column('exam_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Updates a report only if it is still at `expectedVersion` (optimistic concurrency); returns the new version or undefined. */
export async function updateReport(
  db: Q,
  id: string,
  expectedVersion: number,
  set: {
    sections: Record<string, string>;
    status: ReportStatus;
    needsCountersign: boolean;
    finalizedBy?: string;
    at: Date;
    preliminaryAt?: Date;
    finalAt?: Date;
  },
): Promise<number | undefined> {
  const row = await db
    .updateTable('report')
    .set({
      sections: JSON.stringify(set.sections),
      status: set.status,
      needs_countersign: set.needsCountersign,
      updated_at: set.at,
      version: sql<number>`version + 1`,
      ...(set.finalizedBy ? { finalized_by_person_id: set.finalizedBy } : {}),
      ...(set.preliminaryAt ? { preliminary_at: set.preliminaryAt } : {}),
      ...(set.finalAt ? { final_at: set.finalAt } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function insertVersion(
  db: Q,
  v: {
    reportId: string;
    version: number;
    status: ReportStatus;
    sections: Record<string, string>;
    action: 'save' | 'preliminary' | 'finalize' | 'countersign' | 'consult';
    personId: string;
    at: Date;
    consultId?: string;
  },
) {
  await db
    .insertInto('report_version')
    .values({
      report_id: v.reportId,
      version: v.version,
      status: v.status,
      sections: JSON.stringify(v.sections),
      action: v.action,
      person_id: v.personId,
      at: v.at,
      consult_id: v.consultId ?? null,
    })
    .execute();
}

export async function versions(db: Q, reportId: string) {
  return db
    .selectFrom('report_version as v')
    .innerJoin('person as p', 'p.id', 'v.person_id')
    .select(['v.version', 'v.status', 'v.action', 'v.at', sql<string>`p.given_name || ' ' || p.family_name`.as('person_name')])
    .where('v.report_id', '=', reportId)
    .orderBy('v.version')
    .execute();
}

/**
 * The referral's first signed report (preliminary, or final when it went straight to final): the
 * time the process measures count to the preliminary report (issue 10 §4, migration 0241). Kept
 * once; a later report of another exam of the referral does not move it.
 */
export async function markPreliminary(db: Q, referralId: string, at: Date) {
  await db.updateTable('referral').set({ preliminary_reported_at: at }).where('id', '=', referralId).where('preliminary_reported_at', 'is', null).execute();
}

/**
 * The final report is signed: the exam's reported time, the referral 'reported' (unless it already
 * is, or was cancelled) with a 'reported' event on its history naming who signed.
 */
export async function markReported(db: Q, examId: string, referralId: string, at: Date, by: { userId: string; personId: string; role: string | null }) {
  await db.updateTable('exam').set({ reported_at: at }).where('id', '=', examId).where('reported_at', 'is', null).execute();
  const before = await db.selectFrom('referral').select('status').where('id', '=', referralId).forUpdate().executeTakeFirst();
  if (!before || before.status === 'reported' || before.status === 'cancelled') return;
  await db.updateTable('referral').set({ status: 'reported', reported_at: at }).where('id', '=', referralId).execute();
  await recordReferralEvent(db, {
    referralId,
    kind: 'reported',
    fromStatus: before.status,
    toStatus: 'reported',
    actorUserId: by.userId,
    actorPersonId: by.personId,
    actorRole: by.role,
    at,
  });
}

export async function insertAddendum(db: Q, a: { id: string; reportId: string; text: string; authorPersonId: string; at: Date; consultId?: string }) {
  await db
    .insertInto('report_addendum')
    .values({ id: a.id, report_id: a.reportId, text: a.text, author_person_id: a.authorPersonId, created_at: a.at, consult_id: a.consultId ?? null })
    .execute();
}

/**
 * Locks the report row (FOR UPDATE: concurrent addenda to one report are serialized) and returns
 * the id of an addendum with exactly `text` by `authorPersonId` written at or after `since`, if any
 * (a double submit of that addendum), else undefined.
 */
export async function lockReportAndFindAddendum(
  db: Q,
  reportId: string,
  a: { text: string; authorPersonId: string; since: Date },
): Promise<string | undefined> {
  await db.selectFrom('report').select('id').where('id', '=', reportId).forUpdate().execute();
  const row = await db
    .selectFrom('report_addendum')
    .select('id')
    .where('report_id', '=', reportId)
    .where('author_person_id', '=', a.authorPersonId)
    .where('text', '=', a.text)
    .where('created_at', '>=', a.since)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id;
}

export async function addenda(db: Q, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('report_addendum as a')
    .innerJoin('person as p', 'p.id', 'a.author_person_id')
    .select(['a.id', 'a.report_id', 'a.text', 'a.created_at', sql<string>`p.given_name || ' ' || p.family_name`.as('author_name')])
    .where('a.report_id', 'in', reportIds)
    .orderBy('a.created_at')
    .execute();
}

export async function insertReview(
  db: Q,
  r: { reportId: string; reviewer: string; author: string; score: RadpeerScore; comment: string | null; changed: boolean; at: Date },
) {
  await db
    .insertInto('report_review')
    .values({
      report_id: r.reportId,
      reviewer_person_id: r.reviewer,
      author_person_id: r.author,
      score: r.score,
      comment: r.comment,
      changed: r.changed,
      at: r.at,
    })
    .execute();
}

export async function reviewOf(db: Q, reportId: string) {
  return db
    .selectFrom('report_review as v')
    .innerJoin('person as p', 'p.id', 'v.reviewer_person_id')
    .select(['v.score', 'v.comment', 'v.changed', 'v.at', sql<string>`p.given_name || ' ' || p.family_name`.as('reviewer_name')])
    .where('v.report_id', '=', reportId)
    .executeTakeFirst();
}

/** Is the person approved to report this exam type alone in one of these organizations? */
export async function hasExamApproval(db: Q, personId: string, examCode: string, organizationIds: string[]): Promise<boolean> {
  if (organizationIds.length === 0) return false;
  const row = await db
    .selectFrom('reader_exam_approval')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('exam_code', '=', examCode)
    .where('organization_id', 'in', organizationIds)
    .executeTakeFirst();
  return !!row;
}

/**
 * Preliminary reports waiting for countersigning in these departments, in the worklist's order:
 * the reading case's priority rank first (reading_case.priority_rank; an exam without a case — none
 * are made so, migration 0135 — by the referral's urgency as the case would have it), then the time
 * signed preliminary, oldest first, then the exam id.
 */
export async function countersignQueue(db: Q, departmentIds: string[], limit: number) {
  if (departmentIds.length === 0) return [];
  // The fallback mirrors the case trigger (migration 0120 reading_case_from_exam).
  const priority = sql<ReadingPriority>`COALESCE(rc.priority, CASE WHEN r.urgency = 'emergency' OR r.priority_category = 'emergency' THEN 'acute'
    WHEN r.priority_category = 'cancer_pathway' THEN 'cancer_pathway' WHEN r.urgency = 'urgent' THEN 'urgent'
    WHEN r.urgency = 'planned' THEN 'planned' ELSE 'routine' END)`;
  return db
    .selectFrom('report as rep')
    .innerJoin('exam as e', 'e.id', 'rep.exam_id')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .innerJoin('person as a', 'a.id', 'rep.author_person_id')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .leftJoin('reading_case as rc', 'rc.exam_id', 'e.id')
    .leftJoin('reading_deadline as d', (j) => j.on(sql<SqlBool>`d.priority = ${priority}`))
    .select([
      'e.id as exam_id',
      'r.patient_id',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'e.performed_at',
      'rep.preliminary_at',
      'rep.author_person_id',
      'r.urgency',
      priority.as('priority'),
      sql<string>`a.given_name || ' ' || a.family_name`.as('author_name'),
      sql<string>`p.given_name || ' ' || p.family_name`.as('patient_name'),
    ])
    .where('rep.status', '=', 'preliminary')
    .where('rep.needs_countersign', '=', true)
    .where('e.performing_org_id', 'in', departmentIds)
    .orderBy('d.rank')
    .orderBy('rep.preliminary_at')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

/** The author's graded reports (their feedback), newest first. */
export async function feedbackFor(db: Q, personId: string, limit: number) {
  return db
    .selectFrom('report_review as v')
    .innerJoin('report as rep', 'rep.id', 'v.report_id')
    .innerJoin('exam as e', 'e.id', 'rep.exam_id')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .innerJoin('person as rv', 'rv.id', 'v.reviewer_person_id')
    .select([
      'e.id as exam_id',
      'r.patient_id',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'e.performed_at',
      'v.score',
      'v.comment',
      'v.changed',
      'v.at',
      sql<string>`rv.given_name || ' ' || rv.family_name`.as('reviewer_name'),
    ])
    .where('v.author_person_id', '=', personId)
    .orderBy('v.at', 'desc')
    .limit(limit)
    .execute();
}

/** The patient's other exams with their reports, newest first. */
export async function patientExams(db: Q, patientId: string, exceptExamId: string, limit: number) {
  return db
    .selectFrom('exam as e')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .innerJoin('organization as d', 'd.id', 'e.performing_org_id')
    .leftJoin('report as rep', 'rep.exam_id', 'e.id')
    .select([
      'e.id as exam_id',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'e.performed_at',
      'd.name as department_name',
      'rep.id as report_id',
      'rep.status',
      'rep.template_id',
      'rep.sections',
    ])
    .where('r.patient_id', '=', patientId)
    .where('e.id', '!=', exceptExamId)
    .orderBy('e.performed_at', 'desc')
    .limit(limit)
    .execute();
}

/** Every exam of a referral with its report (for the referrer's page and FHIR). */
export async function reportsForReferral(db: Q, referralId: string) {
  return db
    .selectFrom('exam as e')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .innerJoin('organization as d', 'd.id', 'e.performing_org_id')
    .innerJoin('report as rep', 'rep.exam_id', 'e.id')
    .leftJoin('person as f', 'f.id', 'rep.finalized_by_person_id')
    .leftJoin('person as au', 'au.id', 'rep.author_person_id')
    .select([
      'e.id as exam_id',
      'e.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.modality',
      'e.performed_at',
      'd.name as department_name',
      'e.performing_org_id',
      'rep.id as report_id',
      'rep.status',
      'rep.template_id',
      'rep.sections',
      'rep.version',
      'rep.preliminary_at',
      'rep.final_at',
      'rep.updated_at',
      'rep.referrer_preliminary_at',
      sql<string | null>`f.given_name || ' ' || f.family_name`.as('signed_by'),
      sql<string | null>`au.given_name || ' ' || au.family_name`.as('author_name'),
      // Countersigning changed the answer the referrer had seen as preliminary (service.ts
      // applyReportAction; per report, migration 0421 — a referral's other exams are not marked).
      'rep.answer_changed',
    ])
    .where('e.referral_id', '=', referralId)
    .where('rep.status', 'in', ['preliminary', 'final'])
    .orderBy('e.performed_at')
    .execute();
}

/** A DiagnosticReport search in Radvis terms: each array is AND of its entries, each entry OR. */
export interface ReportSearch {
  ids: string[][];
  referralIds: string[][];
  /** Patient ids, or every patient in an identifier system (`[system]|`). */
  patientIds: PatientKey[][];
  /** FHIR codes: preliminary; final (no addenda); amended (final with addenda); others never match. */
  statuses: { not: boolean; codes: string[] }[];
}

function reportSearch(db: Q, f: ReportSearch, visible: RawBuilder<SqlBool>) {
  let q = db
    .selectFrom('report as rep')
    .innerJoin('exam as e', 'e.id', 'rep.exam_id')
    .innerJoin('referral as r', 'r.id', 'e.referral_id')
    .where(visible)
    .where('rep.status', 'in', ['preliminary', 'final']);
  for (const ids of f.ids) q = q.where('rep.id', 'in', ids.length ? ids : ['-']);
  for (const ids of f.referralIds) q = q.where('r.id', 'in', ids.length ? ids : ['-']);
  for (const group of f.patientIds) q = q.where(patientKeyCondition('r.patient_id', group));
  const amended = sql<SqlBool>`EXISTS (SELECT 1 FROM report_addendum a WHERE a.report_id = rep.id)`;
  for (const st of f.statuses) {
    const parts = st.codes.map((c) =>
      c === 'preliminary'
        ? sql<SqlBool>`rep.status = 'preliminary'`
        : c === 'final'
          ? sql<SqlBool>`(rep.status = 'final' AND NOT ${amended})`
          : c === 'amended'
            ? sql<SqlBool>`(rep.status = 'final' AND ${amended})`
            : sql<SqlBool>`false`,
    );
    const any = sql<SqlBool>`(${sql.join(parts.length ? parts : [sql`false`], sql` OR `)})`;
    q = q.where(st.not ? sql<SqlBool>`NOT ${any}` : any);
  }
  return q;
}

/** One page of published report ids (preliminary, final) matching `f` among the referrals `visible` allows, newest exam first. */
export async function searchReportPage(db: Q, f: ReportSearch, visible: RawBuilder<SqlBool>, page: { limit: number; offset: number }) {
  if (page.limit === 0) return [];
  return reportSearch(db, f, visible)
    .select(['rep.id as report_id', 'e.id as exam_id'])
    .orderBy('e.performed_at', 'desc')
    .orderBy('rep.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The keyset sort of a report search: newest exam first, the report id last (a total order). */
export const REPORT_SORT: readonly (KeysetColumn & { name: string })[] = [
  { name: 'performed', expr: sql.ref('e.performed_at'), descending: true, kind: 'timestamp' },
  { name: '_id', expr: sql.ref('rep.id'), descending: true, kind: 'text' },
];

/**
 * One page of published reports matching `f` among the referrals `visible` allows, in REPORT_SORT:
 * `limit` rows from `offset`, or after/before the row `cursor` names (keyset, interop/fhir/paging.ts),
 * each with its sort key, in answer order. The caller checks that the cursor's key fits REPORT_SORT.
 */
export async function searchReportKeyset(
  db: Q,
  f: ReportSearch,
  visible: RawBuilder<SqlBool>,
  page: { limit: number; offset: number; cursor?: { direction: 'next' | 'previous'; key: (string | null)[] } },
): Promise<{ report_id: string; exam_id: string; key: (string | null)[] }[]> {
  if (page.limit === 0) return [];
  const back = page.cursor?.direction === 'previous';
  let q = reportSearch(db, f, visible)
    .select(['rep.id as report_id', 'e.id as exam_id'])
    .select(sql<(string | null)[]>`array[${sql.join(REPORT_SORT.map(keysetKey))}]`.as('sort_key'));
  if (page.cursor) q = q.where(keysetCondition(REPORT_SORT, page.cursor.key, page.cursor.direction));
  for (const c of REPORT_SORT) q = q.orderBy(c.expr, c.descending !== back ? 'desc' : 'asc');
  q = q.limit(page.limit);
  if (!page.cursor && page.offset) q = q.offset(page.offset);
  const rows = (await q.execute()).map((r) => ({ report_id: r.report_id, exam_id: r.exam_id, key: r.sort_key }));
  return back ? rows.reverse() : rows;
}

/** How many published reports match (Bundle.total). */
export async function countReports(db: Q, f: ReportSearch, visible: RawBuilder<SqlBool>): Promise<number> {
  const row = await reportSearch(db, f, visible)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ids of a referral's performed exams, in the order they were performed. */
export async function examIdsForReferral(db: Q, referralId: string): Promise<string[]> {
  const rows = await db.selectFrom('exam').select('id').where('referral_id', '=', referralId).orderBy('performed_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Stamps a preliminary report as released to the referrer (migration 0350). */
export async function markReleasedToReferrer(db: Q, reportId: string, at: Date) {
  await db.updateTable('report').set({ referrer_preliminary_at: at }).where('id', '=', reportId).execute();
}

/** Marks that countersigning changed the answer the referrer saw as preliminary on this report (migration 0421). */
export async function markAnswerChanged(db: Q, reportId: string): Promise<void> {
  await db.updateTable('report').set({ answer_changed: true }).where('id', '=', reportId).execute();
}

/** The referral keys the gate decides on. */
export async function referralKeys(db: Q, referralId: string) {
  return db
    .selectFrom('referral')
    .select(['id', 'patient_id', 'referrer_person_id', 'referrer_org_id', 'department_org_id'])
    .where('id', '=', referralId)
    .executeTakeFirst();
}

export async function personName(db: Q, personId: string): Promise<string | undefined> {
  const p = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', personId).executeTakeFirst();
  return p ? `${p.given_name} ${p.family_name}` : undefined;
}

// ---- demo data (src/server/reporting/demo.ts) ----

/**
 * Final reports for every reported history exam without one, in one set-based statement (the
 * report and its first version), signed by `signerPersonId` at the exam's reported time. Texts
 * are short synthetic findings chosen by a hash of the exam id. Returns how many were written.
 */
export async function bulkFinalReports(db: Q, signerPersonId: string, now: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    WITH ins AS (
    INSERT INTO report (id, exam_id, template_id, sections, status, author_person_id, author_role, needs_countersign, finalized_by_person_id, version, created_at, updated_at, preliminary_at, final_at)
    SELECT 'rep-' || e.id, e.id, 'general',
      jsonb_build_object(
        'technique', c.name || ' etter avdelingens standardprotokoll.',
        'findings', CASE abs(hashtext(e.id)) % 5
          WHEN 0 THEN 'Normale forhold i ' || c.body_part || '. Ingen tegn til fraktur, ekspansiv prosess eller akutt patologi.'
          WHEN 1 THEN 'Lette degenerative forandringer i ' || c.body_part || ', alderstypiske. Ellers normale forhold.'
          WHEN 2 THEN 'Ingen sikre patologiske funn i ' || c.body_part || '. Bløtdeler upåfallende.'
          WHEN 3 THEN 'Moderate degenerative forandringer i ' || c.body_part || ' uten tegn til nerverotaffeksjon eller akutt skade.'
          ELSE 'Liten, uspesifikk forandring i ' || c.body_part || ', mest sannsynlig benign. Ellers normale forhold.' END,
        'conclusion', CASE abs(hashtext(e.id)) % 5
          WHEN 0 THEN 'Normal undersøkelse.'
          WHEN 1 THEN 'Lette, alderstypiske degenerative forandringer.'
          WHEN 2 THEN 'Ingen patologi påvist.'
          WHEN 3 THEN 'Moderate degenerative forandringer. Ingen akutt patologi.'
          ELSE 'Sannsynlig benign forandring. Kontroll ved klinisk indikasjon.' END),
      'final', ${signerPersonId}, 'radiologist', false, ${signerPersonId}, 1, e.reported_at, e.reported_at, e.reported_at, e.reported_at
    FROM exam e JOIN exam_code c ON c.code = e.exam_code
    WHERE e.reported_at IS NOT NULL AND e.reported_at <= ${now}
      -- NOT IN (a hashed subplan, read once before the first row is written), not NOT EXISTS: on
      -- a never-analyzed report table the planner chose a nested-loop anti-join that re-scanned
      -- the table this statement is filling, once per exam (quadratic: the demo start hung for
      -- many minutes at 100,000 exams). exam_id is NOT NULL, so NOT IN has no null trap.
      AND e.id NOT IN (SELECT x.exam_id FROM report x)
    RETURNING id, sections, finalized_by_person_id, final_at),
    -- The first version of exactly the reports just written, from the INSERT's own RETURNING (an
    -- anti-join against report_version had the same quadratic plan).
    ver AS (
    INSERT INTO report_version (report_id, version, status, sections, action, person_id, at)
    SELECT ins.id, 1, 'final', ins.sections, 'finalize', ins.finalized_by_person_id, ins.final_at FROM ins
    RETURNING 1)
    SELECT count(*)::int AS n FROM ver`.execute(db);
  // Their exams get closed reading cases, so the gate decides these reports by reading list like
  // every other (migration 0135).
  await sql`SELECT reading_cases_for_reported_exams()`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Performed exams of a department that have no report yet, newest first. */
export async function unreportedExams(db: Q, departmentId: string, limit: number) {
  return db
    .selectFrom('exam as e')
    .select(['e.id', 'e.performed_at'])
    .where('e.performing_org_id', '=', departmentId)
    .where('e.reported_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('report as x').select('x.id').whereRef('x.exam_id', '=', 'e.id'))))
    .orderBy('e.performed_at', 'desc')
    .limit(limit)
    .execute();
}

/** Final reports of a department's exams, newest first (demo: to make some of them a LIS's, countersigned). */
export async function recentFinalReports(db: Q, departmentId: string, limit: number) {
  return db
    .selectFrom('report as rep')
    .innerJoin('exam as e', 'e.id', 'rep.exam_id')
    .select(['rep.id', 'rep.final_at'])
    .where('e.performing_org_id', '=', departmentId)
    .where('rep.status', '=', 'final')
    .orderBy('rep.final_at', 'desc')
    .limit(limit)
    .execute();
}

export async function setReportAuthor(db: Q, reportId: string, authorPersonId: string, role: string) {
  await db.updateTable('report').set({ author_person_id: authorPersonId, author_role: role }).where('id', '=', reportId).execute();
}

/**
 * Demo history only: a final report that a LIS wrote and a specialist countersigned later. Its first
 * signed (preliminary) time `preliminaryAt` (before the report's final time) goes on the report, the
 * reading case (which left the lists then: closed_at) and the referral, as the report flow writes them
 * for a live LIS report (reporting/service.ts), so the turnaround "preliminary → final" has history.
 */
export async function backdateDemoPreliminary(db: Q, reportId: string, preliminaryAt: Date) {
  const r = await db
    .updateTable('report')
    .set({ preliminary_at: preliminaryAt, needs_countersign: true })
    .where('id', '=', reportId)
    .returning('exam_id')
    .executeTakeFirst();
  if (!r) return;
  await db.updateTable('reading_case').set({ preliminary_at: preliminaryAt, closed_at: preliminaryAt }).where('exam_id', '=', r.exam_id).execute();
  const e = await db.selectFrom('exam').select('referral_id').where('id', '=', r.exam_id).executeTakeFirst();
  if (e?.referral_id) await db.updateTable('referral').set({ preliminary_reported_at: preliminaryAt }).where('id', '=', e.referral_id).execute();
}

/** The referrals of a referrer that have a final report, newest first. */
export async function reportedReferralsOf(db: Q, referrerPersonId: string, limit: number) {
  return db
    .selectFrom('referral')
    .select(['id', 'reported_at'])
    .where('referrer_person_id', '=', referrerPersonId)
    .where('status', '=', 'reported')
    .where('reported_at', 'is not', null)
    .orderBy('reported_at', 'desc')
    .limit(limit)
    .execute();
}

export async function personOfUsername(db: Q, username: string) {
  return db
    .selectFrom('user_account as u')
    .leftJoin('role_assignment as g', 'g.user_id', 'u.id')
    .select(['u.person_id', 'g.organization_id'])
    .where('u.username', '=', username)
    .executeTakeFirst();
}
