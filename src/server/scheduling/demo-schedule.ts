// Demo data: today's and the coming three weeks' schedules on every machine, so the worklist is
// never empty on the day the demo starts. Runs on every demo start and fills only machine-days
// that have no steps yet: first from the synthetic referrals that are booked but have no step
// (status 'scheduled'), then, once those are used up (a demo started weeks later), by moving
// steps left unattended in the past to a new time, as a department rebooks a missed appointment.
// Every step and every move is timestamped (source 'demo').
import type { Kysely } from 'kysely';
import type { DB, OpeningHours } from '../db/schema.ts';
import { isPublicHoliday } from '../calendar/norwegian-calendar.ts';
import { bulkInsertSchedule, demoMachines, openReferralsWithoutStep, rescheduleStep, stepCountsByMachineDay, unattendedPastSteps } from './store.ts';
import { dicomModality } from './schedule.ts';
import { newDicomUid } from './uid.ts';

const HORIZON_DAYS = 21;
/** Steps per machine and day in the demo (a quiet, readable worklist rather than a full one). */
const PER_DAY = 6;
/** Minutes per step: the slot types' defaults per kind (migration 0090), so demo steps never overlap. */
const SLOT_MINUTES: Record<string, number> = { MR: 30, CT: 20, US: 20, DX: 15, CR: 15, NM: 45, PT: 60, MG: 20, RF: 30, XA: 60 };
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Today's date in Norway (YYYY-MM-DD). */
export function osloDate(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Start times (HH:MM:SS) of `count` slots spread over the opening hours. Pure. */
export function demoSlots(hours: [string, string], slotMinutes: number, count: number): string[] {
  const open = minutes(hours[0]);
  const close = minutes(hours[1]);
  const n = Math.floor((close - open) / slotMinutes);
  if (n <= 0) return [];
  const take = Math.min(count, n);
  const out: string[] = [];
  for (let i = 0; i < take; i++) {
    const slot = Math.floor((i * n) / take);
    const t = open + slot * slotMinutes;
    out.push(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}:00`);
  }
  return out;
}

export interface DemoScheduleSummary {
  today: string;
  /** Steps added or moved on this start. */
  added: number;
  total: number;
  todayCount: number;
  /** A machine with steps on `exampleDate` (for the printed findscu command). */
  exampleAeTitle: string | undefined;
  /** How many steps that machine has on `exampleDate`: what the printed findscu command answers. */
  exampleCount: number;
  /** Today, or the next day with steps when the department is closed today (weekend). */
  exampleDate: string;
}

export async function ensureDemoSchedule(db: Kysely<DB>, now: Date): Promise<DemoScheduleSummary> {
  const today = osloDate(now);
  const end = addDays(today, HORIZON_DAYS);
  const machines = await demoMachines(db);
  const counts = await stepCountsByMachineDay(db, today, end);
  const pool = await openReferralsWithoutStep(db);
  const pools = new Map<string, typeof pool>();
  for (const r of pool) {
    const k = `${r.department_org_id}|${r.exam_modality}`;
    const list = pools.get(k) ?? [];
    list.push(r);
    pools.set(k, list);
  }
  const stale = await unattendedPastSteps(db, today);
  const staleByMachine = new Map<string, string[]>();
  for (const s of stale) {
    const list = staleByMachine.get(s.modality_id) ?? [];
    list.push(s.id);
    staleByMachine.set(s.modality_id, list);
  }

  // Spread each pool over the horizon: as many steps per machine-day as its referrals allow.
  const dates = Array.from({ length: HORIZON_DAYS }, (_, d) => addDays(today, d));
  const machineDays = new Map<string, number>();
  // The department is closed on public holidays: no demo steps then.
  const holiday = (date: string) => isPublicHoliday(new Date(`${date}T00:00:00Z`));
  for (const date of dates) {
    if (holiday(date)) continue;
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    for (const m of machines) {
      if ((counts.get(`${m.id}|${date}`) ?? 0) > 0 || !(m.opening_hours as OpeningHours)[weekday]) continue;
      for (const dep of m.departmentIds) machineDays.set(`${dep}|${m.kind}`, (machineDays.get(`${dep}|${m.kind}`) ?? 0) + 1);
    }
  }
  const perDay = (m: { kind: string; departmentIds: string[] }) => {
    const size = m.departmentIds.reduce((n, dep) => n + (pools.get(`${dep}|${m.kind}`)?.length ?? 0), 0);
    const days = m.departmentIds.reduce((n, dep) => Math.max(n, machineDays.get(`${dep}|${m.kind}`) ?? 0), 0);
    return days === 0 || size === 0 ? PER_DAY : Math.min(PER_DAY, Math.max(1, Math.ceil(size / days)));
  };
  const quota = new Map(machines.map((m) => [m.id, perDay(m)]));

  const inserts: Parameters<typeof bulkInsertSchedule>[1] = [];
  const moves: { stepId: string; date: string; time: string }[] = [];
  for (const date of dates) {
    if (holiday(date)) continue;
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    for (const m of machines) {
      if ((counts.get(`${m.id}|${date}`) ?? 0) > 0) continue;
      const hours = (m.opening_hours as OpeningHours)[weekday];
      if (!hours) continue;
      const slots = demoSlots(hours, SLOT_MINUTES[m.kind] ?? 20, quota.get(m.id) ?? PER_DAY);
      for (const time of slots) {
        const list = m.departmentIds.map((dep) => pools.get(`${dep}|${m.kind}`)).find((l) => l && l.length > 0);
        const referral = list?.shift();
        if (referral) {
          inserts.push({
            referralId: referral.id,
            patientId: referral.patient_id,
            departmentId: referral.department_org_id,
            examName: referral.exam_name,
            modalityId: m.id,
            modality: dicomModality(m.kind),
            date,
            time,
            studyInstanceUid: newDicomUid(),
            urgent: referral.urgency !== 'routine',
            durationMinutes: SLOT_MINUTES[m.kind] ?? 20,
          });
          continue;
        }
        const old = staleByMachine.get(m.id)?.shift();
        if (old) moves.push({ stepId: old, date, time });
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    await bulkInsertSchedule(trx, inserts, now);
    for (const mv of moves) await rescheduleStep(trx, mv.stepId, mv.date, mv.time, now, 'not attended; rebooked (demo)');
  });
  const after = await stepCountsByMachineDay(db, today, end);
  let total = 0;
  let todayCount = 0;
  const aeOf = new Map(machines.map((m) => [m.id, m.ae_title]));
  const byDay = new Map<string, { ae: string; n: number }>();
  for (const [k, n] of after) {
    total += n;
    const [id, date] = k.split('|');
    if (date === today) todayCount += n;
    const best = byDay.get(date);
    if (!best || n > best.n || (n === best.n && (aeOf.get(id) ?? '') < best.ae)) byDay.set(date, { ae: aeOf.get(id) ?? '', n });
  }
  // On a closed day (weekend) point at the next day with steps.
  const exampleDate = [...byDay.keys()].sort().find((d) => d >= today) ?? today;
  return {
    today,
    added: inserts.length + moves.length,
    total,
    todayCount,
    exampleAeTitle: byDay.get(exampleDate)?.ae || undefined,
    exampleCount: byDay.get(exampleDate)?.n ?? 0,
    exampleDate,
  };
}
