// Booking accepted referrals into the machines' schedules: the queue (by priority and exam due
// date), slot suggestions, booking (one exam, or several for one patient on one trip, all or
// nothing), rescheduling and cancelling with who and why, direct booking by clinicians where the
// department allows it, and the machines' shifts and slot types the department leader keeps.
// A booked exam is a scheduled procedure step (scheduling/schedule.ts), so the DICOM Modality
// Worklist serves it at once. A slot cannot be double-booked: the database's exclusion constraint
// on machine and time (migration 0090) decides between two people booking at once.
import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { primaryGrant, type Principal } from '../auth/principal.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import { gated, holdsRoleIn, requireDepartmentWork, requireReferral, scopeOf, type Who } from '../access/gate.ts';
import { isPublicHoliday } from '../calendar/norwegian-calendar.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { departmentPriorities } from '../assessment/actions.ts';
import { recordReferralEvent } from '../assessment/receipt.ts';
import { notifyReferrer, type SlotTime } from '../notifications/service.ts';
import { Unprocessable } from '../referrals/errors.ts';
import { retryTransient } from '../db/retry.ts';
import { cancelProcedureStep, isSlotTaken, rescheduleProcedureStep, scheduleProcedureStep } from '../scheduling/schedule.ts';
import { DICOM_CHARACTER_SETS } from '../../shared/api/booking.ts';
import type {
  Booking,
  BookingSetting,
  DicomCharacterSet,
  BookRequest,
  DirectOptions,
  Machine,
  MachineDay,
  Queue,
  QueueOptions,
  QueueQuery,
  ReferralToBook,
  SaveShifts,
  Shift,
  Slot as SlotOut,
  Suggestions,
  TripRequest,
} from '../../shared/api/booking.ts';
import {
  addDays,
  checkBookable,
  durationFor,
  formatMinutes,
  openingHoursOfShifts,
  openWindows,
  isoWeekday,
  osloWallClock,
  shiftProblems,
  shiftsFromOpeningHours,
  suggestSlots,
  suggestTrips,
  toMinutes,
  weeklyHours,
  type BookabilityProblem,
  type MachineCalendar,
  type ShiftSpec,
  type SlotTypeSpec,
} from './slots.ts';
import * as store from './store.ts';
import { afterEndView, openAfterEndWarnings } from './after-end.ts';
import { discontinuationReasonText } from '../interop/dicom/discontinuation-reasons.ts';
import { parseInboxSearch } from '../assessment/inbox.ts';
import { searchCondition } from '../assessment/store.ts';
import { deadlineBounds, deadlineState } from '../assessment/deadline.ts';
import { QUEUE_PAGE_SIZE } from '../../shared/api/booking.ts';

/** Who changed a referral's status, for its history (referral_event): the user, their person and first role. */
function eventActor(p: Principal) {
  return { actorUserId: p.userId, actorPersonId: p.personId, actorRole: primaryGrant(p, BOOKING_ROLES)?.role ?? primaryGrant(p)?.role ?? null };
}

type Q = Kysely<DB> | Transaction<DB>;

/** Roles that book exams for the receiving department. */
export const BOOKING_ROLES: readonly Role[] = ['secretary', 'radiographer', 'radiologist', 'lis', 'department_leader'];
/** How far ahead slots are looked for. */
export const HORIZON_DAYS = 90;

/** Whether a YYYY-MM-DD date is a Norwegian public holiday (calendar/norwegian-calendar.ts). */
export const isHoliday = (date: string) => isPublicHoliday(new Date(`${date}T00:00:00Z`));

const PROBLEM_TEXT: Record<BookabilityProblem, string> = {
  past: 'Tidspunktet har passert / The time has passed',
  holiday: 'Avdelingen er stengt på helligdager / The department is closed on public holidays',
  closed: 'Maskinen har ingen skift denne dagen / The machine has no shift that day',
  'outside-hours': 'Timen ligger utenfor maskinens åpningstid / The exam falls outside the machine’s opening hours',
  'nonexistent-time': 'Klokkeslettet finnes ikke denne dagen (sommertid) / The time does not exist that day (daylight saving)',
  taken: 'Tiden er allerede booket / The slot is already booked',
};

function userOf(who: Who): Principal {
  if (who.kind !== 'user') throw new Forbidden('Bare innloggede brukere kan booke / Only logged-in users may book');
  return who.principal;
}

/** Stored shifts of the machines, or (none stored) those derived from the directory's opening hours. */
async function shiftsByMachine(db: Q, machines: { id: string; opening_hours: unknown; shifts: number }[]): Promise<Map<string, ShiftSpec[]>> {
  const rows = await store.shiftsOf(
    db,
    machines.map((m) => m.id),
  );
  const out = new Map<string, ShiftSpec[]>();
  for (const r of rows) out.set(r.modality_id, [...(out.get(r.modality_id) ?? []), { weekday: r.weekday, start: r.start, end: r.end, kind: r.kind }]);
  for (const m of machines) if (!out.has(m.id)) out.set(m.id, shiftsFromOpeningHours((m.opening_hours ?? {}) as Record<string, [string, string]>, m.shifts));
  return out;
}

function slotTypeSpecs(rows: Awaited<ReturnType<typeof store.slotTypes>>): SlotTypeSpec[] {
  return rows.map((t) => ({ modalityKind: t.modality_kind, examCode: t.exam_code, modalityId: t.modality_id, durationMinutes: t.duration_minutes }));
}

type ReferralRow = NonNullable<Awaited<ReturnType<typeof store.referralForBooking>>>;

/** The department's own words for its priority categories (assessment's departmentPriorities), cached per call. */
function priorityLabels(db: Q) {
  const cache = new Map<string, Promise<Map<string, { nb: string; en: string }>>>();
  return async (departmentId: string, code: string | null) => {
    if (!code) return null;
    let m = cache.get(departmentId);
    if (!m) {
      m = departmentPriorities(db, departmentId).then((list) => new Map(list.map((c) => [c.code, c.label])));
      cache.set(departmentId, m);
    }
    return (await m).get(code) ?? null;
  };
}

/** The caller's language for names (exam names): a user's own, else bokmål. */
function localeOfWho(who: Who): Locale {
  return who.kind === 'user' ? who.principal.locale : 'nb';
}

async function toReferralViews(
  db: Q,
  rows: (ReferralRow & { other_accepted?: number; stopped_at_modality?: store.StoppedAtModality | string | null })[],
  locale: Locale,
): Promise<ReferralToBook[]> {
  const label = priorityLabels(db);
  return Promise.all(
    rows.map(async (r) => ({
      ...toReferralView(r, locale, r.other_accepted ?? 0),
      priorityLabel: await label(r.department_org_id, r.priority_category),
      stoppedAtModality: stoppedView(r.stopped_at_modality ?? null, locale),
    })),
  );
}

/** The queue's JSON of a stop at the modality (an object on pg, maybe text on PGlite) as the API sends it. */
function stoppedView(raw: store.StoppedAtModality | string | null, locale: Locale): ReferralToBook['stoppedAtModality'] {
  if (raw === null) return null;
  const v = typeof raw === 'string' ? (JSON.parse(raw) as store.StoppedAtModality) : raw;
  // The modality's coded reason in the reader's words (PS3.16 CID 9300), else the words it sent.
  return { at: new Date(v.at).toISOString(), reason: discontinuationReasonText(v.code, v.reason, locale) };
}

function toReferralView(r: ReferralRow, locale: Locale, otherAccepted = 0): ReferralToBook {
  return {
    priorityLabel: null,
    id: r.id,
    version: r.version,
    status: r.status,
    patientName: `${r.given_name} ${r.family_name}`,
    birthDate: r.birth_date,
    examCode: r.exam_code,
    examName: examNameIn(locale, r.exam_name, r.exam_name_en),
    modalityKind: r.exam_modality,
    priorityCategory: r.priority_category,
    examDueDate: r.exam_due_date,
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
    departmentName: r.department_name,
    referralNumber: Number(r.referral_number),
    fnr: r.fnr,
    siteName: r.planned_site_name,
    deadlineState: null,
    otherAccepted,
    stoppedAtModality: null,
  };
}

/**
 * The suitable machines for a referral's exam as slot finding sees them: of the modality the
 * assessment planned (else the exam code's), at the site the assessment planned (else the
 * department's site).
 */
async function calendarsFor(
  db: Q,
  r: { department_org_id: string; exam_modality: string; exam_code: string; planned_modality?: string | null; planned_site_org_id?: string | null },
) {
  const kind = r.planned_modality ?? r.exam_modality;
  // The assessment plans a receiving unit (a department, or a site/institute): a department's machines stand at its site.
  const sites = await store.departmentSites(db, r.planned_site_org_id ?? r.department_org_id);
  const machines = await store.machinesAtSites(db, sites, kind);
  const shifts = await shiftsByMachine(db, machines);
  const types = slotTypeSpecs(await store.slotTypes(db, [kind]));
  const calendars: MachineCalendar[] = machines.map((m) => ({
    modalityId: m.id,
    siteId: m.site_org_id,
    shifts: shifts.get(m.id) ?? [],
    durationMinutes: durationFor(types, m.kind, r.exam_code, m.id),
  }));
  return { machines, calendars };
}

function slotView(machines: { id: string; name: string; site_name: string }[]) {
  const byId = new Map(machines.map((m) => [m.id, m]));
  return (s: { modalityId: string } & Omit<SlotOut, 'machineName' | 'siteName'>): SlotOut => ({
    ...s,
    machineName: byId.get(s.modalityId)?.name ?? '',
    siteName: byId.get(s.modalityId)?.site_name ?? '',
  });
}

/** Free slots for one referral, earliest first (nothing before `now` or `fromDate`). */
async function slotsFor(db: Q, r: ReferralRow, now: Date, count: number, fromDate?: string): Promise<SlotOut[]> {
  const { machines, calendars } = await calendarsFor(db, r);
  const here = osloWallClock(now);
  const from = fromDate && fromDate > here.date ? { date: fromDate, minutes: 0 } : here;
  const booked = await store.liveSteps(
    db,
    machines.map((m) => m.id),
    from.date,
    addDays(from.date, HORIZON_DAYS),
  );
  const slots = suggestSlots({
    machines: calendars,
    booked: booked.map((b) => ({ modalityId: b.modality_id, date: b.date, start: b.start, durationMinutes: b.duration_minutes })),
    from,
    horizonDays: HORIZON_DAYS,
    count,
    dueDate: r.exam_due_date,
    isHoliday,
  });
  return slots.map(slotView(machines));
}

// ---- the queue and suggestions ----

/**
 * GET /api/booking/queue ("Venter på time"): one page of the accepted referrals to book in the
 * caller's departments, by the priority's deadline (exam due date), then priority, receipt; with
 * the total. Search and filters as the vetting inbox (assessment/inbox.ts parseInboxSearch and
 * the same search SQL): name words, fødselsnummer or referral number; modality, exam, priority
 * category, exam due date state (overdue / due within 5 working days / later, assessment's
 * deadlineBounds) and planned site. A search that is neither a name nor a number → 400. One
 * access-log row per list view naming the patients shown, with the filters' names (never values).
 */
export async function bookingQueue(db: Kysely<DB>, who: Who, q: QueueQuery, now = new Date()): Promise<Queue> {
  const p = userOf(who);
  const search = parseInboxSearch(q.q);
  const limit = q.limit ?? QUEUE_PAGE_SIZE;
  const offset = q.offset ?? 0;
  const bounds = deadlineBounds(now);
  const due =
    q.deadline === 'overdue'
      ? { dueTo: shiftDay(bounds.today, -1) }
      : q.deadline === 'due_soon'
        ? { dueFrom: bounds.today, dueTo: bounds.dueSoonUntil }
        : q.deadline === 'later'
          ? { dueFrom: shiftDay(bounds.dueSoonUntil, 1) }
          : {};
  return db.transaction().execute(async (trx) => {
    const departments = await scopeOf(trx, p, BOOKING_ROLES);
    const { rows, total } = await store.bookingQueue(
      trx,
      {
        departmentIds: departments,
        search: search ? await searchCondition(trx, search) : undefined,
        modality: q.modality,
        examCode: q.exam,
        priorityCategory: q.priority,
        siteId: q.site,
        ...due,
      },
      { limit, offset },
    );
    const asked = (['q', 'modality', 'exam', 'priority', 'deadline', 'site'] as const).filter((k) => q[k] !== undefined);
    await logListAccess(trx, actorFromPrincipal(p, who.ip, BOOKING_ROLES), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: asked.length ? `booking-queue filter:${asked.join(',')}` : 'booking-queue',
      action: 'search',
      context: 'booking-queue',
    });
    const locale = localeOfWho(who);
    const items = await toReferralViews(trx, rows, locale);
    return {
      total,
      limit,
      offset,
      items: items.map((it, i) => ({ ...it, deadlineState: rows[i].exam_due_date ? deadlineState(rows[i].exam_due_date!, now) : null })),
    };
  });
}

/** GET /api/booking/queue/options: the planned sites, exams and priority categories among the caller's queue (no patient data). */
export async function bookingQueueOptions(db: Kysely<DB>, who: Who): Promise<QueueOptions> {
  const p = userOf(who);
  const departments = await scopeOf(db, p, BOOKING_ROLES);
  const o = await store.queueOptions(db, departments);
  const label = priorityLabels(db);
  const priorities = new Map<string, { nb: string; en: string }>();
  for (const x of o.priorities) if (!priorities.has(x.code)) priorities.set(x.code, (await label(x.department_org_id, x.code)) ?? { nb: x.code, en: x.code });
  return {
    sites: o.sites,
    exams: o.exams.map(({ nameEn, ...e }) => ({ ...e, name: examNameIn(p.locale, e.name, nameEn) })).sort((a, b) => a.name.localeCompare(b.name, p.locale)),
    priorities: [...priorities].map(([code, l]) => ({ code, label: l })).sort((a, b) => priorityOrder(a.code) - priorityOrder(b.code)),
  };
}

/** The default categories' order (most urgent first); a department's own codes after them. */
function priorityOrder(code: string): number {
  const i = ['emergency', 'cancer_pathway', 'within_days', 'within_weeks', 'within_months', 'control_on_date'].indexOf(code);
  return i < 0 ? 99 : i;
}

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * One accepted referral with its earliest free slots and, when the patient has other accepted
 * referrals to the department, trips that do them on the same day at the same site.
 */
export async function suggestionsFor(
  db: Kysely<DB>,
  who: Who,
  referralId: string,
  opts: { count: number; from?: string },
  now = new Date(),
): Promise<Suggestions> {
  return gated(db, async (trx) => {
    const r = await store.referralForBooking(trx, referralId);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    await requireDepartmentWork(trx, who, r, BOOKING_ROLES, 'read', 'booking-suggest');
    const others = r.status === 'accepted' ? await store.otherAcceptedReferrals(trx, r.patient_id, r.department_org_id, r.id) : [];
    const slots = r.status === 'accepted' ? await slotsFor(trx, r, now, opts.count, opts.from) : [];
    const locale = localeOfWho(who);
    const trips = others.length > 0 ? await tripsFor(trx, [r, ...others], now, locale) : [];
    const [referral] = await toReferralViews(trx, [{ ...r, other_accepted: others.length }], locale);
    return { referral, slots, others: await toReferralViews(trx, others, locale), trips };
  });
}

async function tripsFor(db: Q, referrals: ReferralRow[], now: Date, locale: Locale) {
  const requests = [];
  const machineRows: Awaited<ReturnType<typeof store.machinesAtSites>> = [];
  for (const r of referrals) {
    const { machines, calendars } = await calendarsFor(db, r);
    machineRows.push(...machines);
    requests.push({ referralId: r.id, dueDate: r.exam_due_date, machines: calendars });
  }
  const from = osloWallClock(now);
  const booked = await store.liveSteps(db, [...new Set(machineRows.map((m) => m.id))], from.date, addDays(from.date, 30));
  const trips = suggestTrips({
    requests,
    booked: booked.map((b) => ({ modalityId: b.modality_id, date: b.date, start: b.start, durationMinutes: b.duration_minutes })),
    from,
    horizonDays: 30,
    count: 3,
    isHoliday,
  });
  const view = slotView(machineRows);
  const examOf = new Map(referrals.map((r) => [r.id, examNameIn(locale, r.exam_name, r.exam_name_en)]));
  return trips.map((t) => ({
    date: t.date,
    siteId: t.siteId,
    siteName: machineRows.find((m) => m.site_org_id === t.siteId)?.site_name ?? '',
    items: t.items.map((i) => ({ ...view(i), referralId: i.referralId, examName: examOf.get(i.referralId) ?? '' })),
  }));
}

// ---- booking ----

/**
 * Places one exam for a referral on a machine at a start, inside the caller's transaction: the
 * machine must stand at the department's site and do the exam's kind, the exam must fit inside
 * the machine's opening hours on a working day (else 422 with the reason) and not overlap a live
 * step (else 409; the database's exclusion constraint decides between simultaneous bookings).
 */
async function placeStep(
  trx: Transaction<DB>,
  r: ReferralRow,
  req: { modalityId: string; date: string; start: string },
  now: Date,
  userId: string,
  detail: string,
  ignoreStepId?: string,
) {
  const { machines, calendars } = await calendarsFor(trx, r);
  const cal = calendars.find((c) => c.modalityId === req.modalityId);
  if (!cal) {
    const exists = await store.machineById(trx, req.modalityId);
    if (!exists) throw new NotFound('Fant ikke maskinen / No such machine', [{ field: 'modalityId', message: 'unknown' }]);
    throw new Unprocessable('Maskinen kan ikke ta denne undersøkelsen for avdelingen / The machine cannot do this exam for the department', [
      { field: 'modalityId', message: 'unsuitable' },
    ]);
  }
  const booked = (await store.liveSteps(trx, [cal.modalityId], req.date, req.date))
    .filter((b) => b.id !== ignoreStepId)
    .map((b) => ({ start: toMinutes(b.start), end: toMinutes(b.start) + b.duration_minutes }));
  const verdict = checkBookable(cal, req.date, req.start, cal.durationMinutes, booked, osloWallClock(now), isHoliday);
  if (!verdict.ok) {
    const windows = openWindows(cal.shifts, isoWeekday(req.date))
      .map((w) => `${formatMinutes(w.start)}–${formatMinutes(w.end)}`)
      .join(', ');
    const message = `${PROBLEM_TEXT[verdict.problem]}${verdict.problem === 'outside-hours' ? ` (${windows})` : ''}`;
    if (verdict.problem === 'taken') throw new Conflict(message, [{ field: 'start', message: 'taken' }]);
    throw new Unprocessable(message, [{ field: 'start', message: verdict.problem }]);
  }
  const machine = machines.find((m) => m.id === cal.modalityId)!;
  return { cal, machine, durationMinutes: cal.durationMinutes, userId, detail };
}

/**
 * Runs a booking transaction; an overlap the database refused (two people at once) becomes 409.
 * A deadlock between simultaneous bookings of one slot is retried (db/retry.ts): the retry then
 * meets the winner's committed step and ends as 409 too.
 */
async function slotSafe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await retryTransient(fn);
  } catch (e) {
    if (isSlotTaken(e)) throw new Conflict(PROBLEM_TEXT.taken, [{ field: 'start', message: 'taken' }]);
    throw e;
  }
}

async function bookOne(trx: Transaction<DB>, who: Who, p: Principal, referralId: string, req: BookRequest, now: Date, context: string): Promise<Booking> {
  const r = await store.referralForBooking(trx, referralId);
  if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
  await requireDepartmentWork(trx, who, r, BOOKING_ROLES, 'update', context);
  if (r.status !== 'accepted')
    throw new Conflict('Henvisningen er ikke vurdert og akseptert, eller er allerede booket / The referral is not accepted, or already booked', [
      { field: 'status', message: 'not-accepted' },
    ]);
  return bookAccepted(trx, p, r, req, now, 'booked');
}

/**
 * Tells the referrer of referral `r` a time: booked or cancelled (the time that was cancelled);
 * `slot.date` YYYY-MM-DD and `slot.start` HH:MM, Oslo wall clock. In the step's transaction. (A
 * move tells the new time and site: reschedule.)
 */
async function tellReferrerTime(
  trx: Transaction<DB>,
  r: { id: string; referrer_person_id: string },
  kind: 'exam-booked' | 'booking-cancelled',
  slot: SlotTime,
  now: Date,
): Promise<void> {
  await notifyReferrer(trx, { personId: r.referrer_person_id, referralId: r.id }, { kind, slot: { date: slot.date, start: slot.start } }, now);
}

async function bookAccepted(trx: Transaction<DB>, p: Principal, r: ReferralRow, req: BookRequest, now: Date, detail: string): Promise<Booking> {
  if (!(await store.bumpReferral(trx, r.id, req.version, { status: 'scheduled', scheduled_at: now }, now)))
    throw new Conflict('Henvisningen er endret av en annen i mellomtiden; last inn på nytt / The referral was changed meanwhile; reload', [
      { field: 'version', message: 'stale' },
    ]);
  await recordReferralEvent(trx, { referralId: r.id, kind: 'scheduled', fromStatus: r.status, toStatus: 'scheduled', ...eventActor(p), at: now });
  const placed = await placeStep(trx, r, req, now, p.userId, detail);
  const step = await scheduleProcedureStep(
    trx,
    {
      referralId: r.id,
      modalityId: placed.machine.id,
      startDate: req.date,
      startTime: req.start,
      durationMinutes: placed.durationMinutes,
      actorUserId: p.userId,
      detail,
      priority: r.priority_category === 'emergency' ? 'STAT' : r.priority_category === 'cancer_pathway' ? 'HIGH' : undefined,
    },
    now,
  );
  // The referrer is told the time, unless they booked it themselves (direct booking).
  if (r.referrer_person_id !== p.personId) await tellReferrerTime(trx, r, 'exam-booked', req, now);
  return {
    referralId: r.id,
    stepId: step.stepId,
    accessionNumber: step.accessionNumber,
    studyInstanceUid: step.studyInstanceUid,
    stationAeTitle: step.stationAeTitle,
    modalityId: placed.machine.id,
    date: req.date,
    start: req.start,
    end: formatMinutes(toMinutes(req.start) + placed.durationMinutes),
    version: await store.referralVersion(trx, r.id),
  };
}

/** Books an accepted referral: a requested procedure and scheduled procedure step (the worklist serves it), referral 'scheduled'. */
export async function book(db: Kysely<DB>, who: Who, referralId: string, req: BookRequest, now = new Date()): Promise<Booking> {
  const p = userOf(who);
  return slotSafe(() => gated(db, (trx) => bookOne(trx, who, p, referralId, req, now, 'booking-book')));
}

/** Books several referrals of one patient together (one trip): all of them, or none. */
export async function bookTrip(db: Kysely<DB>, who: Who, req: TripRequest, now = new Date()): Promise<Booking[]> {
  const p = userOf(who);
  if (new Set(req.items.map((i) => i.referralId)).size !== req.items.length)
    throw new Invalid('Samme henvisning to ganger / The same referral twice', [{ field: 'items', message: 'duplicate' }]);
  return slotSafe(() =>
    gated(db, async (trx) => {
      const patients = new Set<string>();
      const out: Booking[] = [];
      for (const item of req.items) {
        const r = await store.referralForBooking(trx, item.referralId);
        if (r) patients.add(r.patient_id);
        if (patients.size > 1) throw new Invalid('En reise gjelder én pasient / A trip is for one patient', [{ field: 'items', message: 'several-patients' }]);
        out.push(await bookOne(trx, who, p, item.referralId, item, now, 'booking-trip'));
      }
      return out;
    }),
  );
}

/**
 * Whether moving a booked exam from `before` to `after` (date YYYY-MM-DD, start HH:MM Oslo wall
 * clock, the machine's site) is news to the referrer (and so to the patient they tell): another
 * date or time, or another site — another address. Another machine at the same site and time is
 * another room, which the department shows the patient on arrival (pure).
 */
export function rescheduleTellsReferrer(
  before: { date: string; start: string; siteId: string },
  after: { date: string; start: string; siteId: string },
): boolean {
  return before.date !== after.date || before.start !== after.start || before.siteId !== after.siteId;
}

/**
 * Moves a booked exam to another time or machine (who and why recorded); the worklist serves the new
 * time. The referrer is told ('booking-changed', the new time and site) when rescheduleTellsReferrer.
 */
export async function reschedule(db: Kysely<DB>, who: Who, stepId: string, req: BookRequest & { reason: string }, now = new Date()): Promise<Booking> {
  const p = userOf(who);
  return slotSafe(() =>
    gated(db, async (trx) => {
      const s = await store.stepWithReferral(trx, stepId);
      if (!s) throw new NotFound('Fant ikke timen / No such booking');
      await requireDepartmentWork(trx, who, s, BOOKING_ROLES, 'update', 'booking-reschedule');
      if (s.step_status !== 'scheduled') throw new Conflict('Timen er startet, utført eller avlyst / The exam has started, is done or cancelled');
      if (!(await store.bumpReferral(trx, s.id, req.version, {}, now)))
        throw new Conflict('Henvisningen er endret av en annen i mellomtiden / The referral was changed meanwhile', [{ field: 'version', message: 'stale' }]);
      const r = await store.referralForBooking(trx, s.id);
      const placed = await placeStep(trx, r!, req, now, p.userId, req.reason, stepId);
      await rescheduleProcedureStep(
        trx,
        {
          stepId,
          modalityId: placed.machine.id,
          startDate: req.date,
          startTime: req.start,
          durationMinutes: placed.durationMinutes,
          actorUserId: p.userId,
          reason: req.reason,
        },
        now,
      );
      // The referrer is told a move the patient must know of: a new time, or the same time at another
      // site (another address to go to), with the site named. A move to another machine at the same
      // site and time (another room) is not news to them.
      if (
        rescheduleTellsReferrer(
          { date: s.date, start: s.start, siteId: s.site_org_id },
          { date: req.date, start: req.start, siteId: placed.machine.site_org_id },
        )
      )
        await notifyReferrer(
          trx,
          { personId: s.referrer_person_id, referralId: s.id },
          { kind: 'booking-changed', slot: { date: req.date, start: req.start }, siteId: placed.machine.site_org_id },
          now,
        );
      return {
        referralId: s.id,
        stepId,
        accessionNumber: s.accession_number,
        studyInstanceUid: s.study_instance_uid,
        stationAeTitle: placed.machine.ae_title,
        modalityId: placed.machine.id,
        date: req.date,
        start: req.start,
        end: formatMinutes(toMinutes(req.start) + placed.durationMinutes),
        version: await store.referralVersion(trx, s.id),
      };
    }),
  );
}

/** Cancels a booked exam: the slot is free again, the referral is back among those to book (who and why recorded). */
export async function cancel(db: Kysely<DB>, who: Who, stepId: string, req: { version: number; reason: string }, now = new Date()) {
  const p = userOf(who);
  return gated(db, async (trx) => {
    const s = await store.stepWithReferral(trx, stepId);
    if (!s) throw new NotFound('Fant ikke timen / No such booking');
    await requireDepartmentWork(trx, who, s, BOOKING_ROLES, 'update', 'booking-cancel');
    if (!(await store.bumpReferral(trx, s.id, req.version, { status: 'accepted', scheduled_at: null }, now)))
      throw new Conflict('Henvisningen er endret av en annen i mellomtiden / The referral was changed meanwhile', [{ field: 'version', message: 'stale' }]);
    await recordReferralEvent(trx, {
      referralId: s.id,
      kind: 'booking_cancelled',
      fromStatus: 'scheduled',
      toStatus: 'accepted',
      ...eventActor(p),
      reasonText: req.reason,
      at: now,
    });
    if (!(await cancelProcedureStep(trx, { stepId, actorUserId: p.userId, reason: req.reason }, now)))
      throw new Conflict('Timen er startet, utført eller allerede avlyst / The exam has started, is done or already cancelled');
    // The referrer is told which time was cancelled (the referral is back among those to book).
    await tellReferrerTime(trx, s, 'booking-cancelled', s, now);
    return { referralId: s.id, stepId, version: await store.referralVersion(trx, s.id) };
  });
}

// ---- the day view ----

/** A machine's day: its open windows and the booked steps (one access-log row for the list). */
export async function machineDay(db: Kysely<DB>, who: Who, modalityId: string, date: string): Promise<MachineDay> {
  const p = userOf(who);
  return db.transaction().execute(async (trx) => {
    const m = await store.machineById(trx, modalityId);
    if (!m) throw new NotFound('Fant ikke maskinen / No such machine');
    const departments = await store.siteDepartments(trx, m.site_org_id);
    let allowed = false;
    for (const d of departments) if (await holdsRoleIn(trx, p, d, BOOKING_ROLES)) allowed = true;
    if (!allowed) throw new Forbidden('Maskinen hører ikke til din avdeling / The machine is not in your department');
    const shifts = (await shiftsByMachine(trx, [m])).get(m.id) ?? [];
    const steps = await store.machineDay(trx, m.id, date);
    const afterEnd = await openAfterEndWarnings(trx, await scopeOf(trx, p, BOOKING_ROLES), m.id);
    await logListAccess(trx, actorFromPrincipal(p, who.ip, BOOKING_ROLES), {
      patientIds: [...steps.map((s) => s.patient_id), ...afterEnd.map((w) => w.patient_id)],
      resourceType: 'ScheduledProcedureStep',
      resourceId: `${m.id}|${date}`,
      action: 'search',
      context: 'booking-day',
    });
    return {
      machine: { id: m.id, name: m.name, kind: m.kind, siteName: m.site_name },
      date,
      holiday: isHoliday(date),
      open: openWindows(shifts, isoWeekday(date)).map((w) => ({ start: formatMinutes(w.start), end: formatMinutes(w.end) })),
      steps: steps.map((s) => ({
        stepId: s.step_id,
        referralId: s.referral_id,
        version: s.version,
        start: s.start,
        end: formatMinutes(toMinutes(s.start) + s.duration_minutes),
        durationMinutes: s.duration_minutes,
        status: s.status,
        patientName: `${s.given_name} ${s.family_name}`,
        birthDate: s.birth_date,
        examName: examNameIn(p.locale, s.exam_name, s.exam_name_en),
        accessionNumber: s.accession_number,
        priorityCategory: s.priority_category,
      })),
      afterEnd: afterEnd.map((w) => {
        const v = afterEndView(w, p.locale);
        return { id: v.id, at: v.at, patientName: v.patientName, birthDate: v.birthDate, examName: v.examName, accessionNumber: v.accessionNumber };
      }),
    };
  });
}

// ---- machines: shifts and slot types ----

/** Departments (and their sites) where the principal holds one of the roles. */
async function departmentSiteIds(db: Q, p: Principal, roles: readonly Role[]): Promise<string[]> {
  const orgs = await scopeOf(db, p, roles);
  const sites = new Set<string>();
  for (const o of orgs) for (const s of await store.departmentSites(db, o)) sites.add(s);
  return [...sites];
}

function machineView(m: Awaited<ReturnType<typeof store.machinesAtSites>>[number], shifts: ShiftSpec[], editable: boolean): Machine {
  const w = weeklyHours(shifts);
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    siteId: m.site_org_id,
    siteName: m.site_name,
    aeTitle: m.ae_title,
    dicomCharacterSet: m.dicom_character_set,
    shifts: shifts.map((s) => ({ weekday: s.weekday, start: s.start, end: s.end, kind: s.kind })),
    weeklyHours: w.total,
    eveningHours: w.evening,
    version: m.schedule_version,
    changedAt: m.schedule_changed_at ? new Date(m.schedule_changed_at).toISOString() : null,
    editable,
  };
}

/** The machines of the caller's departments with their shifts (no patient data). */
export async function listMachines(db: Kysely<DB>, p: Principal): Promise<Machine[]> {
  const sites = await departmentSiteIds(db, p, BOOKING_ROLES);
  const leaderSites = new Set(await departmentSiteIds(db, p, ['department_leader']));
  const machines = await store.machinesAtSites(db, sites);
  const shifts = await shiftsByMachine(db, machines);
  return machines.map((m) => machineView(m, shifts.get(m.id) ?? [], leaderSites.has(m.site_org_id)));
}

const SHIFT_PROBLEM_TEXT = {
  'bad-weekday': 'ukedag må være 1–7',
  'bad-time': 'klokkeslett må være innenfor døgnet (00:00–24:00)',
  'end-before-start': 'skiftet må slutte etter at det begynner',
  overlap: 'skiftet overlapper et annet skift samme dag',
} as const;

/**
 * Replaces a machine's shifts (department leader of the machine's site only): validated — times
 * inside the day, end after start, no overlapping shifts on a weekday — and versioned (409 when
 * someone saved in between). Also keeps the directory's opening hours in step.
 */
export async function saveShifts(db: Kysely<DB>, p: Principal, modalityId: string, req: SaveShifts, now = new Date()): Promise<Machine> {
  const problems = shiftProblems(req.shifts as ShiftSpec[]);
  if (problems.length > 0)
    throw new Invalid(
      `Skiftene er ikke gyldige: ${problems.map((x) => `skift ${x.index + 1}: ${SHIFT_PROBLEM_TEXT[x.problem]}`).join('; ')}`,
      problems.map((x) => ({ field: `shifts.${x.index}`, message: x.problem })),
    );
  return db.transaction().execute(async (trx) => {
    const m = await store.machineById(trx, modalityId);
    if (!m) throw new NotFound('Fant ikke maskinen / No such machine');
    const leaderSites = await departmentSiteIds(trx, p, ['department_leader']);
    if (!leaderSites.includes(m.site_org_id))
      throw new Forbidden('Bare avdelingslederen kan endre åpningstidene / Only the department leader may change opening hours');
    const { hours, shiftCount } = openingHoursOfShifts(req.shifts as ShiftSpec[]);
    if (!(await store.replaceShifts(trx, m.id, req.version, req.shifts, hours, shiftCount, p.userId, now)))
      throw new Conflict('Åpningstidene er endret av en annen i mellomtiden; last inn på nytt / Someone changed the opening hours meanwhile; reload', [
        { field: 'version', message: 'stale' },
      ]);
    const fresh = (await store.machinesAtSites(trx, [m.site_org_id])).find((x) => x.id === m.id)!;
    return machineView(fresh, req.shifts as Shift[] as ShiftSpec[], true);
  });
}

/**
 * Sets the Specific Character Set a machine reads its DICOM worklist in (department leader of the
 * machine's site only; migration 0185): 'ISO_IR 192' (UTF-8) or 'ISO_IR 100' (Latin-1, for older
 * modalities). The worklist answers such a machine's queries without a character set in Latin-1
 * (src/server/interop/dicom/worklist-query.ts, preferredCharset). Another value → Invalid (400),
 * an unknown or inactive machine → NotFound, not the leader → Forbidden; nothing changes then.
 * Returns the machine as listMachines shows it.
 */
export async function saveDicomCharacterSet(db: Kysely<DB>, p: Principal, modalityId: string, characterSet: DicomCharacterSet): Promise<Machine> {
  if (!(DICOM_CHARACTER_SETS as readonly string[]).includes(characterSet))
    throw new Invalid('Tegnsettet støttes ikke; velg UTF-8 eller Latin-1 / Unsupported character set; choose UTF-8 or Latin-1', [
      { field: 'dicomCharacterSet', message: 'unsupported' },
    ]);
  return db.transaction().execute(async (trx) => {
    const m = await store.machineById(trx, modalityId);
    if (!m || !m.active) throw new NotFound('Fant ikke maskinen / No such machine');
    const leaderSites = await departmentSiteIds(trx, p, ['department_leader']);
    if (!leaderSites.includes(m.site_org_id))
      throw new Forbidden('Bare avdelingslederen kan endre maskinens innstillinger / Only the department leader may change machine settings');
    await store.setDicomCharacterSet(trx, m.id, characterSet);
    const fresh = (await store.machinesAtSites(trx, [m.site_org_id])).find((x) => x.id === m.id)!;
    const shifts = await shiftsByMachine(trx, [fresh]);
    return machineView(fresh, shifts.get(fresh.id) ?? [], true);
  });
}

/** Slot types of the kinds the caller's machines have. */
export async function listSlotTypes(db: Kysely<DB>, p: Principal) {
  const machines = await store.machinesAtSites(db, await departmentSiteIds(db, p, BOOKING_ROLES));
  const kinds = [...new Set(machines.map((m) => m.kind as string))];
  const machineIds = new Set(machines.map((m) => m.id));
  const rows = (await store.slotTypes(db, kinds)).filter((t) => t.modality_id === null || machineIds.has(t.modality_id));
  const names = new Map<string, string>();
  for (const t of rows) if (t.exam_code && !names.has(t.exam_code)) names.set(t.exam_code, (await store.examCode(db, t.exam_code))?.name ?? t.exam_code);
  return rows
    .map((t) => ({
      modalityKind: t.modality_kind,
      examCode: t.exam_code,
      examName: t.exam_code ? (names.get(t.exam_code) ?? null) : null,
      modalityId: t.modality_id,
      durationMinutes: t.duration_minutes,
    }))
    .sort((a, b) => a.modalityKind.localeCompare(b.modalityKind) || (a.examCode ?? '').localeCompare(b.examCode ?? ''));
}

/**
 * Sets a slot type (department leader): a machine override only for the leader's own machines;
 * a kind or exam default applies to every department (department leaders share the catalogue).
 */
export async function saveSlotType(
  db: Kysely<DB>,
  p: Principal,
  req: { modalityKind: string; examCode: string | null; modalityId: string | null; durationMinutes: number | null },
) {
  await db.transaction().execute(async (trx) => {
    if (req.examCode) {
      const e = await store.examCode(trx, req.examCode);
      if (!e) throw new Invalid('Ukjent undersøkelseskode / Unknown exam code', [{ field: 'examCode', message: 'unknown' }]);
      if (e.modality !== req.modalityKind)
        throw new Invalid('Undersøkelsen hører til en annen modalitet / The exam belongs to another modality', [{ field: 'examCode', message: 'kind' }]);
    }
    if (req.modalityId) {
      const m = await store.machineById(trx, req.modalityId);
      if (!m) throw new NotFound('Fant ikke maskinen / No such machine', [{ field: 'modalityId', message: 'unknown' }]);
      if (m.kind !== req.modalityKind)
        throw new Invalid('Maskinen er av en annen modalitet / The machine is of another modality', [{ field: 'modalityId', message: 'kind' }]);
      if (!(await departmentSiteIds(trx, p, ['department_leader'])).includes(m.site_org_id))
        throw new Forbidden('Bare avdelingslederen kan endre maskinens timelengder / Only the department leader may change the machine’s durations');
    }
    if (req.examCode === null && req.modalityId === null && req.durationMinutes === null)
      throw new Invalid('Standardlengden for en modalitet kan ikke fjernes / The kind’s default cannot be removed', [
        { field: 'durationMinutes', message: 'required' },
      ]);
    await store.upsertSlotType(trx, {
      modality_kind: req.modalityKind,
      exam_code: req.examCode,
      modality_id: req.modalityId,
      duration_minutes: req.durationMinutes,
    });
  });
}

// ---- direct booking by clinicians ----

/** The department's direct-booking setting (exam codes clinicians may book themselves). */
export async function bookingSetting(db: Q, departmentId: string): Promise<BookingSetting> {
  const s = await store.bookingSetting(db, departmentId);
  return { departmentId, directBookingExamCodes: s?.direct_booking_exam_codes ?? [], directBookingDueDays: s?.direct_booking_due_days ?? 14 };
}

/** Saves the setting (department leader of that department). */
export async function saveBookingSetting(db: Kysely<DB>, p: Principal, departmentId: string, codes: string[], dueDays: number, now = new Date()) {
  if (!(await holdsRoleIn(db, p, departmentId, ['department_leader'])))
    throw new Forbidden('Bare avdelingslederen kan endre dette / Only the department leader may change this');
  for (const c of codes)
    if (!(await store.examCode(db, c))) throw new Invalid(`Ukjent undersøkelseskode ${c}`, [{ field: 'directBookingExamCodes', message: 'unknown' }]);
  await store.saveBookingSetting(db, departmentId, [...new Set(codes)], dueDays, now);
  return bookingSetting(db, departmentId);
}

/** The clinician's own submitted referrals they may book directly (one access-log row for the list). */
export async function directList(db: Kysely<DB>, who: Who): Promise<ReferralToBook[]> {
  const p = userOf(who);
  return db.transaction().execute(async (trx) => {
    const rows = await store.directBookable(trx, p.personId, 100);
    await logListAccess(trx, actorFromPrincipal(p, who.ip, ['referrer']), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: 'direct-booking',
      action: 'search',
      context: 'direct-booking-list',
    });
    return rows.map((r) => toReferralView(r, localeOfWho(who)));
  });
}

/** For the clinician's own (submitted) referral: may it be booked directly, and the earliest slots. */
export async function directOptions(db: Kysely<DB>, who: Who, referralId: string, now = new Date()): Promise<DirectOptions> {
  return gated(db, async (trx) => {
    const r = await store.referralForBooking(trx, referralId);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    await requireReferral(trx, who, r, 'read', 'direct-booking-options');
    const setting = await bookingSetting(trx, r.department_org_id);
    const allowed = r.status === 'submitted' && setting.directBookingExamCodes.includes(r.exam_code);
    return { allowed, referral: toReferralView(r, localeOfWho(who)), slots: allowed ? await slotsFor(trx, r, now, 6) : [] };
  });
}

/**
 * Direct booking by the clinician who wrote the referral, for the exams the receiving
 * department allows: the referral is accepted (priority 'within_weeks', due date in the
 * department's days) and booked in one transaction. 403 when the department does not allow it.
 */
export async function directBook(db: Kysely<DB>, who: Who, referralId: string, req: BookRequest, now = new Date()): Promise<Booking> {
  const p = userOf(who);
  return slotSafe(() =>
    gated(db, async (trx) => {
      const r = await store.referralForBooking(trx, referralId);
      if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
      await requireReferral(trx, who, r, 'update', 'direct-booking');
      const setting = await bookingSetting(trx, r.department_org_id);
      if (!setting.directBookingExamCodes.includes(r.exam_code))
        throw new Forbidden('Avdelingen tillater ikke direkte booking av denne undersøkelsen / The department does not allow direct booking of this exam', [
          { field: 'examCode', message: 'direct-booking-not-allowed' },
        ]);
      if (r.status !== 'submitted')
        throw new Conflict('Henvisningen er allerede vurdert / The referral has already been assessed', [{ field: 'status', message: 'not-submitted' }]);
      const due = addDays(osloWallClock(now).date, setting.directBookingDueDays);
      if (
        !(await store.bumpReferral(
          trx,
          r.id,
          req.version,
          { status: 'accepted', assessed_at: now, priority_category: 'within_weeks', exam_due_date: due },
          now,
        ))
      )
        throw new Conflict('Henvisningen er endret i mellomtiden / The referral was changed meanwhile', [{ field: 'version', message: 'stale' }]);
      // Accepted without an assessment, by the department's direct-booking setting for this exam.
      await recordReferralEvent(trx, {
        referralId: r.id,
        kind: 'accepted',
        fromStatus: 'submitted',
        toStatus: 'accepted',
        ...eventActor(p),
        reasonCode: 'within_weeks',
        data: { examDueDate: due, directBooking: true },
        at: now,
      });
      const accepted = { ...r, status: 'accepted' as const, exam_due_date: due, priority_category: 'within_weeks' };
      return bookAccepted(trx, p, accepted, { ...req, version: await store.referralVersion(trx, r.id) }, now, 'direct booking by the referrer');
    }),
  );
}
