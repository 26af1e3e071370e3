// The reading worklist (issue 9 §1–3): the lists a reader is entitled to, the open cases in order,
// "next case" (the top case the reader is qualified for, claimed atomically), manual claim, release,
// reassign and hand-over. Every list view writes one access-log row (logListAccess); opening or
// claiming a case goes through the gate (requireReadingCase), which logs that patient.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { AccessRefused, gated, logRefusal, requireReadingCase, type Who } from '../access/gate.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { entitledLists, entitledReaderLists, READING_ROLES } from './entitlement.ts';
import { DEFAULT_WARN, deadlineState, expectedMinutes, isQualified, mayReportAlone, type ReaderKeys, type WarnWindow } from './rules.ts';
import { publishReadingChange } from './live.ts';
import * as store from './store.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import { listName } from './list-name.ts';

/** The settings the worklist needs (from config.ts). */
export interface ReadingSettings {
  maxWaitHours: number;
  claimMinutes: number;
  maxClaimedMinutes: number;
  /** The warning window before a reading deadline (config.ts readingWarnHours / readingWarnPercent); DEFAULT_WARN when left out. */
  warn?: WarnWindow;
}

/** The turnaround period of the worklist page when none is asked for: the last 7 days. */
export const DEFAULT_PERIOD_DAYS = 7;

const userWho = (p: Principal, ip: string | null): Who => ({ kind: 'user', principal: p, ip });

/** The lists of `p` narrowed to those whose subspecialty the reader has (for "next case"). */
function listsFor(lists: store.ListRow[], profile: ReaderKeys | undefined) {
  return lists.filter((l) => !l.subspecialty || profile?.subspecialties.includes(l.subspecialty));
}

/**
 * The worklist page: the user's lists with their turnaround over the last `periodDays` days (default
 * 7; store.listStats: performed → preliminary → final, open cases warning and past due) and one page
 * of the open cases of `listId` (or all their lists) in order, each with its deadline state
 * (rules.ts deadlineState, `s.warn`). Writes one access-log row naming the patients shown.
 */
export async function worklist(
  db: Kysely<DB>,
  s: ReadingSettings,
  p: Principal,
  q: { listId?: string; limit: number; offset: number; periodDays?: number },
  ip: string | null,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const all = await entitledLists(trx, p);
    const shown = q.listId ? all.filter((l) => l.id === q.listId) : all;
    if (q.listId && shown.length === 0)
      throw new Forbidden('Du har ikke tilgang til denne listen / You are not entitled to this list', [{ field: 'listId', message: 'not-entitled' }]);
    const cut = new Date(now.getTime() - s.maxWaitHours * 3_600_000);
    const rows = await store.openCases(trx, shown, cut, q.limit, q.offset);
    const findings = await store.findingsFor(
      trx,
      rows.map((r) => r.exam_id),
    );
    const profile = await store.readerProfile(trx, p.personId);
    const warn = s.warn ?? DEFAULT_WARN;
    const periodDays = q.periodDays ?? DEFAULT_PERIOD_DAYS;
    const since = new Date(now.getTime() - periodDays * 86_400_000);
    const stats = await store.listStats(trx, shown, all, since, now, warn);
    const lists = all
      .map((l) => ({ id: l.id, name: listName(l, p.locale), owner: l.ownerName, regional: l.regional, turnaround: stats.turnaround.get(l.id)! }))
      .sort((a, b) => a.name.localeCompare(b.name, p.locale === 'en' ? 'en' : 'nb'));
    await logListAccess(trx, actorFromPrincipal(p, ip, READING_ROLES), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ImagingStudy',
      resourceId: q.listId ? `reading-list:${q.listId}` : 'reading-lists',
      action: 'search',
      context: 'reading-worklist',
    });
    return {
      lists,
      period: { days: periodDays, from: since.toISOString(), to: now.toISOString() },
      warn: { hours: warn.hours, percent: Math.round(warn.share * 100) },
      total: stats.total,
      deadlines: { warning: stats.warning, breached: stats.breached },
      reader: profile ? { role: profile.role, available: profile.available } : null,
      isLeader: p.grants.some((g) => g.role === 'department_leader'),
      cases: rows.map((r) => ({
        examId: r.exam_id,
        examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
        modality: r.modality,
        priority: r.priority,
        performedAt: r.performed_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        deadline: deadlineState(r.performed_at, r.due_at, now, warn),
        waitedTooLong: r.performed_at < cut,
        site: r.site_name ?? r.department_name,
        department: r.department_name,
        claim: r.claimed_by && r.claim_expires_at && r.claim_expires_at > now ? { mine: r.claimed_by === p.personId, name: r.claimed_by_name ?? '' } : null,
        qualified: profile ? isQualified(profile, r.exam_code, null) : false,
        // Final without countersigning (a LIS's competence approvals, issue 13).
        reportsAlone: profile ? mayReportAlone(profile, r.exam_code) : false,
        findings: findings.filter((f) => f.exam_id === r.exam_id).map((f) => ({ id: f.id, code: f.code, confidence: f.confidence, verdict: f.verdict })),
      })),
    };
  });
}

/**
 * "Next case" (issue 9 §3): claims the top open case in the reader's lists (or `listId`) that they are
 * qualified for and nobody holds, atomically (store.claimNext: FOR UPDATE SKIP LOCKED), and logs it.
 * One case at a time: while the reader still holds an open case that "next case" gave them, pressing
 * again (a double click, a second tab, coming back to the list) gives that same case back
 * (`resumed` true) and claims nothing; the reader's presses are serialized by a lock on their profile
 * row, so two presses at once cannot both claim. Cases taken by hand or given by a leader do not block.
 * Refuses (409 `too-much-claimed`) when the reader already holds `maxClaimedMinutes` of expected reading
 * time (workload balance). Returns `examId` null when there is nothing to read.
 */
export async function nextCase(
  db: Kysely<DB>,
  s: ReadingSettings,
  p: Principal,
  listId: string | undefined,
  ip: string | null,
  now = new Date(),
): Promise<{ examId: string | null; resumed: boolean }> {
  return gated(db, async (trx) => {
    // First the lock (its own statement: under READ COMMITTED the statements after it see what a
    // press that held the lock before us committed).
    const hasProfile = await store.lockReaderProfile(trx, p.personId);
    const mine = hasProfile ? await store.readerProfileAndClaims(trx, p.personId, now) : undefined;
    if (!mine) throw new Forbidden('Du har ingen leserprofil / You have no reader profile', [{ field: 'profile', message: 'no-reader-profile' }]);
    const profile = mine.profile;
    if (!profile.available) throw new Conflict('Du er satt som utilgjengelig / You are set as unavailable', [{ field: 'profile', message: 'unavailable' }]);
    const held = await store.heldNextCase(trx, p.personId, now);
    if (held) {
      await requireReadingCase(trx, userWho(p, ip), held, 'read', 'reading-next-case');
      return { examId: held, resumed: true };
    }
    const load = mine.claimedModalities.reduce((a, m) => a + expectedMinutes(m), 0);
    if (load >= s.maxClaimedMinutes)
      throw new Conflict('Du har nok saker tatt; beskriv eller frigi dem først / You hold enough cases; finish or release them first', [
        { field: 'claims', message: 'too-much-claimed' },
      ]);
    // All entitled lists once: the claim picks from those the reader chose and is qualified for,
    // the gate then checks the claimed case against all of them without reading them again.
    const entitled = await entitledLists(trx, p);
    const lists = listsFor(listId ? entitled.filter((l) => l.id === listId) : entitled, profile);
    if (listId && lists.length === 0)
      throw new Forbidden('Du har ikke tilgang til denne listen / You are not entitled to this list', [{ field: 'listId', message: 'not-entitled' }]);
    const picked = await store.claimNext(trx, {
      lists,
      qualified: store.qualifiedSql(profile.role, profile.soloExamCodes),
      personId: p.personId,
      now,
      cut: new Date(now.getTime() - s.maxWaitHours * 3_600_000),
      expiresAt: new Date(now.getTime() + s.claimMinutes * 60_000),
    });
    if (!picked) return { examId: null, resumed: false };
    await store.addEvent(trx, { examId: picked.exam_id, kind: 'next', userId: p.userId, personId: p.personId });
    await requireReadingCase(trx, userWho(p, ip), picked.exam_id, 'read', 'reading-next-case', entitled);
    publishReadingChange({ kind: 'claim', examId: picked.exam_id });
    return { examId: picked.exam_id, resumed: false };
  });
}

/**
 * Opens a case (gate: one access-log row for the patient). Someone entitled to it as a reader — a
 * list of an organization where they hold a reader role (radiologist, LIS, reporting radiographer)
 * holds the case — gets the reader's view (`view` 'reader', context `reading-case`): the patient,
 * the referral's question, AI findings, claim, lists. A department leader who reaches the case only
 * as leader gets the allocation view (`view` 'allocation', context `reading-case-allocation`): what
 * work allocation needs — exam, priority, deadline, lists, status, holder — and no patient, no
 * clinical question or note, no AI findings (the access rule: no more patient data than the work
 * needs). 403 (logged) outside every entitled list, 404 unknown exam.
 */
export async function openCase(db: Kysely<DB>, p: Principal, examId: string, ip: string | null, now = new Date()) {
  return gated(db, async (trx) => {
    const entitled = await entitledLists(trx, p);
    const asReader = (await store.caseInLists(trx, examId, await entitledReaderLists(trx, p))).length > 0;
    const g = await requireReadingCase(trx, userWho(p, ip), examId, 'read', asReader ? 'reading-case' : 'reading-case-allocation', entitled);
    const c = await store.caseById(trx, examId);
    if (!c) throw new NotFound('Ukjent undersøkelse / Unknown exam');
    const lists = entitled.filter((l) => g.listIds.includes(l.id)).map((l) => listName(l, p.locale));
    const claim = c.claimed_by && c.claim_expires_at && c.claim_expires_at > now ? { mine: c.claimed_by === p.personId, name: c.claimed_by_name ?? '' } : null;
    const base = {
      examId,
      examName: examNameIn(p.locale, c.exam_name, c.exam_name_en),
      modality: c.modality,
      priority: c.priority,
      performedAt: c.performed_at.toISOString(),
      dueAt: c.due_at.toISOString(),
      open: c.open,
      site: c.site_name ?? c.department_name,
      lists,
      claim,
    };
    if (!asReader) return { view: 'allocation' as const, ...base, patient: null, clinicalQuestion: null, clinicalNote: null, findings: [] };
    const x = await store.patientAndReferral(trx, examId);
    if (!x) throw new NotFound('Ukjent undersøkelse / Unknown exam');
    const findings = await store.findingsFor(trx, [examId]);
    const birth = new Date(`${x.birth_date}T00:00:00Z`);
    const age = Math.floor((now.getTime() - birth.getTime()) / (365.2425 * 86_400_000));
    return {
      view: 'reader' as const,
      examId,
      examName: examNameIn(p.locale, c.exam_name, c.exam_name_en),
      modality: c.modality,
      priority: c.priority,
      performedAt: c.performed_at.toISOString(),
      dueAt: c.due_at.toISOString(),
      open: c.open,
      site: c.site_name ?? c.department_name,
      lists,
      patient: { name: `${x.given_name} ${x.family_name}`, age, sex: x.sex as 'M' | 'F' },
      clinicalQuestion: x.clinical_question,
      clinicalNote: x.clinical_note,
      claim: c.claimed_by && c.claim_expires_at && c.claim_expires_at > now ? { mine: c.claimed_by === p.personId, name: c.claimed_by_name ?? '' } : null,
      findings: findings.map((f) => ({ id: f.id, code: f.code, confidence: f.confidence, verdict: f.verdict })),
    };
  });
}

/** Manual claim (logged: event + access log). 409 when another reader holds it. */
export async function claimCase(db: Kysely<DB>, s: ReadingSettings, p: Principal, examId: string, ip: string | null, now = new Date()) {
  await gated(db, async (trx) => {
    await requireReadingCase(trx, userWho(p, ip), examId, 'update', 'reading-claim');
    const profile = await store.readerProfile(trx, p.personId);
    const c = await store.caseById(trx, examId);
    if (!profile || !c || !isQualified(profile, c.exam_code, null))
      throw new Forbidden('Du kan ikke beskrive denne undersøkelsen / You may not read this exam', [{ field: 'examId', message: 'not-qualified' }]);
    if (!(await store.claimCase(trx, examId, p.personId, now, new Date(now.getTime() + s.claimMinutes * 60_000))))
      throw new Conflict('En annen leser har tatt saken / Another reader holds this case', [{ field: 'examId', message: 'claimed-by-other' }]);
    await store.addEvent(trx, { examId, kind: 'claim', userId: p.userId, personId: p.personId });
  });
  publishReadingChange({ kind: 'claim', examId });
}

/**
 * Releases a claim so the case goes back to its lists: the reader's own (a reason optional), or —
 * by a department leader entitled to the case — another reader's, which needs `reason` in words
 * (400 `reason-required` otherwise). The case event 'release' keeps who released it, whose claim
 * it was (`holder`) and the reason; the gate logs the access. 409 `not-your-claim` when the case is
 * not claimed (or closed), or the claim is someone else's and the caller is no leader.
 */
export async function releaseCase(db: Kysely<DB>, p: Principal, examId: string, ip: string | null, reason?: string) {
  await gated(db, async (trx) => {
    await requireReadingCase(trx, userWho(p, ip), examId, 'update', 'reading-release');
    const leader = p.grants.some((g) => g.role === 'department_leader');
    const c = await store.caseById(trx, examId);
    const holder = c?.open ? c.claimed_by : null;
    if (!holder || (holder !== p.personId && !leader))
      throw new Conflict('Saken er ikke din å frigi / The case is not yours to release', [{ field: 'examId', message: 'not-your-claim' }]);
    const why = reason?.trim() || null;
    if (holder !== p.personId && !why)
      throw new Invalid('Skriv hvorfor du frigir en annens sak / Say why you release another reader’s case', [{ field: 'reason', message: 'reason-required' }]);
    if (!(await store.releaseCase(trx, examId, holder)))
      throw new Conflict('Saken er ikke din å frigi / The case is not yours to release', [{ field: 'examId', message: 'not-your-claim' }]);
    await store.addEvent(trx, {
      examId,
      kind: 'release',
      userId: p.userId,
      personId: p.personId,
      detail: holder === p.personId ? (why ? { reason: why } : undefined) : { holder, reason: why, by: p.personId },
    });
  });
  publishReadingChange({ kind: 'release', examId });
}

/** A department leader gives a case to a reader who is entitled to it and qualified (reassign). */
export async function assignCase(db: Kysely<DB>, s: ReadingSettings, p: Principal, examId: string, personId: string, ip: string | null, now = new Date()) {
  await gated(db, async (trx) => {
    if (!p.grants.some((g) => g.role === 'department_leader'))
      throw new Forbidden('Bare avdelingsleder kan fordele saker / Only a department leader assigns cases');
    await requireReadingCase(trx, userWho(p, ip), examId, 'update', 'reading-assign');
    const profile = await store.readerProfile(trx, personId);
    const c = await store.caseById(trx, examId);
    if (!profile || !c || !isQualified(profile, c.exam_code, null))
      throw new Invalid('Leseren kan ikke beskrive denne undersøkelsen / That reader may not read this exam', [
        { field: 'personId', message: 'not-qualified' },
      ]);
    const lists = await store.lists(trx, await store.grantOrgsOfPerson(trx, personId, READING_ROLES));
    if ((await store.caseInLists(trx, examId, lists)).length === 0)
      throw new Invalid('Leseren har ikke denne undersøkelsen i sine lister / The reader has no list with this exam', [
        { field: 'personId', message: 'not-entitled' },
      ]);
    if (!(await store.assignCase(trx, examId, personId, now, new Date(now.getTime() + s.claimMinutes * 60_000))))
      throw new Conflict('Saken er allerede beskrevet / The case is already reported', [{ field: 'examId', message: 'closed' }]);
    await store.addEvent(trx, { examId, kind: 'reassign', userId: p.userId, personId, detail: { by: p.personId } });
  });
  publishReadingChange({ kind: 'assign', examId });
}

/**
 * The reader's department (or above) must own the exam: only the owning department hands over.
 * A refusal writes one refused access-log row through the gate's `logRefusal` (reason
 * not-owning-department, resource ImagingStudy/<examId>) and throws AccessRefused (403), so
 * `gated()` commits the row.
 */
async function requireOwningDepartment(
  trx: Parameters<Parameters<typeof gated>[1]>[0],
  p: Principal,
  ip: string | null,
  c: { exam_id: string; patient_id: string; performing_org_id: string },
) {
  const orgs = grantOrganizations(p, ['department_leader', 'radiologist']);
  if (await store.isWithinOrgs(trx, c.performing_org_id, orgs)) return;
  await logRefusal(trx, userWho(p, ip), 'not-owning-department', {
    patientId: c.patient_id,
    resourceType: 'ImagingStudy',
    resourceId: c.exam_id,
    action: 'update',
    context: 'reading-handover',
  });
  throw new AccessRefused('Bare avdelingen som eier undersøkelsen kan overlate den / Only the owning department hands over', [
    { field: 'examId', message: 'not-owning-department' },
  ]);
}

/** Hands one exam over to another trust's or a regional list (by the owning department; logged). */
export async function handOver(db: Kysely<DB>, p: Principal, examId: string, listId: string, ip: string | null) {
  await gated(db, async (trx) => {
    await requireReadingCase(trx, userWho(p, ip), examId, 'update', 'reading-handover');
    const c = await store.caseById(trx, examId);
    if (!c || !c.open) throw new Conflict('Saken er allerede beskrevet / The case is already reported', [{ field: 'examId', message: 'closed' }]);
    await requireOwningDepartment(trx, p, ip, c);
    const list = await store.listById(trx, listId);
    if (!list || !list.active) throw new Invalid('Ukjent liste / Unknown list', [{ field: 'listId', message: 'unknown-list' }]);
    await store.insertHandover(trx, examId, listId, p.userId);
    await store.addEvent(trx, { examId, kind: 'handover', userId: p.userId, personId: p.personId, detail: { listId } });
  });
  publishReadingChange({ kind: 'handover', examId });
}

/** A standing hand-over: the department `fromOrgId` (the leader's own) agrees that its matching exams enter `listId`. */
export async function addStandingHandover(db: Kysely<DB>, p: Principal, fromOrgId: string, listId: string) {
  await db.transaction().execute(async (trx) => {
    if (!(await store.isWithinOrgs(trx, fromOrgId, grantOrganizations(p, ['department_leader']))))
      throw new Forbidden('Bare avdelingens leder kan avtale overlevering / Only the department leader agrees a hand-over', [
        { field: 'fromOrgId', message: 'not-owning-department' },
      ]);
    const list = await store.listById(trx, listId);
    if (!list || !list.active) throw new Invalid('Ukjent liste / Unknown list', [{ field: 'listId', message: 'unknown-list' }]);
    await store.insertHandoverRule(trx, fromOrgId, listId, p.userId);
  });
}

/** Creates a worklist owned by an organization where `p` is department leader (or admin for any). */
export async function createList(
  db: Kysely<DB>,
  p: Principal,
  l: {
    name: string;
    ownerOrgId: string;
    regional?: boolean;
    modalities?: string[];
    bodyParts?: string[];
    examCodes?: string[];
    priorities?: string[];
    siteOrgIds?: string[];
    trustOrgIds?: string[];
    subspecialty?: string;
  },
) {
  const id = `rl-${crypto.randomUUID()}`;
  await db.transaction().execute(async (trx) => {
    const admin = p.grants.some((g) => g.role === 'admin');
    if (!admin && !(await store.isWithinOrgs(trx, l.ownerOrgId, grantOrganizations(p, ['department_leader']))))
      throw new Forbidden('Du kan ikke lage lister for denne enheten / You may not create lists for this organization', [
        { field: 'ownerOrgId', message: 'not-owner' },
      ]);
    const nz = (x?: string[]) => (x && x.length ? x : null);
    await trx
      .insertInto('reading_list')
      .values({
        id,
        name: l.name,
        owner_org_id: l.ownerOrgId,
        regional: l.regional ?? false,
        modalities: nz(l.modalities),
        body_parts: nz(l.bodyParts),
        exam_codes: nz(l.examCodes),
        priorities: nz(l.priorities),
        site_org_ids: nz(l.siteOrgIds),
        trust_org_ids: nz(l.trustOrgIds),
        subspecialty: l.subspecialty ?? null,
      })
      .execute();
  });
  return { id };
}

/**
 * A report was signed for the exam (preliminary — a LIS report waiting for countersigning, or a
 * preliminary answer — or final): the case is read, so it leaves every reading list and its claim
 * ends; countersigning has its own queue. Run inside the reporting transaction (`db`); call
 * `announceReported` after it commits. Returns whether the case was still open. (The exam trigger
 * of migration 0120 closes it again, harmlessly, when the report becomes final.)
 */
export async function closeCaseOnReport(db: Kysely<DB> | Transaction<DB>, examId: string, at: Date): Promise<boolean> {
  return store.closeCase(db, examId, at);
}

/**
 * The reading priority of an exam's case and its AI findings, the same facts the worklist row and
 * the case view show (reading_case.priority — set from the referral when the exam was performed and
 * raised, never lowered, by AI findings under ai_priority_rule — and ai_finding), for other pages of
 * the case such as the report page, so they cannot disagree with the list. `raisedByAi`: an AI
 * finding raised it above the priority the case started with. Findings only when `withFindings`
 * (callers leave them out for people who reach the case only for work allocation). No access check
 * and no log row: callers have passed the gate for the exam. Undefined when the exam has no case.
 */
export async function readingFacts(db: Kysely<DB> | Transaction<DB>, examId: string, withFindings: boolean) {
  const c = await store.casePriority(db, examId);
  if (!c) return undefined;
  const findings = withFindings ? await store.findingsFor(db, [examId]) : [];
  return {
    priority: c.priority,
    raisedByAi: c.ai_flag && c.priority !== c.base_priority,
    findings: findings.map((f) => ({ id: f.id, code: f.code, confidence: f.confidence, verdict: f.verdict })),
  };
}

/** Tells open list pages that an exam's case was read (after the reporting transaction committed). */
export function announceReported(examId: string): void {
  publishReadingChange({ kind: 'reported', examId });
}
