// The authoring domain's SQL (the only place it writes SQL): topics, their versions and the
// version history (migration 0140), and the stored referrals an impact preview reads.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, GuidelineVersionState } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

const VERSION_COLUMNS = [
  'v.id',
  'v.topic_id',
  'v.version',
  'v.state',
  'v.document',
  'v.source_yaml',
  'v.revision',
  'v.based_on_id',
  'v.origin',
  'v.change_note',
  'v.created_by',
  'v.created_at',
  'v.updated_by',
  'v.updated_at',
  'v.editors',
  'v.submitted_by',
  'v.submitted_at',
  'v.approved_by',
  'v.approved_at',
  'v.published_by',
  'v.published_at',
  'v.effective_from',
  'v.retired_by',
  'v.retired_at',
  'v.checks',
] as const;

export async function countTopics(db: Q): Promise<number> {
  const r = await db
    .selectFrom('guideline_topic')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function listTopics(db: Q) {
  return db.selectFrom('guideline_topic').selectAll().orderBy('id').execute();
}

export async function getTopic(db: Q, id: string) {
  return db.selectFrom('guideline_topic').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTopic(db: Q, t: { id: string; bodyRegion: string }) {
  await db.insertInto('guideline_topic').values({ id: t.id, body_region: t.bodyRegion }).execute();
}

export async function setTopicRegion(db: Q, id: string, bodyRegion: string) {
  await db.updateTable('guideline_topic').set({ body_region: bodyRegion }).where('id', '=', id).execute();
}

export async function setSilent(db: Q, id: string, silent: boolean, userId: string, at: Date) {
  return db
    .updateTable('guideline_topic')
    .set({ silent, silent_changed_by: userId, silent_changed_at: at })
    .where('id', '=', id)
    .returning(['id', 'silent'])
    .executeTakeFirst();
}

export interface NewVersion {
  id: string;
  topicId: string;
  version: string;
  state: GuidelineVersionState;
  document: Record<string, unknown>;
  sourceYaml: string;
  basedOnId: string | null;
  origin: 'import' | 'edit' | 'rollback';
  changeNote: string;
  createdBy: string | null;
  at: Date;
  publishedAt?: Date;
  effectiveFrom?: Date;
}

export async function insertVersion(db: Q, v: NewVersion) {
  await db
    .insertInto('guideline_version')
    .values({
      id: v.id,
      topic_id: v.topicId,
      version: v.version,
      state: v.state,
      document: JSON.stringify(v.document),
      source_yaml: v.sourceYaml,
      based_on_id: v.basedOnId,
      origin: v.origin,
      change_note: v.changeNote,
      created_by: v.createdBy,
      created_at: v.at,
      updated_by: v.createdBy,
      updated_at: v.at,
      editors: v.createdBy ? [v.createdBy] : [],
      published_at: v.publishedAt ?? null,
      effective_from: v.effectiveFrom ?? null,
    })
    .execute();
}

/** A version with the names of the people in it (for the history: who, when, why). */
export async function getVersion(db: Q, id: string) {
  return db
    .selectFrom('guideline_version as v')
    .select(VERSION_COLUMNS)
    .select([
      userName('v.created_by').as('created_by_name'),
      userName('v.approved_by').as('approved_by_name'),
      userName('v.published_by').as('published_by_name'),
      userName('v.updated_by').as('updated_by_name'),
    ])
    .where('v.id', '=', id)
    .executeTakeFirst();
}
export type VersionRow = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

/** The name of the user in `column` (a user_account id), or null. */
function userName(column: string) {
  return sql<
    string | null
  >`(SELECT p.given_name || ' ' || p.family_name FROM user_account u JOIN person p ON p.id = u.person_id WHERE u.id = ${sql.ref(column)})`;
}

/** Every version of a topic, newest first (without the documents). */
export async function listVersions(db: Q, topicId: string) {
  return db
    .selectFrom('guideline_version as v')
    .select([
      'v.id',
      'v.topic_id',
      'v.version',
      'v.state',
      'v.revision',
      'v.origin',
      'v.change_note',
      'v.created_at',
      'v.updated_at',
      'v.approved_at',
      'v.published_at',
      'v.effective_from',
      'v.retired_at',
    ])
    .select([userName('v.created_by').as('created_by_name'), userName('v.approved_by').as('approved_by_name')])
    .where('v.topic_id', '=', topicId)
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
}

/** The versions that are or were in effect (published or retired), with their documents. */
export async function listEffectiveVersions(db: Q) {
  return db
    .selectFrom('guideline_version as v')
    .innerJoin('guideline_topic as t', 't.id', 'v.topic_id')
    .select([
      'v.id',
      'v.topic_id',
      'v.version',
      'v.source_yaml',
      'v.document',
      'v.origin',
      'v.effective_from',
      'v.published_at',
      'v.retired_at',
      't.silent',
      't.body_region',
    ])
    .where('v.state', 'in', ['published', 'retired'])
    .orderBy('v.topic_id')
    .orderBy('v.effective_from')
    .execute();
}

/** Versions of a topic by version number (import: is this file version already stored?). */
export async function versionNumbers(db: Q, topicId: string): Promise<string[]> {
  const rows = await db.selectFrom('guideline_version').select('version').where('topic_id', '=', topicId).execute();
  return rows.map((r) => r.version);
}

/** The open version (draft, in review or approved) of a topic, if any. */
export async function openVersion(db: Q, topicId: string) {
  return db
    .selectFrom('guideline_version')
    .select(['id', 'state'])
    .where('topic_id', '=', topicId)
    .where('state', 'in', ['draft', 'in_review', 'approved'])
    .executeTakeFirst();
}

/**
 * Saves a draft if it is still at `revision` (optimistic concurrency): bumps the revision and adds
 * the user to the editors. Returns the new revision, or undefined when someone saved first or the
 * version is no longer a draft.
 */
export async function saveDraft(
  db: Q,
  id: string,
  revision: number,
  d: { document: Record<string, unknown>; sourceYaml: string; userId: string; at: Date; note?: string },
) {
  return db
    .updateTable('guideline_version')
    .set({
      document: JSON.stringify(d.document),
      source_yaml: d.sourceYaml,
      revision: sql`revision + 1`,
      updated_by: d.userId,
      updated_at: d.at,
      editors: sql`CASE WHEN ${d.userId} = ANY(editors) THEN editors ELSE array_append(editors, ${d.userId}) END`,
      ...(d.note ? { change_note: d.note } : {}),
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .where('state', '=', 'draft')
    .returning(['revision'])
    .executeTakeFirst();
}

export interface StatePatch {
  state: GuidelineVersionState;
  document?: Record<string, unknown>;
  sourceYaml?: string;
  submittedBy?: string;
  submittedAt?: Date;
  approvedBy?: string | null;
  approvedAt?: Date | null;
  publishedBy?: string;
  publishedAt?: Date;
  effectiveFrom?: Date;
  retiredBy?: string;
  retiredAt?: Date;
  checks?: Record<string, unknown>;
}

/** Moves a version from `from` to the patch's state; undefined when it was not in `from` any more (a concurrent change). */
export async function changeState(db: Q, id: string, from: GuidelineVersionState, p: StatePatch) {
  return db
    .updateTable('guideline_version')
    .set({
      state: p.state,
      revision: sql`revision + 1`,
      ...(p.document ? { document: JSON.stringify(p.document) } : {}),
      ...(p.sourceYaml !== undefined ? { source_yaml: p.sourceYaml } : {}),
      ...(p.submittedBy !== undefined ? { submitted_by: p.submittedBy, submitted_at: p.submittedAt ?? null } : {}),
      ...(p.approvedBy !== undefined ? { approved_by: p.approvedBy, approved_at: p.approvedAt ?? null } : {}),
      ...(p.publishedBy !== undefined ? { published_by: p.publishedBy, published_at: p.publishedAt ?? null, effective_from: p.effectiveFrom ?? null } : {}),
      ...(p.retiredBy !== undefined ? { retired_by: p.retiredBy, retired_at: p.retiredAt ?? null } : {}),
      ...(p.checks ? { checks: JSON.stringify(p.checks) } : {}),
    })
    .where('id', '=', id)
    .where('state', '=', from)
    .returning(['id', 'state', 'revision'])
    .executeTakeFirst();
}

export async function insertEvent(
  db: Q,
  e: { versionId: string; userId: string | null; action: string; from: string | null; to: string | null; note: string | null; at: Date },
) {
  await db
    .insertInto('guideline_version_event')
    .values({ version_id: e.versionId, user_id: e.userId, action: e.action, from_state: e.from, to_state: e.to, note: e.note, at: e.at })
    .execute();
}

/** The history of a topic: every save and state change of every version, newest first, with names. */
export async function topicHistory(db: Q, topicId: string) {
  return db
    .selectFrom('guideline_version_event as e')
    .innerJoin('guideline_version as v', 'v.id', 'e.version_id')
    .select(['e.id', 'e.at', 'e.action', 'e.from_state', 'e.to_state', 'e.note', 'v.id as version_id', 'v.version'])
    .select(userName('e.user_id').as('user_name'))
    .where('v.topic_id', '=', topicId)
    .orderBy('e.id', 'desc')
    .execute();
}

/** NCRP body parts of exam codes (code → body part). */
export async function bodyParts(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('exam_code').select(['code', 'body_part']).execute();
  return new Map(rows.map((r) => [r.code, r.body_part]));
}

/** Exam names by code (the public catalogue names exams, never codes). */
export async function examNames(db: Q, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('exam_code').select(['code', 'name', 'name_en', 'body_part']).where('code', 'in', codes).execute();
}

/** How many stored referrals an impact preview reads: the topic's exams, written since `since`. */
export async function countImpactReferrals(db: Q, examCodes: string[], since: Date): Promise<number> {
  const r = await db
    .selectFrom('referral')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('exam_code', 'in', examCodes)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * One page of those referrals, keyset by (created_at, id): what the engine needs and nothing that
 * names the patient (age, sex, indication, the structured facts, the note).
 */
export async function impactReferralPage(db: Q, examCodes: string[], since: Date, after: { at: string; id: string } | null, limit: number) {
  let q = db
    .selectFrom('referral')
    // The cursor is created_at as PostgreSQL prints it: a JavaScript Date keeps milliseconds only,
    // and a cursor rounded to them would read the same rows again.
    .select([
      'id',
      'created_at',
      sql<string>`created_at::text`.as('cursor_at'),
      'exam_code',
      'patient_age',
      'patient_sex',
      'indication_system',
      'indication_code',
      'facts',
      'clinical_note',
      'clinical_question',
    ])
    .where('exam_code', 'in', examCodes)
    .where('created_at', '>=', since);
  if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.at}::timestamptz, ${after.id})`);
  return q.orderBy('created_at').orderBy('id').limit(limit).execute();
}

/** A topic's silent-mode switches (events `silent_on` / `silent_off` on any of its versions), oldest first. */
export async function silentSwitches(db: Q, topicId: string): Promise<{ at: Date; silent: boolean }[]> {
  const rows = await db
    .selectFrom('guideline_version_event as e')
    .innerJoin('guideline_version as v', 'v.id', 'e.version_id')
    .select(['e.at', 'e.action'])
    .where('v.topic_id', '=', topicId)
    .where('e.action', 'in', ['silent_on', 'silent_off'])
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ at: r.at, silent: r.action === 'silent_on' }));
}

/** Every exam code any stored version of a topic applies to (the content file's `applies_to.exam_codes`). */
export async function topicExamCodes(db: Q, topicId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('guideline_version')
    .select(sql<string>`jsonb_array_elements_text(coalesce(document->'applies_to'->'exam_codes', '[]'::jsonb))`.as('code'))
    .where('topic_id', '=', topicId)
    .execute();
  return [...new Set(rows.map((r) => r.code))];
}

/**
 * Referrals sent between `from` and `to` (submitted_at, `to` open when null) whose stored advice
 * came from `topicId`, counted by the advice's rating and whether it was silent (recorded, not
 * shown). Only the topic's exams are read (index referral(exam_code, created_at)). Counts only:
 * nothing that names a patient.
 */
export async function sentByRating(db: Q, topicId: string, examCodes: string[], from: Date, to: Date | null) {
  if (examCodes.length === 0) return [];
  let q = db
    .selectFrom('referral')
    .select([
      sql<string>`advice->>'rating'`.as('rating'),
      sql<boolean>`coalesce((advice->>'silent')::boolean, false)`.as('silent'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('exam_code', 'in', examCodes)
    .where('submitted_at', '>=', from)
    .where(sql<boolean>`advice->>'topicId' = ${topicId}`);
  if (to) q = q.where('submitted_at', '<', to);
  return q.groupBy([sql`advice->>'rating'`, sql`coalesce((advice->>'silent')::boolean, false)`]).execute();
}

/** The referrers' decisions on the topic's advice between `from` and `to` (referral_decision), counted by kind. */
export async function decisionsByKind(db: Q, topicId: string, from: Date, to: Date | null) {
  let q = db
    .selectFrom('referral_decision')
    .select(['decision', sql<number>`count(*)::int`.as('n')])
    .where('topic_id', '=', topicId)
    .where('at', '>=', from);
  if (to) q = q.where('at', '<', to);
  return q.groupBy('decision').execute();
}
