// The vetting inbox (vurderingsinnboks): the open referrals a department must assess, earliest
// deadline first, for the user's department grants and — as a regional joint inbox — for the
// departments of the trusts that share assessment with them (vetting share agreements). Paging
// with a total, search and filters. Every page view is one access-log row naming the patients it
// showed (logListAccess, Normen), not one per row. Which departments' open referrals a user sees
// is the access gate's assessment scope (gate.ts#assessmentScope).
import type { Kysely, Transaction } from 'kysely';
import type { InboxOptions, InboxPage, InboxQuery } from '../../shared/api/assessment.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { DEPARTMENT_ROLES, assessmentScope } from '../access/gate.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { Forbidden, Invalid } from '../http/errors.ts';
import { deadlineBounds, deadlineState, workingDaysUntil } from './deadline.ts';
import { birthDates, nameParts } from './name-search.ts';
import * as store from './store.ts';

/** Rows per page unless the caller asks for another size (1–100). */
export const INBOX_PAGE_SIZE = 25;

/**
 * What the inbox's search box means (also the booking queue and "Mine henvisninger"): 11 digits =
 * a fødselsnummer or D-number, exactly; 6 digits that form a date (DDMMYY, the first half of a
 * fødselsnummer) or DD.MM.YY / DD.MM.YYYY = the birth date (a 6-digit number without a leading zero
 * is also tried as a referral number, since referral numbers reach 6 digits); other 1–10 digits = a
 * referral number, exactly; otherwise words of the patient's name, each the start of a part of the
 * name, in any order (name-search.ts: "Hansen" never finds "Johansen"). At most 6 words. Returns
 * undefined for an empty search; words with digits in them → Invalid (400). Pure.
 */
export function parseInboxSearch(q: string | undefined, today = new Date()): store.InboxSearch | undefined {
  const text = (q ?? '').trim();
  if (!text) return undefined;
  const digits = text.replace(/\s+/g, '');
  if (/^\d{11}$/.test(digits)) return { kind: 'fnr', fnr: digits };
  const dates = birthDates(digits, today);
  if (dates.length > 0) return { kind: 'birth', dates, ...(/^[1-9]\d{5}$/.test(digits) ? { number: Number(digits) } : {}) };
  if (/^\d{1,10}$/.test(digits)) return { kind: 'number', number: Number(digits) };
  if (/\d/.test(text))
    throw new Invalid(
      'Søk på navn, fødselsnummer (11 siffer), fødselsdato (6 siffer) eller henvisningsnummer / Search by name, national identity number (11 digits), date of birth (6 digits) or referral number',
      [{ field: 'q', message: 'ugyldig søk / invalid search' }],
    );
  const words = nameParts(text).slice(0, 6);
  if (words.length === 0) return undefined;
  return { kind: 'name', words };
}

/** The departments of the scope (own, or own + shared for the joint inbox), narrowed by a department or site filter. */
async function scopeDepartments(db: Kysely<DB> | Transaction<DB>, p: Principal, q: Pick<InboxQuery, 'scope' | 'department' | 'site'>) {
  const scope = await assessmentScope(db, p);
  const ids = q.scope === 'joint' ? [...scope.own, ...scope.shared] : scope.own;
  const units = await store.receivingUnits(db, ids);
  let selected = units;
  if (q.department) {
    selected = units.filter((u) => u.id === q.department);
    if (selected.length === 0)
      throw new Forbidden('Du har ikke tilgang til denne avdelingens henvisninger / You have no access to this department’s referrals');
  }
  if (q.site) {
    selected = selected.filter((u) => u.site_id === q.site);
    if (selected.length === 0) throw new Forbidden('Du har ikke tilgang til dette stedets henvisninger / You have no access to this site’s referrals');
  }
  return { scope, units, selected };
}

/**
 * GET /api/assessment/inbox: one page of open referrals (status submitted) in the user's scope,
 * earliest assessment deadline first. Department or site outside the scope → 403; a search that
 * is neither a name nor a number → 400. One access-log row for the page (if it showed anyone).
 */
export async function assessmentInbox(db: Kysely<DB>, p: Principal, q: InboxQuery, client: string | null, now = new Date()): Promise<InboxPage> {
  const search = parseInboxSearch(q.q);
  const limit = q.limit ?? INBOX_PAGE_SIZE;
  const offset = q.offset ?? 0;
  const bounds = deadlineBounds(now);
  const due =
    q.deadline === 'overdue'
      ? { dueTo: dayBefore(bounds.today) }
      : q.deadline === 'due_soon'
        ? { dueFrom: bounds.today, dueTo: bounds.dueSoonUntil }
        : q.deadline === 'later'
          ? { dueFrom: dayAfter(bounds.dueSoonUntil) }
          : {};
  return db.transaction().execute(async (trx) => {
    const { scope, selected } = await scopeDepartments(trx, p, q);
    const page = await store.inboxPage(
      trx,
      {
        departmentIds: selected.map((u) => u.id),
        search,
        modality: q.modality,
        examCode: q.exam,
        urgency: q.urgency,
        referrerPersonId: q.referrer,
        ...due,
      },
      { limit, offset },
    );
    // Which filters were used (their names, never their values: a name or number is personal data).
    const asked = (['scope', 'department', 'site', 'q', 'modality', 'exam', 'urgency', 'deadline', 'referrer'] as const).filter((k) => q[k] !== undefined);
    await logListAccess(trx, actorFromPrincipal(p, client, DEPARTMENT_ROLES), {
      patientIds: page.rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: asked.length ? `filter:${asked.join(',')}` : null,
      action: 'search',
      context: q.scope === 'joint' ? 'assessment-inbox-joint' : 'assessment-inbox',
    });
    return {
      total: page.total,
      limit,
      offset,
      rows: page.rows.map((r) => ({
        id: r.id,
        referralNumber: Number(r.referral_number),
        patientName: `${r.given_name} ${r.family_name}`,
        fnr: r.fnr,
        birthDate: r.birth_date,
        patientAge: r.patient_age,
        patientSex: r.patient_sex,
        examCode: r.exam_code,
        examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
        modality: r.modality,
        urgency: r.urgency,
        clinicalQuestion: r.clinical_question,
        rating: r.rating,
        submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
        assessmentDueDate: r.assessment_due_date,
        deadlineState: r.assessment_due_date ? deadlineState(r.assessment_due_date, now) : null,
        workingDaysLeft: r.assessment_due_date ? workingDaysUntil(r.assessment_due_date, now) : null,
        departmentId: r.department_org_id,
        departmentName: r.department_name,
        siteName: r.site_name,
        referrerId: r.referrer_person_id,
        referrerName: `${r.referrer_given_name} ${r.referrer_family_name}`.trim(),
        referrerOrganization: r.referrer_org_name,
        shared: !scope.own.includes(r.department_org_id),
      })),
    };
  });
}

/** GET /api/assessment/inbox/options: the departments, sites, exams and referrers to filter the inbox by (no patient data). */
export async function assessmentInboxOptions(db: Kysely<DB>, p: Principal, scopeName: InboxQuery['scope']): Promise<InboxOptions> {
  const { scope, units } = await scopeDepartments(db, p, { scope: scopeName });
  const opts = await store.inboxOptions(
    db,
    units.map((u) => u.id),
  );
  const sites = new Map<string, string>();
  for (const u of units) if (u.site_id && u.site_name && u.site_kind === 'site') sites.set(u.site_id, u.site_name);
  return {
    jointAvailable: scope.shared.length > 0,
    departments: units.map((u) => ({
      id: u.id,
      name: u.name,
      siteId: u.site_kind === 'site' ? u.site_id : null,
      siteName: u.site_kind === 'site' ? u.site_name : null,
      trustName: u.trust_name,
      shared: !scope.own.includes(u.id),
    })),
    sites: [...sites].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
    exams: opts.exams.map(({ nameEn, ...e }) => ({ ...e, name: examNameIn(p.locale, e.name, nameEn) })).sort((a, b) => a.name.localeCompare(b.name, p.locale)),
    referrers: opts.referrers,
  };
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
function dayAfter(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
