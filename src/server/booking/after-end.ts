// Exams a modality started after their referral had ended (scheduling/performed.ts
// writes, through assessment/referral-steps.ts noteOnReferral, the referral event 'exam_started_after_end'): the booking page
// and the machine's day plan show each one in words until someone in the receiving department
// acknowledges it; the acknowledgement is kept with who and when (exam_after_end_ack, migration
// 0320) and in the referral's history (event 'exam_after_end_acknowledged').
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { requireDepartmentWork, scopeOf, type Who } from '../access/gate.ts';
import { noteOnReferral } from '../assessment/referral-steps.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import type { AfterEndAcknowledged, AfterEndWarning } from '../../shared/api/booking.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { Role } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

interface WarningRow {
  id: string;
  at: Date | string;
  referral_id: string;
  referral_number: string | number | null;
  patient_id: string;
  given_name: string;
  family_name: string;
  birth_date: string | Date;
  exam_name: string | null;
  exam_name_en: string | null;
  exam_code: string;
  machine_id: string | null;
  machine_name: string | null;
  accession_number: string | null;
}

/**
 * The open (unacknowledged) warnings of the departments `departmentIds`, oldest first, optionally
 * only those of one machine (`modalityId`) or of one referral (`referralId`). Reads the partial index
 * on the events of that kind (migration 0320).
 */
export async function openAfterEndWarnings(db: Q, departmentIds: readonly string[], modalityId?: string, referralId?: string): Promise<WarningRow[]> {
  if (departmentIds.length === 0) return [];
  const rows = await sql<WarningRow>`
    SELECT e.id::text AS id, e.at, e.referral_id, r.referral_number, r.patient_id, p.given_name, p.family_name, p.birth_date,
           ec.name AS exam_name, ec.name_en AS exam_name_en, r.exam_code, m.id AS machine_id, m.name AS machine_name,
           e.data->>'accessionNumber' AS accession_number
      FROM referral_event e
      JOIN referral r ON r.id = e.referral_id
      JOIN patient p ON p.id = r.patient_id
      LEFT JOIN exam_code ec ON ec.code = r.exam_code
      LEFT JOIN scheduled_procedure_step s ON s.id = e.data->>'stepId'
      LEFT JOIN modality m ON m.id = s.modality_id
     WHERE e.kind = 'exam_started_after_end'
       AND r.department_org_id IN (${sql.join([...departmentIds])})
       AND NOT EXISTS (SELECT 1 FROM exam_after_end_ack a WHERE a.event_id = e.id)
       ${modalityId === undefined ? sql`` : sql`AND s.modality_id = ${modalityId}`}
       ${referralId === undefined ? sql`` : sql`AND e.referral_id = ${referralId}`}
     ORDER BY e.at, e.id`.execute(db);
  return rows.rows;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const isoDate = (d: Date | string) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/** A warning row as the API shows it (the exam in the user's language). */
export function afterEndView(r: WarningRow, locale: 'nb' | 'en'): AfterEndWarning {
  return {
    id: r.id,
    at: iso(r.at),
    referralId: r.referral_id,
    referralNumber: r.referral_number === null ? null : Number(r.referral_number),
    patientName: `${r.given_name} ${r.family_name}`,
    birthDate: isoDate(r.birth_date),
    examName: r.exam_name ? examNameIn(locale, r.exam_name, r.exam_name_en) : r.exam_code,
    machineId: r.machine_id,
    machineName: r.machine_name,
    accessionNumber: r.accession_number,
  };
}

/**
 * GET /api/booking/after-end: the open warnings of the caller's booking departments (`roles`),
 * oldest first; with `referralId` (?referralId=, the referral's own page) only that referral's —
 * the same words and the same people who may acknowledge them, so a referral of another department
 * (or an unknown id) gives an empty list, never another department's warning. One access-log row
 * for the list (the patients named), none when it is empty.
 */
export async function afterEndWarnings(db: Kysely<DB>, who: Who, roles: readonly Role[], referralId?: string): Promise<AfterEndWarning[]> {
  if (who.kind !== 'user') throw new Forbidden('Bare innloggede brukere / Only logged-in users');
  const p: Principal = who.principal;
  return db.transaction().execute(async (trx) => {
    const rows = await openAfterEndWarnings(trx, await scopeOf(trx, p, roles), undefined, referralId);
    await logListAccess(trx, actorFromPrincipal(p, who.ip, roles), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: 'booking-after-end',
      action: 'search',
      context: 'booking-after-end',
    });
    return rows.map((r) => afterEndView(r, p.locale === 'en' ? 'en' : 'nb'));
  });
}

/**
 * POST /api/booking/after-end/:id/acknowledge: someone in the receiving department (a booking
 * role) has seen the warning and taken it on. Records who and when (exam_after_end_ack) and a
 * referral event 'exam_after_end_acknowledged' (status unchanged; through assessment/referral-steps.ts
 * noteOnReferral, in the same transaction). Unknown id → 404; another
 * department → 403 (logged by the gate); already acknowledged → 409 naming who did it and when.
 */
export async function acknowledgeAfterEnd(db: Kysely<DB>, who: Who, id: string, roles: readonly Role[], now = new Date()): Promise<AfterEndAcknowledged> {
  if (who.kind !== 'user') throw new Forbidden('Bare innloggede brukere / Only logged-in users');
  const p = who.principal;
  if (!/^\d{1,18}$/.test(id)) throw new NotFound('Fant ikke varselet / No such warning');
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('referral_event as e')
      .innerJoin('referral as r', 'r.id', 'e.referral_id')
      .select(['e.id', 'e.data', 'r.id as referral_id', 'r.patient_id', 'r.referrer_person_id', 'r.referrer_org_id', 'r.department_org_id', 'r.status'])
      .where('e.id', '=', Number(id))
      .where('e.kind', '=', 'exam_started_after_end')
      .executeTakeFirst();
    if (!e) throw new NotFound('Fant ikke varselet / No such warning');
    await requireDepartmentWork(trx, who, { ...e, id: e.referral_id }, roles, 'update', 'booking-after-end-ack');
    const inserted = await trx
      .insertInto('exam_after_end_ack')
      .values({ event_id: Number(id), acknowledged_at: now, acknowledged_by_user_id: p.userId, acknowledged_by_name: p.name })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning(['acknowledged_at'])
      .executeTakeFirst();
    if (!inserted) {
      const a = await trx
        .selectFrom('exam_after_end_ack')
        .select(['acknowledged_by_name', 'acknowledged_at'])
        .where('event_id', '=', Number(id))
        .executeTakeFirstOrThrow();
      throw new Conflict(`Allerede kvittert av ${a.acknowledged_by_name} ${iso(a.acknowledged_at as Date)} / Already acknowledged`);
    }
    const data = (e.data ?? {}) as Record<string, unknown>;
    await noteOnReferral(
      trx,
      e.referral_id,
      'exam_after_end_acknowledged',
      { userId: p.userId, personId: p.personId ?? null, role: actorFromPrincipal(p, who.ip, roles).role },
      { warningEventId: Number(id), accessionNumber: typeof data.accessionNumber === 'string' ? data.accessionNumber : null },
      now,
    );
    return { id, acknowledgedAt: now.toISOString(), acknowledgedBy: p.name };
  });
}
