// The only SQL of the reading domain: reader profiles, worklists, list membership as an SQL
// condition, the ordered list page, atomic "next case" (FOR UPDATE SKIP LOCKED), claims, hand-over,
// AI findings and their verdicts.
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { AiFindingCode, DB, ReaderRole, ReadingPriority } from '../db/schema.ts';
import type { WarnWindow } from './rules.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface ReaderProfile {
  personId: string;
  role: ReaderRole;
  homeOrgId: string;
  subspecialties: string[];
  soloExamCodes: string[];
  available: boolean;
}

/**
 * A reader's profile. For a LIS the exam types they may report alone are not stored here: they
 * are the LIS's active competence approvals (training domain, migration 0160; the view
 * reader_exam_approval that reporting reads too), so the worklist and countersigning cannot disagree.
 */
export async function readerProfile(db: Q, personId: string): Promise<ReaderProfile | undefined> {
  return readerProfileQuery(db, personId)
    .executeTakeFirst()
    .then((r) => (r ? profileOf(r) : undefined));
}

/**
 * The reader's profile and the modalities of the open cases they hold a claim on at `now` (for
 * "next case": the profile and the workload check in one round trip).
 */
export async function readerProfileAndClaims(db: Q, personId: string, now: Date): Promise<{ profile: ReaderProfile; claimedModalities: string[] } | undefined> {
  const r = await readerProfileQuery(db, personId)
    .select(
      sql<string[]>`ARRAY(SELECT c.modality FROM reading_case c WHERE c.claimed_by = rp.person_id AND c.open AND c.claim_expires_at > ${now})`.as(
        'claimed_modalities',
      ),
    )
    .executeTakeFirst();
  return r ? { profile: profileOf(r), claimedModalities: r.claimed_modalities } : undefined;
}

function readerProfileQuery(db: Q, personId: string) {
  return db
    .selectFrom('reader_profile as rp')
    .selectAll('rp')
    .select(
      sql<string[]>`ARRAY(SELECT DISTINCT a.exam_code FROM reader_exam_approval a WHERE a.person_id = rp.person_id ORDER BY a.exam_code)`.as('approved_codes'),
    )
    .where('rp.person_id', '=', personId);
}

function profileOf(r: {
  person_id: string;
  role: ReaderProfile['role'];
  home_org_id: string;
  subspecialties: string[];
  solo_exam_codes: string[];
  approved_codes: string[];
  available: boolean;
}): ReaderProfile {
  return {
    personId: r.person_id,
    role: r.role,
    homeOrgId: r.home_org_id,
    subspecialties: r.subspecialties,
    soloExamCodes: r.role === 'lis' ? r.approved_codes : r.solo_exam_codes,
    available: r.available,
  };
}

export async function upsertReaderProfile(db: Q, p: ReaderProfile, by: string | null): Promise<void> {
  const v = {
    role: p.role,
    home_org_id: p.homeOrgId,
    subspecialties: p.subspecialties,
    // A LIS's exam types come from competence approvals (0160 constraint); never stored here.
    solo_exam_codes: p.role === 'lis' ? [] : p.soloExamCodes,
    available: p.available,
    updated_by: by,
    updated_at: new Date(),
  };
  await db
    .insertInto('reader_profile')
    .values({ person_id: p.personId, ...v })
    .onConflict((c) => c.column('person_id').doUpdateSet(v))
    .execute();
}

/** A worklist with what membership needs: the owner's subtree and the departments with a standing hand-over. */
export interface ListRow {
  id: string;
  name: string;
  /** A list Radvis makes: its name in each language comes from i18n (migration 0420, list-name.ts); null: `name` as typed. */
  nameKey: string | null;
  ownerOrgId: string;
  ownerName: string;
  regional: boolean;
  modalities: string[] | null;
  bodyParts: string[] | null;
  examCodes: string[] | null;
  priorities: string[] | null;
  siteOrgIds: string[] | null;
  trustOrgIds: string[] | null;
  subspecialty: string | null;
  /** Departments whose exams enter without a hand-over (the owner's subtree for a department list). */
  ownOrgIds: string[];
  /** Departments that agreed a standing hand-over to this list (their subtrees). */
  standingOrgIds: string[];
}

async function subtree(db: Q, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE t(id) AS (
      SELECT id FROM organization WHERE id IN (${sql.join([...roots])})
      UNION SELECT o.id FROM organization o JOIN t ON o.parent_id = t.id
    ) SELECT id FROM t`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * The active lists owned by an organization related (above, at or below) to one of `grantOrgIds`:
 * the lists a reader with roles there is entitled to. `onlyIds` narrows to those lists. One query
 * (it runs on every worklist page, "next case" and reading-case gate check): the related
 * organizations, each list's own subtree (none for a regional list) and the subtrees of its standing
 * hand-over rules come from organization.ancestor_ids (migration 0192, GIN index 0221).
 */
export async function listsForOrganizations(db: Q, grantOrgIds: readonly string[], onlyIds?: readonly string[]): Promise<ListRow[]> {
  if (grantOrgIds.length === 0 || (onlyIds && onlyIds.length === 0)) return [];
  const grants = sql`ARRAY[${sql.join([...grantOrgIds])}]::text[]`;
  const r = await sql<
    Omit<Selectable<DB['reading_list']>, 'active' | 'created_at'> & { owner_name: string; own_org_ids: string[]; standing_org_ids: string[] }
  >`
    SELECT l.id, l.name, l.name_key, l.owner_org_id, o.name AS owner_name, l.regional, l.modalities, l.body_parts, l.exam_codes, l.priorities,
      l.site_org_ids, l.trust_org_ids, l.subspecialty,
      CASE WHEN l.regional THEN ARRAY[]::text[]
        ELSE ARRAY(SELECT s.id FROM organization s WHERE s.id = l.owner_org_id OR s.ancestor_ids @> ARRAY[l.owner_org_id] ORDER BY s.id) END AS own_org_ids,
      ARRAY(SELECT DISTINCT s.id FROM reading_handover_rule h JOIN organization s ON s.id = h.from_org_id OR s.ancestor_ids @> ARRAY[h.from_org_id]
        WHERE h.list_id = l.id ORDER BY s.id) AS standing_org_ids
    FROM reading_list l JOIN organization o ON o.id = l.owner_org_id
    WHERE l.active
      AND (o.id = ANY(${grants}) OR o.ancestor_ids && ${grants}
        OR o.id IN (SELECT unnest(g.ancestor_ids) FROM organization g WHERE g.id = ANY(${grants})))
      ${onlyIds ? sql`AND l.id IN (${sql.join([...onlyIds])})` : sql``}
    ORDER BY l.name`.execute(db);
  return r.rows.map((l) => ({
    id: l.id,
    name: l.name,
    nameKey: l.name_key,
    ownerOrgId: l.owner_org_id,
    ownerName: l.owner_name,
    regional: l.regional,
    modalities: l.modalities,
    bodyParts: l.body_parts,
    examCodes: l.exam_codes,
    priorities: l.priorities,
    siteOrgIds: l.site_org_ids,
    trustOrgIds: l.trust_org_ids,
    subspecialty: l.subspecialty,
    ownOrgIds: l.own_org_ids,
    standingOrgIds: l.standing_org_ids,
  }));
}

export async function listById(db: Q, id: string) {
  return db.selectFrom('reading_list').selectAll().where('id', '=', id).executeTakeFirst();
}

const arr = (col: string, v: string[] | null) => (v && v.length ? sql`${sql.ref(col)} IN (${sql.join(v)})` : null);

/** SQL condition: the case (alias `c`) is in list `l` — matches its rules and is its own, standing or handed over. */
export function inListSql(l: ListRow): RawBuilder<SqlBool> {
  const rules = [
    arr('c.modality', l.modalities),
    arr('c.body_part', l.bodyParts),
    arr('c.exam_code', l.examCodes),
    arr('c.priority', l.priorities),
    arr('c.site_org_id', l.siteOrgIds),
    arr('c.trust_org_id', l.trustOrgIds),
  ].filter((x) => x !== null);
  const from = [...l.ownOrgIds, ...l.standingOrgIds];
  const source = [
    ...(from.length ? [sql`c.performing_org_id IN (${sql.join(from)})`] : []),
    sql`EXISTS (SELECT 1 FROM reading_handover h WHERE h.exam_id = c.exam_id AND h.list_id = ${l.id})`,
  ];
  return sql<SqlBool>`(${sql.join([...rules, sql`(${sql.join(source, sql` OR `)})`], sql` AND `)})`;
}

/** SQL condition: the case is in any of `lists` (false for none). */
export function inAnyListSql(lists: readonly ListRow[]): RawBuilder<SqlBool> {
  if (lists.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(lists.map(inListSql), sql` OR `)})`;
}

/**
 * SQL condition: the reader is qualified (rules.ts `isQualified`): a reporting radiographer only
 * within their approved exam types; a list's subspecialty must be theirs (lists the reader lacks it
 * for are removed by the caller before this).
 */
export function qualifiedSql(role: ReaderRole, soloExamCodes: readonly string[]): RawBuilder<SqlBool> {
  if (role !== 'reporting_radiographer') return sql<SqlBool>`true`;
  return soloExamCodes.length ? sql<SqlBool>`c.exam_code IN (${sql.join([...soloExamCodes])})` : sql<SqlBool>`false`;
}

/**
 * The list order (rules.ts `compareCases`; `cut` is now minus the maximum wait) as two segments that
 * indexes can serve, for queries over large lists (issue 9: next case and the list page on 100,000
 * open cases): cases waiting longer than the maximum wait (`performed_at < cut`) first, oldest first
 * (index reading_case_age_idx), then the rest in priority order (reading_case_order_idx). A single
 * ORDER BY with CASE expressions for the two groups sorted every open case on every call; each
 * segment instead reads its index from the start and stops at the first rows it needs.
 */
const SEGMENTS = (cut: Date) =>
  [
    // Among cases that waited equally long, the more urgent first (priority, AI finding, deadline).
    { where: sql`c.performed_at < ${cut}`, order: sql`c.performed_at, c.priority_rank, c.ai_flag DESC, c.due_at, c.exam_id` },
    { where: sql`c.performed_at >= ${cut}`, order: sql`c.priority_rank, c.ai_flag DESC, c.due_at, c.performed_at, c.exam_id` },
  ] as const;

export interface CaseRow {
  exam_id: string;
  referral_id: string;
  patient_id: string;
  exam_code: string;
  exam_name: string;
  exam_name_en: string | null;
  modality: string;
  body_part: string;
  priority: ReadingPriority;
  ai_flag: boolean;
  performed_at: Date;
  due_at: Date;
  site_name: string | null;
  department_name: string;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claim_expires_at: Date | null;
}

const caseColumns = sql`c.exam_id, c.referral_id, c.patient_id, c.exam_code, ec.name AS exam_name, ec.name_en AS exam_name_en, c.modality, c.body_part, c.priority, c.ai_flag,
  c.performed_at, c.due_at, s.name AS site_name, d.name AS department_name, c.claimed_by,
  CASE WHEN c.claimed_by IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END AS claimed_by_name, c.claim_expires_at`;
/** The names caseColumns gives, for selecting them again from a subquery. */
const CASE_COLUMN_NAMES = sql`c.exam_id, c.referral_id, c.patient_id, c.exam_code, c.exam_name, c.exam_name_en, c.modality, c.body_part, c.priority, c.ai_flag,
  c.performed_at, c.due_at, c.site_name, c.department_name, c.claimed_by, c.claimed_by_name, c.claim_expires_at`;
const caseJoins = sql`JOIN exam_code ec ON ec.code = c.exam_code JOIN organization d ON d.id = c.performing_org_id
  LEFT JOIN organization s ON s.id = c.site_org_id LEFT JOIN person p ON p.id = c.claimed_by`;

/** One page of open cases in `lists`, in list order (SEGMENTS); the total comes from listStats. */
export async function openCases(db: Q, lists: readonly ListRow[], cut: Date, limit: number, offset: number): Promise<CaseRow[]> {
  const cond = inAnyListSql(lists);
  // Each segment contributes at most offset + limit rows in its own index order; the page is cut
  // from their union in the list order.
  const [starved, queue] = SEGMENTS(cut).map(
    (g, seg) => sql`(SELECT ${caseColumns}, ${seg}::int AS seg, c.priority_rank FROM reading_case c ${caseJoins}
      WHERE c.open AND ${g.where} AND ${cond} ORDER BY ${g.order} LIMIT ${offset + limit})`,
  );
  const rows = await sql<CaseRow>`SELECT ${CASE_COLUMN_NAMES} FROM (${starved} UNION ALL ${queue}) c
    ORDER BY c.seg, CASE WHEN c.seg = 0 THEN c.performed_at END, c.priority_rank, c.ai_flag DESC, c.due_at, c.performed_at, c.exam_id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return rows.rows;
}

/** Hours between two report times over the cases of a period: how many, the median and the mean (null when none). */
export interface Span {
  n: number;
  medianHours: number | null;
  meanHours: number | null;
}

/**
 * A list's turnaround (issue 9 §7, performed → preliminary → final) and its deadline state now:
 * - `open`, `warning`, `breached`: its open cases now; due within the warning window (rules.ts
 *   `deadlineState`), past due;
 * - `firstReport`: performed → first signed report (the preliminary report — a LIS report or one
 *   signed preliminary — or the final one when it went straight to final), over first reports
 *   signed in the period; `late` of them after the case's deadline;
 * - `countersign`: preliminary → final, over final reports of the period that waited for
 *   countersigning (signed preliminary before they were final);
 * - `final`: performed → final, over final reports signed in the period.
 */
export interface Turnaround {
  open: number;
  warning: number;
  breached: number;
  firstReport: Span & { late: number };
  countersign: Span;
  final: Span;
}

/**
 * The worklist page's numbers (issue 9: the list page on 100,000 open cases; a count and a turnaround
 * query per list each read every matching case): `total`, the open cases in any of `shown` (a subset
 * of `all`), `warning` and `breached` of them (each case once), and per list of `all` its Turnaround
 * over the period from `since` to `now`. Two passes, each reading only its own cases once with each
 * case's list membership decided once:
 *  - the open cases (reading_case_age_idx): plain counts per list, one aggregate row (no grouping,
 *    so no sort of cases × lists);
 *  - the closed cases whose last report time is in the period (reading_case_reported_idx, migration
 *    0240): unnested into their lists and grouped, for the medians (an ordered-set aggregate sorts
 *    its group, so only the period's few reported cases go through it).
 * Report times are the case's own columns (preliminary_at, final_at), kept by the report flow.
 */
export async function listStats(
  db: Q,
  shown: readonly ListRow[],
  all: readonly ListRow[],
  since: Date,
  now: Date,
  warn: WarnWindow,
): Promise<{ total: number; warning: number; breached: number; turnaround: Map<string, Turnaround> }> {
  const turnaround = new Map<string, Turnaround>();
  const empty: Turnaround = {
    open: 0,
    warning: 0,
    breached: 0,
    firstReport: { n: 0, medianHours: null, meanHours: null, late: 0 },
    countersign: { n: 0, medianHours: null, meanHours: null },
    final: { n: 0, medianHours: null, meanHours: null },
  };
  for (const l of all) turnaround.set(l.id, structuredClone(empty));
  if (all.length === 0) return { total: 0, warning: 0, breached: 0, turnaround };
  const member = sql.join(all.map((l, i) => sql`CASE WHEN ${inListSql(l)} THEN ${i}::int END`));
  const hours = (a: string, b: string) => sql`(EXTRACT(EPOCH FROM (${sql.ref(a)} - ${sql.ref(b)})) / 3600)::float8`;
  const span = (name: string, value: RawBuilder<unknown>, cond: RawBuilder<unknown>) =>
    sql`count(*) FILTER (WHERE ${cond}) AS ${sql.ref(`${name}_n`)},
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${cond}) AS ${sql.ref(`${name}_median`)},
      avg(${value}) FILTER (WHERE ${cond}) AS ${sql.ref(`${name}_mean`)}`;
  const firstIn = sql`x.preliminary_at >= ${since} AND x.preliminary_at <= ${now}`;
  const finalIn = sql`x.final_at >= ${since} AND x.final_at <= ${now}`;
  // Each open case's deadline state once (2 past due, 1 warning, 0 neither), then plain counts. The
  // warning test (rules.ts deadlineState: time left ≤ the smaller of the hours and the share of the
  // window) as "due within the hours, and within the share": the interval arithmetic of the second
  // part only runs for the few cases the cheap first part lets through (it cost ~40 ms on 100,000).
  const warnHorizon = new Date(now.getTime() + warn.hours * 3_600_000);
  const perList = all.map(
    (l, i) => sql`count(*) FILTER (WHERE ${inListSql(l)}) AS ${sql.ref(`open_${i}`)},
      count(*) FILTER (WHERE c.state = 1 AND ${inListSql(l)}) AS ${sql.ref(`warning_${i}`)},
      count(*) FILTER (WHERE c.state = 2 AND ${inListSql(l)}) AS ${sql.ref(`breached_${i}`)}`,
  );
  const inShownOpen = shown.length > 0 ? inAnyListSql(shown) : sql`false`;
  const open = await sql<Record<string, string | number | null>>`
    SELECT count(*) FILTER (WHERE c.shown) AS total,
      count(*) FILTER (WHERE c.shown AND c.state = 1) AS warning,
      count(*) FILTER (WHERE c.shown AND c.state = 2) AS breached,
      ${sql.join(perList)}
    FROM (SELECT c.*, ${inShownOpen} AS shown,
            CASE WHEN c.due_at < ${now} THEN 2
              WHEN c.due_at > ${warnHorizon} THEN 0
              WHEN c.due_at <= ${now}::timestamptz + (c.due_at - c.performed_at) * ${warn.share}::float8 THEN 1
              ELSE 0 END AS state
          FROM reading_case c WHERE c.open) c`.execute(db);
  const reported = await sql<Record<string, string | number | null>>`
    WITH x AS (
      SELECT c.performed_at, c.due_at, c.preliminary_at, c.final_at, ARRAY[${member}] AS lists
      FROM reading_case c WHERE NOT c.open AND coalesce(c.final_at, c.preliminary_at) >= ${since}
    )
    SELECT g.i,
      ${span('first', hours('x.preliminary_at', 'x.performed_at'), firstIn)},
      count(*) FILTER (WHERE ${firstIn} AND x.preliminary_at > x.due_at) AS first_late,
      ${span('countersign', hours('x.final_at', 'x.preliminary_at'), sql`${finalIn} AND x.final_at > x.preliminary_at`)},
      ${span('final', hours('x.final_at', 'x.performed_at'), finalIn)}
    FROM x CROSS JOIN LATERAL unnest(x.lists) AS g(i)
    WHERE g.i IS NOT NULL
    GROUP BY g.i`.execute(db);
  const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const spanOf = (x: Record<string, string | number | null>, name: string): Span => ({
    n: Number(x[`${name}_n`] ?? 0),
    medianHours: num(x[`${name}_median`]),
    meanHours: num(x[`${name}_mean`]),
  });
  const o = open.rows[0] ?? {};
  all.forEach((l, i) => {
    const t = turnaround.get(l.id)!;
    t.open = Number(o[`open_${i}`] ?? 0);
    t.warning = Number(o[`warning_${i}`] ?? 0);
    t.breached = Number(o[`breached_${i}`] ?? 0);
  });
  for (const x of reported.rows) {
    const l = all[Number(x.i)];
    if (!l) continue;
    const t = turnaround.get(l.id)!;
    t.firstReport = { ...spanOf(x, 'first'), late: Number(x.first_late ?? 0) };
    t.countersign = spanOf(x, 'countersign');
    t.final = spanOf(x, 'final');
  }
  return { total: Number(o.total ?? 0), warning: Number(o.warning ?? 0), breached: Number(o.breached ?? 0), turnaround };
}

export async function caseById(db: Q, examId: string): Promise<(CaseRow & { open: boolean; performing_org_id: string }) | undefined> {
  const r = await sql<
    CaseRow & { open: boolean; performing_org_id: string }
  >`SELECT ${caseColumns}, c.open, c.performing_org_id FROM reading_case c ${caseJoins}
    WHERE c.exam_id = ${examId}`.execute(db);
  return r.rows[0];
}

/**
 * The case's patient and which of `lists` hold it, in one query (the gate's membership check for one
 * case: one round trip whatever the number of lists). `undefined` when the exam has no reading case.
 */
export async function caseMembership(db: Q, examId: string, lists: readonly ListRow[]): Promise<{ patientId: string; listIds: string[] } | undefined> {
  const member = lists.map((l, i) => sql`(${inListSql(l)}) AS ${sql.ref(`m_${i}`)}`);
  const r = await sql<
    Record<string, string | boolean>
  >`SELECT ${sql.join([sql`c.patient_id`, ...member])} FROM reading_case c WHERE c.exam_id = ${examId}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return { patientId: String(row.patient_id), listIds: lists.filter((_, i) => row[`m_${i}`] === true).map((l) => l.id) };
}

/** Which of `lists` hold the case (none for an unknown exam). */
export async function caseInLists(db: Q, examId: string, lists: readonly ListRow[]): Promise<string[]> {
  if (lists.length === 0) return [];
  return (await caseMembership(db, examId, lists))?.listIds ?? [];
}

/**
 * "Next case": claims the top open, unclaimed (or expired) case in `lists` the reader is qualified for,
 * atomically: the row is picked with FOR UPDATE SKIP LOCKED, so concurrent callers never get the same
 * case, and updated in the same statement.
 */
export async function claimNext(
  db: Q,
  p: { lists: readonly ListRow[]; qualified: RawBuilder<SqlBool>; personId: string; now: Date; cut: Date; expiresAt: Date },
): Promise<{ exam_id: string; patient_id: string } | undefined> {
  // Segment by segment (see SEGMENTS): the first open, unclaimed case in list order that no other
  // transaction holds; SKIP LOCKED lets readers pressing at once take different cases.
  for (const g of SEGMENTS(p.cut)) {
    const r = await sql<{ exam_id: string; patient_id: string }>`
      WITH pick AS (
        SELECT c.exam_id FROM reading_case c
        WHERE c.open AND ${g.where} AND (c.claimed_by IS NULL OR c.claim_expires_at < ${p.now}) AND ${inAnyListSql(p.lists)} AND ${p.qualified}
        ORDER BY ${g.order} LIMIT 1 FOR UPDATE SKIP LOCKED)
      UPDATE reading_case rc SET claimed_by = ${p.personId}, claimed_at = ${p.now}, claim_expires_at = ${p.expiresAt}
      FROM pick WHERE rc.exam_id = pick.exam_id RETURNING rc.exam_id, rc.patient_id`.execute(db);
    if (r.rows[0]) return r.rows[0];
  }
  return undefined;
}

/**
 * Locks the reader's profile row (FOR UPDATE) for the rest of the transaction, so one reader's
 * "next case" presses (a double click, a second tab) run one after the other and the second sees
 * the first one's claim. Readers do not wait for each other. False when the reader has no profile.
 */
export async function lockReaderProfile(db: Q, personId: string): Promise<boolean> {
  const r = await db.selectFrom('reader_profile').select('person_id').where('person_id', '=', personId).forUpdate().executeTakeFirst();
  return r !== undefined;
}

/**
 * The open case the reader holds an unexpired claim on that "next case" gave them (the latest
 * claim-giving event of the case — next, claim or reassign — is their 'next'), oldest claim first;
 * undefined when none. A case taken by hand ("Ta") or given by a leader does not count.
 */
export async function heldNextCase(db: Q, personId: string, now: Date): Promise<string | undefined> {
  const r = await sql<{ exam_id: string }>`
    SELECT c.exam_id FROM reading_case c
    WHERE c.claimed_by = ${personId} AND c.open AND c.claim_expires_at > ${now}
      AND (SELECT e.kind FROM reading_case_event e WHERE e.exam_id = c.exam_id AND e.kind IN ('next', 'claim', 'reassign')
           ORDER BY e.id DESC LIMIT 1) = 'next'
    ORDER BY c.claimed_at, c.exam_id LIMIT 1`.execute(db);
  return r.rows[0]?.exam_id;
}

/** Claims one case unless another reader holds an unexpired claim (conditional UPDATE). */
export async function claimCase(db: Q, examId: string, personId: string, now: Date, expiresAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('reading_case')
    .set({ claimed_by: personId, claimed_at: now, claim_expires_at: expiresAt })
    .where('exam_id', '=', examId)
    .where('open', '=', true)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', personId), eb('claim_expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Releases a claim; `onlyBy` limits it to that reader's own claim. */
export async function releaseCase(db: Q, examId: string, onlyBy: string | null): Promise<boolean> {
  let q = db
    .updateTable('reading_case')
    .set({ claimed_by: null, claimed_at: null, claim_expires_at: null })
    .where('exam_id', '=', examId)
    .where('open', '=', true);
  if (onlyBy) q = q.where('claimed_by', '=', onlyBy);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

export async function assignCase(db: Q, examId: string, personId: string, now: Date, expiresAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('reading_case')
    .set({ claimed_by: personId, claimed_at: now, claim_expires_at: expiresAt })
    .where('exam_id', '=', examId)
    .where('open', '=', true)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The modalities of a reader's unexpired open claims (workload: expected minutes). */
export async function openClaimModalities(db: Q, personId: string, now: Date): Promise<string[]> {
  const r = await db
    .selectFrom('reading_case')
    .select('modality')
    .where('claimed_by', '=', personId)
    .where('open', '=', true)
    .where('claim_expires_at', '>', now)
    .execute();
  return r.map((x) => x.modality);
}

/** Open claims per reader in `lists` (workload view): person, name, modalities. */
export async function claimsByReader(db: Q, lists: readonly ListRow[], now: Date) {
  const r = await sql<{ person_id: string; name: string; modality: string }>`
    SELECT c.claimed_by AS person_id, p.given_name || ' ' || p.family_name AS name, c.modality FROM reading_case c JOIN person p ON p.id = c.claimed_by
    WHERE c.open AND c.claim_expires_at > ${now} AND ${inAnyListSql(lists)}`.execute(db);
  return r.rows;
}

export async function addEvent(
  db: Q,
  e: { examId: string; kind: DB['reading_case_event']['kind'] extends infer K ? K : never; userId: string | null; personId: string | null; detail?: unknown },
) {
  await db
    .insertInto('reading_case_event')
    .values({
      exam_id: e.examId,
      kind: e.kind as never,
      user_id: e.userId,
      person_id: e.personId,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
    })
    .execute();
}

export async function insertHandover(db: Q, examId: string, listId: string, byUserId: string): Promise<boolean> {
  const r = await db
    .insertInto('reading_handover')
    .values({ exam_id: examId, list_id: listId, by_user_id: byUserId })
    .onConflict((c) => c.columns(['exam_id', 'list_id']).doNothing())
    .returning('exam_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertHandoverRule(db: Q, fromOrgId: string, listId: string, byUserId: string): Promise<void> {
  await db
    .insertInto('reading_handover_rule')
    .values({ from_org_id: fromOrgId, list_id: listId, by_user_id: byUserId })
    .onConflict((c) => c.columns(['from_org_id', 'list_id']).doNothing())
    .execute();
}

/** Finds the open or closed case of an exam by accession number or Study Instance UID. */
export async function caseByStudy(db: Q, ref: { accessionNumber?: string; studyInstanceUid?: string }) {
  let q = db.selectFrom('reading_case').select(['exam_id', 'patient_id', 'priority', 'performed_at', 'open', 'performing_org_id']);
  if (ref.accessionNumber) q = q.where('accession_number', '=', ref.accessionNumber);
  else if (ref.studyInstanceUid) q = q.where('study_instance_uid', '=', ref.studyInstanceUid);
  else return undefined;
  return q.executeTakeFirst();
}

export async function aiRules(db: Q) {
  return db.selectFrom('ai_priority_rule').selectAll().execute();
}

export async function deadlines(db: Q) {
  return db.selectFrom('reading_deadline').selectAll().orderBy('rank').execute();
}

/**
 * Locks the exam's reading case (FOR UPDATE: findings for one exam are received one at a time) and
 * returns the first finding this client already sent that is the same one — an identifier
 * (system + value, as in the stored Observation's `identifier`) in common, or the same exam and
 * finding code — with its stored resource; undefined when there is none.
 */
export async function lockCaseAndFindSameFinding(
  db: Q,
  f: { examId: string; clientId: string; code: AiFindingCode; identifiers: { system?: string; value: string }[] },
): Promise<{ id: string; resource: unknown } | undefined> {
  await db.selectFrom('reading_case').select('exam_id').where('exam_id', '=', f.examId).forUpdate().execute();
  const row = await db
    .selectFrom('ai_finding')
    .select(['id', 'resource'])
    .where('client_id', '=', f.clientId)
    .where((eb) =>
      eb.or([
        eb.and([eb('exam_id', '=', f.examId), eb('code', '=', f.code)]),
        ...f.identifiers.map((i) => sql<boolean>`resource -> 'identifier' @> ${JSON.stringify([i.system === undefined ? { value: i.value } : i])}::jsonb`),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .executeTakeFirst();
  return row ? { id: row.id, resource: row.resource } : undefined;
}

export async function insertFinding(
  db: Q,
  f: { id: string; examId: string; clientId: string; code: AiFindingCode; confidence: number; resource: unknown; at: Date },
): Promise<void> {
  await db
    .insertInto('ai_finding')
    .values({
      id: f.id,
      exam_id: f.examId,
      client_id: f.clientId,
      code: f.code,
      confidence: f.confidence,
      resource: JSON.stringify(f.resource),
      received_at: f.at,
    })
    .execute();
}

/** Raises the case's priority (never lowers it) and sets the AI flag. */
export async function raisePriority(db: Q, examId: string, priority: ReadingPriority | null, rank: number, hours: number): Promise<void> {
  if (priority === null) {
    await db.updateTable('reading_case').set({ ai_flag: true }).where('exam_id', '=', examId).execute();
    return;
  }
  await sql`UPDATE reading_case SET ai_flag = true,
      priority = CASE WHEN priority_rank > ${rank} THEN ${priority} ELSE priority END,
      due_at = CASE WHEN priority_rank > ${rank} THEN LEAST(due_at, performed_at + make_interval(hours => ${hours})) ELSE due_at END,
      priority_rank = LEAST(priority_rank, ${rank})
    WHERE exam_id = ${examId}`.execute(db);
}

export async function findingsFor(db: Q, examIds: readonly string[]) {
  if (examIds.length === 0) return [];
  return db
    .selectFrom('ai_finding')
    .select(['id', 'exam_id', 'code', 'confidence', 'verdict', 'received_at'])
    .where('exam_id', 'in', [...examIds])
    .orderBy('received_at')
    .execute();
}

/** The case's reading priority as the lists order by it, the priority it started with, and the AI flag (undefined: no case). */
export async function casePriority(db: Q, examId: string) {
  return db.selectFrom('reading_case').select(['priority', 'base_priority', 'ai_flag']).where('exam_id', '=', examId).executeTakeFirst();
}

export async function findingById(db: Q, id: string) {
  return db.selectFrom('ai_finding').select(['id', 'exam_id', 'verdict']).where('id', '=', id).executeTakeFirst();
}

/** Sets the verdict once (a second verdict finds no row without one). */
export async function setVerdict(db: Q, id: string, verdict: 'confirmed' | 'rejected', personId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('ai_finding')
    .set({ verdict, verdict_by: personId, verdict_at: at })
    .where('id', '=', id)
    .where('verdict', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Per finding type: findings, confirmed, rejected (for PPV); per client's organization scope when given. */
export async function findingCounts(db: Q, from: Date, to: Date) {
  const r = await sql<{ code: string; findings: string; confirmed: string; rejected: string }>`
    SELECT code, count(*) AS findings, count(*) FILTER (WHERE verdict = 'confirmed') AS confirmed, count(*) FILTER (WHERE verdict = 'rejected') AS rejected
    FROM ai_finding WHERE received_at >= ${from} AND received_at < ${to} GROUP BY code ORDER BY code`.execute(db);
  return r.rows.map((x) => ({ code: x.code, findings: Number(x.findings), confirmed: Number(x.confirmed), rejected: Number(x.rejected) }));
}

export async function patientAndReferral(db: Q, examId: string) {
  return db
    .selectFrom('reading_case as c')
    .innerJoin('referral as r', 'r.id', 'c.referral_id')
    .innerJoin('patient as p', 'p.id', 'c.patient_id')
    .select(['p.given_name', 'p.family_name', 'p.birth_date', 'p.sex', 'r.clinical_question', 'r.clinical_note', 'r.indication_code', 'r.urgency'])
    .where('c.exam_id', '=', examId)
    .executeTakeFirst();
}

export async function insertMissed(db: Q, examId: string, code: AiFindingCode, personId: string): Promise<boolean> {
  const r = await db
    .insertInto('ai_missed_finding')
    .values({ exam_id: examId, code, person_id: personId })
    .onConflict((c) => c.columns(['exam_id', 'code']).doNothing())
    .returning('exam_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function missedCounts(db: Q, from: Date, to: Date) {
  const r = await sql<{ code: string; n: string }>`SELECT code, count(*) AS n FROM ai_missed_finding WHERE at >= ${from} AND at < ${to} GROUP BY code`.execute(
    db,
  );
  return new Map(r.rows.map((x) => [x.code, Number(x.n)]));
}

/** The organizations where a person holds one of `roles` (for reassigning to them). */
export async function grantOrgsOfPerson(db: Q, personId: string, roles: readonly string[]): Promise<string[]> {
  const r = await db
    .selectFrom('role_assignment as ra')
    .innerJoin('user_account as u', 'u.id', 'ra.user_id')
    .select('ra.organization_id')
    .where('u.person_id', '=', personId)
    .where('ra.role', 'in', [...roles] as never)
    .execute();
  return [...new Set(r.map((x) => x.organization_id))];
}

export async function isWithinOrgs(db: Q, orgId: string, roots: readonly string[]): Promise<boolean> {
  return (await subtree(db, roots)).includes(orgId);
}

export { listsForOrganizations as lists };

/**
 * Takes a case off the lists once its exam has a signed report (preliminary or final) and records
 * that first report's time (preliminary_at, migration 0240; the final time is set by the exam
 * trigger when the report becomes final); true when it was open.
 */
export async function closeCase(db: Q, examId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('reading_case')
    .set({ open: false, closed_at: at, preliminary_at: at, claimed_by: null, claim_expires_at: null })
    .where('exam_id', '=', examId)
    .where('open', '=', true)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- Department reading settings (migration 0350) ----

/**
 * The departments a leader sets reading settings for: the organizations where they hold the
 * department-leader grant and the departments below them, with their setting (defaults when none
 * is stored) and who changed it last.
 */
export async function departmentSettings(db: Q, roots: readonly string[]) {
  const ids = await subtree(db, roots);
  if (ids.length === 0) return [];
  return db
    .selectFrom('organization as o')
    .leftJoin('reading_department_setting as s', 's.organization_id', 'o.id')
    .leftJoin('person as p', 'p.id', 's.changed_by_person_id')
    .select([
      'o.id',
      'o.name',
      's.preliminary_to_referrer',
      's.changed_at',
      sql<string | null>`CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END`.as('changed_by_name'),
    ])
    .where('o.id', 'in', ids)
    .where((eb) => eb.or([eb('o.kind', '=', 'department'), eb('o.id', 'in', [...roots])]))
    .orderBy('o.name')
    .execute();
}

/** Stores a department's setting (insert or update), stamped with who and when. */
export async function upsertDepartmentSetting(db: Q, orgId: string, preliminaryToReferrer: boolean, personId: string, at: Date) {
  await db
    .insertInto('reading_department_setting')
    .values({ organization_id: orgId, preliminary_to_referrer: preliminaryToReferrer, changed_by_person_id: personId, changed_at: at })
    .onConflict((c) =>
      c.column('organization_id').doUpdateSet({ preliminary_to_referrer: preliminaryToReferrer, changed_by_person_id: personId, changed_at: at }),
    )
    .execute();
}

/** Whether the exam's case is acute and its performing department lets the referrer see preliminary answers. */
export async function preliminaryToReferrerFor(db: Q, examId: string): Promise<boolean> {
  const r = await db
    .selectFrom('reading_case as c')
    .innerJoin('reading_department_setting as s', 's.organization_id', 'c.performing_org_id')
    .select('c.exam_id')
    .where('c.exam_id', '=', examId)
    .where('c.priority', '=', 'acute')
    .where('s.preliminary_to_referrer', '=', true)
    .executeTakeFirst();
  return !!r;
}
