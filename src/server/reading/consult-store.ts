// SQL of second opinions / consults (migration 0170): the trust of an organization, who is a
// consultant for a request, the incoming and outgoing lists, and the conditional answer and
// withdrawal (a second answer finds no open row).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConsultAgreement, ConsultKind, DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Organization kinds that are a trust (helseforetak or a private hospital / institute). */
export const TRUST_KINDS = ['hf', 'private_hospital', 'private_institute'] as const;

/** The trusts at or above `orgIds` (an organization's own trust), in no order. */
export async function trustsAbove(db: Q, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, kind) AS (
      SELECT id, parent_id, kind FROM organization WHERE id IN (${sql.join([...orgIds])})
      UNION SELECT o.id, o.parent_id, o.kind FROM organization o JOIN up ON o.id = up.parent_id
    ) SELECT DISTINCT id FROM up WHERE kind IN (${sql.join([...TRUST_KINDS])})`.execute(db);
  return r.rows.map((x) => x.id);
}

/** One trust of `orgId` (the nearest above or at it), or undefined when it has none (a GP practice). */
export async function trustOf(db: Q, orgId: string): Promise<string | undefined> {
  const r = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, kind, depth) AS (
      SELECT id, parent_id, kind, 0 FROM organization WHERE id = ${orgId}
      UNION ALL SELECT o.id, o.parent_id, o.kind, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id
    ) SELECT id FROM up WHERE kind IN (${sql.join([...TRUST_KINDS])}) ORDER BY depth LIMIT 1`.execute(db);
  return r.rows[0]?.id;
}

/**
 * Who may answer (and through the gate see) a consult: the named reader; or, for a request to a
 * subspecialty, a radiologist of the target trust (a grant at or below it) whose reader profile has
 * that subspecialty and who is available. `trusts` = trustsAbove(the person's radiologist grants).
 */
export function consultantCondition(personId: string, trusts: readonly string[]) {
  const inTrust = trusts.length ? sql`cr.target_org_id IN (${sql.join([...trusts])})` : sql`false`;
  return sql<boolean>`(cr.target_person_id = ${personId} OR (cr.target_person_id IS NULL AND ${inTrust} AND EXISTS (
      SELECT 1 FROM reader_profile rp WHERE rp.person_id = ${personId} AND rp.role = 'radiologist' AND cr.target_subspecialty = ANY(rp.subspecialties))))`;
}

export interface ConsultRow {
  id: string;
  exam_id: string;
  patient_id: string;
  kind: ConsultKind;
  question: string;
  status: 'open' | 'answered' | 'withdrawn';
  due_at: Date;
  created_at: Date;
  requested_by_person_id: string;
  requester_name: string;
  requester_trust: string | null;
  target_org_id: string;
  target_trust: string;
  target_subspecialty: string | null;
  target_person_id: string | null;
  target_person_name: string | null;
  answer_text: string | null;
  agreement: ConsultAgreement | null;
  addendum_proposal: string | null;
  answerer_name: string | null;
  answered_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  applied_at: Date | null;
  applied_as: 'addendum' | 'report' | null;
  applied_by_name: string | null;
  exam_name: string;
  modality: string;
  performed_at: Date;
  site_name: string;
}

const columns = sql`cr.id, cr.exam_id, c.patient_id, cr.kind, cr.question, cr.status, cr.due_at, cr.created_at, cr.requested_by_person_id,
  rq.given_name || ' ' || rq.family_name AS requester_name, rt.name AS requester_trust, cr.target_org_id, tt.name AS target_trust,
  cr.target_subspecialty, cr.target_person_id, CASE WHEN tp.id IS NULL THEN NULL ELSE tp.given_name || ' ' || tp.family_name END AS target_person_name,
  cr.answer_text, cr.agreement, cr.addendum_proposal, CASE WHEN ap.id IS NULL THEN NULL ELSE ap.given_name || ' ' || ap.family_name END AS answerer_name,
  cr.answered_at, cr.withdrawn_at, cr.withdrawn_reason, cr.applied_at, cr.applied_as,
  CASE WHEN ab.id IS NULL THEN NULL ELSE ab.given_name || ' ' || ab.family_name END AS applied_by_name, ec.name AS exam_name, c.modality, c.performed_at, COALESCE(s.name, d.name) AS site_name`;
const joins = sql`JOIN reading_case c ON c.exam_id = cr.exam_id JOIN exam_code ec ON ec.code = c.exam_code
  JOIN organization d ON d.id = c.performing_org_id LEFT JOIN organization s ON s.id = c.site_org_id
  LEFT JOIN organization rt ON rt.id = c.trust_org_id JOIN organization tt ON tt.id = cr.target_org_id
  JOIN person rq ON rq.id = cr.requested_by_person_id LEFT JOIN person tp ON tp.id = cr.target_person_id
  LEFT JOIN person ap ON ap.id = cr.answered_by_person_id LEFT JOIN person ab ON ab.id = cr.applied_by_person_id`;

export async function consultById(db: Q, id: string): Promise<ConsultRow | undefined> {
  const r = await sql<ConsultRow>`SELECT ${columns} FROM consult_request cr ${joins} WHERE cr.id = ${id}`.execute(db);
  return r.rows[0];
}

/** Is `personId` a consultant for request `id` (not withdrawn)? */
export async function isConsultantFor(db: Q, id: string, personId: string, trusts: readonly string[]): Promise<boolean> {
  const r = await sql<{ hit: boolean }>`SELECT EXISTS (SELECT 1 FROM consult_request cr WHERE cr.id = ${id} AND cr.status <> 'withdrawn'
    AND ${consultantCondition(personId, trusts)}) AS hit`.execute(db);
  return !!r.rows[0]?.hit;
}

/** Incoming: the requests a consultant may answer (open first, by due time; then the last 30 days' answered). */
export async function incoming(db: Q, personId: string, trusts: readonly string[], since: Date, limit: number): Promise<ConsultRow[]> {
  const r = await sql<ConsultRow>`SELECT ${columns} FROM consult_request cr ${joins}
    WHERE ${consultantCondition(personId, trusts)} AND (cr.status = 'open' OR (cr.status = 'answered' AND cr.answered_at >= ${since}))
    ORDER BY cr.status = 'open' DESC, cr.due_at, cr.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Outgoing: the requests a person made (last `since`), newest first. */
export async function outgoing(db: Q, personId: string, since: Date, limit: number): Promise<ConsultRow[]> {
  const r = await sql<ConsultRow>`SELECT ${columns} FROM consult_request cr ${joins}
    WHERE cr.requested_by_person_id = ${personId} AND (cr.status = 'open' OR cr.created_at >= ${since})
    ORDER BY cr.status = 'open' DESC, cr.created_at DESC, cr.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** The requests on one exam (shown to readers of the exam), oldest first. */
export async function consultsOfExam(db: Q, examId: string): Promise<ConsultRow[]> {
  const r = await sql<ConsultRow>`SELECT ${columns} FROM consult_request cr ${joins} WHERE cr.exam_id = ${examId} ORDER BY cr.created_at, cr.id`.execute(db);
  return r.rows;
}

export async function insertConsult(
  db: Q,
  c: {
    id: string;
    examId: string;
    kind: ConsultKind;
    question: string;
    personId: string;
    userId: string;
    targetOrgId: string;
    subspecialty: string | null;
    targetPersonId: string | null;
    dueAt: Date;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('consult_request')
    .values({
      id: c.id,
      exam_id: c.examId,
      kind: c.kind,
      question: c.question,
      requested_by_person_id: c.personId,
      requested_by_user_id: c.userId,
      target_org_id: c.targetOrgId,
      target_subspecialty: c.subspecialty,
      target_person_id: c.targetPersonId,
      due_at: c.dueAt,
      created_at: c.at,
    })
    .execute();
}

/** Answers an open request; false when it is no longer open (answered or withdrawn: one answer only). */
export async function answerConsult(
  db: Q,
  id: string,
  a: { text: string; agreement: ConsultAgreement; addendumProposal: string | null; personId: string; at: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('consult_request')
    .set({
      status: 'answered',
      answer_text: a.text,
      agreement: a.agreement,
      addendum_proposal: a.addendumProposal,
      answered_by_person_id: a.personId,
      answered_at: a.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks an answered request as applied to the report (once); false when it is not answered or was applied already. */
export async function markApplied(db: Q, id: string, a: { as: 'addendum' | 'report'; personId: string; at: Date }): Promise<boolean> {
  const r = await db
    .updateTable('consult_request')
    .set({ applied_at: a.at, applied_as: a.as, applied_by_person_id: a.personId })
    .where('id', '=', id)
    .where('status', '=', 'answered')
    .where('applied_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Withdraws an open request; false when it is no longer open. */
export async function withdrawConsult(db: Q, id: string, reason: string | null, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('consult_request')
    .set({ status: 'withdrawn', withdrawn_at: at, withdrawn_reason: reason })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Where a request may go: subspecialties offered per trust (available radiologists) and named readers, outside `exceptTrust`. */
export async function consultTargets(db: Q, exceptTrust: string | null) {
  const r = await sql<{ person_id: string; name: string; trust_id: string; trust_name: string; subspecialties: string[] }>`
    WITH RECURSIVE up(person_id, id, parent_id, kind, depth) AS (
      SELECT rp.person_id, o.id, o.parent_id, o.kind, 0 FROM reader_profile rp JOIN organization o ON o.id = rp.home_org_id
      WHERE rp.role = 'radiologist' AND rp.available AND cardinality(rp.subspecialties) > 0
      UNION ALL SELECT up.person_id, o.id, o.parent_id, o.kind, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id
    ), trust AS (
      SELECT DISTINCT ON (person_id) person_id, id FROM up WHERE kind IN (${sql.join([...TRUST_KINDS])}) ORDER BY person_id, depth
    )
    SELECT t.person_id, p.given_name || ' ' || p.family_name AS name, t.id AS trust_id, o.name AS trust_name, rp.subspecialties
    FROM trust t JOIN person p ON p.id = t.person_id JOIN organization o ON o.id = t.id JOIN reader_profile rp ON rp.person_id = t.person_id
    WHERE ${exceptTrust ? sql`t.id <> ${exceptTrust}` : sql`true`}
    ORDER BY o.name, p.family_name, p.given_name LIMIT 500`.execute(db);
  return r.rows;
}
