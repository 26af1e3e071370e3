import fs from 'node:fs';
import { sql } from 'kysely';
import { readReferenceData } from '../directory/reference-data.ts';
import { describe, expect, it } from 'vitest';
import { ageOn, parseFnr } from '../directory/identifiers.ts';
import { createTestContext, login } from '../testing/harness.ts';
import { importJWK, SignJWT } from 'jose';
import { CdsClientVerifier } from '../auth/cds-clients.ts';
import { findCdsClientByIssuer } from '../auth/store.ts';
import type { CdsClientKeyFile } from './demo-cds-client.ts';
import { ensureDemoData } from './demo.ts';
import { eventHistoryProblems } from '../assessment/event-history.ts';
import { CLOSABLE_STATUSES } from '../assessment/closing.ts';
import { CLOSE_REASONS } from '../../shared/api/assessment.ts';
import { DEFAULT_PRIORITY_CATEGORIES } from '../assessment/priorities.ts';
import { generateRegion, isoFormatter, REFERRAL_CHUNK, type EventRow, type ReferralBatch, type ReferralDraft, type Region } from './generator.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

/** A region's patients and referrals as arrays (the generator is lazy; patients() and referrals() are independent). */
function collect(scope: string, referrals: number, seed: number) {
  const r = generateRegion({ scope, referrals, seed, now: NOW });
  const patients = [...r.patients(5000)].flat();
  return { r, patients, referrals: collectReferrals(r) };
}

/** Only the referral rows of a region, for tests that read nothing else (no patient rows made: ~10 % of a run's work). */
function collectReferrals(r: ReturnType<typeof generateRegion>) {
  return [...r.referrals(5000)].flatMap((b) => b.referrals);
}

/**
 * Hands `each` every referral of a region as the generator makes it (ReferralDraft: the fields of a
 * referral row, times in Unix milliseconds), keeping none: for the tests that count over tens of
 * thousands of referrals. The same referrals `referrals()` makes rows of (it writes these drafts
 * into a RowSink), without the row objects, their ISO timestamps and the events, exams and messages
 * no count reads; the rows themselves are checked by the tests that compare them (determinism, ranges,
 * the load).
 */
function eachReferral(r: ReturnType<typeof generateRegion>, each: (x: ReferralDraft) => void): void {
  const none = () => undefined;
  const make = r.referralMaker({ referral: each, exam: none, event: none, message: none, decision: none, adviceEvent: none });
  while (make(REFERRAL_CHUNK) > 0);
}

/**
 * One advised vest region of 20,000 referrals over two years, made once (on first use) for the two
 * tests that read its rows: the notes against their patients, and the advised decisions. Each made a
 * region of its own before (12,000 referrals over two years; 20,000 advised over one); the checks are
 * the same, on one history that has every note kind and decision kind they look for.
 */
let advisedHistory: { r: Region; batches: ReferralBatch[] } | undefined;
function vestAdvisedHistory(): { r: Region; batches: ReferralBatch[] } {
  if (!advisedHistory) {
    const r = generateRegion({ scope: 'vest', referrals: 20_000, seed: 2026, now: NOW, years: 2, historyAdvice: true });
    advisedHistory = { r, batches: [...r.referrals(5000)] };
  }
  return advisedHistory;
}

describe('synthetic region generator', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    const a = collect('vest', 2000, 7);
    const b = collect('vest', 2000, 7);
    const c = { referrals: collectReferrals(generateRegion({ scope: 'vest', referrals: 2000, seed: 8, now: NOW })) };
    expect(b.referrals).toEqual(a.referrals);
    expect(b.patients).toEqual(a.patients);
    expect(b.r.organizations).toEqual(a.r.organizations);
    expect(c.referrals.map((x) => x.exam_code)).not.toEqual(a.referrals.map((x) => x.exam_code));
  });

  it('makes valid, unique synthetic fødselsnummer and unique HPR numbers', () => {
    const { patients, r } = collect('nord', 3000, 1);
    const fnrs = new Set<string>();
    for (const p of patients) {
      const parsed = parseFnr(p.fnr);
      expect(parsed.ok, p.fnr).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.synthetic).toBe(true);
        expect(parsed.value.birthDate).toBe(p.birth_date);
        expect(parsed.value.sex).toBe(p.sex);
      }
      fnrs.add(p.fnr);
    }
    expect(fnrs.size).toBe(patients.length);
    const hprs = r.persons.map((x) => x.hpr_number).filter((x) => x !== null);
    expect(new Set(hprs).size).toBe(hprs.length);
    for (const h of hprs) expect(h).toMatch(/^[0-9]{7,9}$/);
    // DICOM AE titles: upper case, at most 16 characters, unique.
    const ae = r.modalities.map((m) => m.ae_title);
    for (const a of ae) expect(a).toMatch(/^[A-Z0-9_]{1,16}$/);
    expect(new Set(ae).size).toBe(ae.length);
  });

  it('spreads referrals over areas by population with Helseatlas variation (MR knee: Bergen above Førde-level areas)', () => {
    // Not smaller: Bergen's MR knee here is ~156 in the 150–186 band from ~570 knees (±4 %), about
    // one standard deviation of margin (checked 2026-12-02, seed 3).
    const r = generateRegion({ scope: 'vest', referrals: 60_000, seed: 3, now: NOW });
    // Counted as the referrals are made (eachReferral), none kept.
    const byAreaExam = new Map<string, number>();
    const statuses = new Set<string>();
    let total = 0;
    let lowValue = 0;
    let waitingAdvised = false;
    let adviceOnlyWaiting = true;
    const firstTimes: { submitted: number; reported: number | null }[] = [];
    eachReferral(r, (x) => {
      total++;
      const key = `${x.patient_area_id}|${x.exam_code}`;
      byAreaExam.set(key, (byAreaExam.get(key) ?? 0) + 1);
      if (x.low_value) lowValue++;
      statuses.add(x.status);
      if (x.status === 'submitted') waitingAdvised ||= x.advice !== null && Boolean(JSON.parse(x.advice).topicId);
      else adviceOnlyWaiting &&= x.advice === null;
      if (firstTimes.length < 500) firstTimes.push({ submitted: x.submitted_at, reported: x.reported_at });
    });
    const rate = (area: string, code: string) => {
      const pop = r.areas.find((a) => a.id === area)!.population;
      const n = byAreaExam.get(`${area}|${code}`) ?? 0;
      return (n / r.samplingFraction / pop) * 10_000; // annual rate per 10,000
    };
    // Bergen MR knee anchored at 168 per 10,000 (Helseatlas radiologi 1).
    expect(rate('bergen', 'SNG0AG')).toBeGreaterThan(150);
    expect(rate('bergen', 'SNG0AG')).toBeLessThan(186);
    // Førde MR lumbar spine anchored low (292 vs 298 national for MR spine).
    expect(rate('forde', 'SNA0GG')).toBeLessThan(rate('bergen', 'SNA0GG') * 1.25);
    // Low-value share present but a minority; more MR than none; statuses along the path (and ended without an exam).
    const lv = lowValue / total;
    expect(lv).toBeGreaterThan(0.03);
    expect(lv).toBeLessThan(0.4);
    expect(statuses).toEqual(new Set(['reported', 'performed', 'scheduled', 'accepted', 'returned', 'submitted', 'cancelled']));
    // Referrals waiting in the inbox carry advice where a topic covers the exam.
    expect(waitingAdvised).toBe(true);
    expect(adviceOnlyWaiting).toBe(true);
    for (const x of firstTimes) {
      expect(x.submitted).toBeLessThanOrEqual(NOW.getTime());
      if (x.reported !== null) expect(x.reported).toBeGreaterThan(x.submitted);
    }
  });

  it('loads into the database with every reference intact, demo seeding is idempotent, and the demo logins work', async () => {
    const t = await createTestContext({ seedReferrals: 3000, seedScope: 'vest', seedValue: 11 });
    const { db, config: cfg } = t;
    try {
      const first = await ensureDemoData(db, cfg, () => undefined, NOW);
      expect(first.seeded).toBe(true);
      expect(first.accounts.map((a) => a.role).sort()).toEqual(
        [
          'admin',
          'analyst',
          'department_leader',
          'lis',
          // Two network editors: one writes, the other approves (four eyes, issue 11).
          'network_editor',
          'network_editor',
          'radiographer',
          'radiologist',
          'referrer',
          'referrer',
          'referrer',
          'reporting_radiographer',
          'secretary',
        ].sort(),
      );
      const counts = async () =>
        (
          await sql<{ n: number }>`SELECT (SELECT count(*) FROM referral) + (SELECT count(*) FROM patient) + (SELECT count(*) FROM user_account) AS n`.execute(
            db.kysely,
          )
        ).rows[0].n;
      const before = await counts();
      const second = await ensureDemoData(db, cfg, () => undefined, NOW);
      expect(second).toEqual({ seeded: false, accounts: first.accounts, cdsClient: first.cdsClient, patients: first.patients });
      // Demo patients to try, printed at start-up: adults on the demo GP's list, synthetic numbers (month + 80).
      expect(first.patients).toHaveLength(3);
      for (const p of first.patients!) {
        expect(p.fnr).toMatch(/^\d{11}$/);
        expect(Number(p.fnr.slice(2, 4))).toBeGreaterThan(80);
        expect(p.fnr.slice(0, 2)).toBe(p.birthDate.slice(8, 10));
        const age = NOW.getUTCFullYear() - Number(p.birthDate.slice(0, 4));
        expect(age).toBeGreaterThanOrEqual(24);
        expect(age).toBeLessThanOrEqual(70);
      }
      // The demo record system's key file signs calls the CDS services accept.
      const key = JSON.parse(fs.readFileSync(first.cdsClient!.keyFile, 'utf8')) as CdsClientKeyFile;
      expect(key.privateJwk.d).toBeTruthy();
      const aud = 'http://localhost:8080/cds-services/radvis-imaging-order-select';
      const jwt = await new SignJWT({ jti: 'demo-1' })
        .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
        .setIssuer(key.issuer)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(await importJWK(key.privateJwk, key.alg));
      const verifier = new CdsClientVerifier({ lookup: (iss) => findCdsClientByIssuer(db.kysely, iss) });
      expect((await verifier.verify(jwt, aud)).client.id).toBe('cds-demo-epj');
      expect(await counts()).toBe(before);
      // Foreign keys may be skipped during COPY: check integrity explicitly.
      const orphans = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = r.patient_id))
             + (SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = r.referrer_person_id))
             + (SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM organization o WHERE o.id = r.department_org_id))
             + (SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM exam_code c WHERE c.code = r.exam_code))
             + (SELECT count(*) FROM exam e WHERE e.modality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM modality m WHERE m.id = e.modality_id))
             + (SELECT count(*) FROM organization o WHERE o.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organization p WHERE p.id = o.parent_id)) AS n`.execute(
        db.kysely,
      );
      expect(orphans.rows[0].n).toBe(0);
      // The printed demo logins work (one full demo seed serves both checks: each takes seconds).
      const s = await login(t.app, 'radiolog', cfg.demoPassword);
      expect(s.me.roles).toEqual(['radiologist']);
      const gp = await login(t.app, 'fastlege', cfg.demoPassword);
      expect(gp.me.referrerKind).toBe('gp');
    } finally {
      await t.close();
    }
  }); // builds and loads a region: minutes on a loaded 2-core machine

  it('spreads referrals over several years of history when asked', () => {
    const r = generateRegion({ scope: 'nord', referrals: 3000, seed: 5, now: NOW, years: 3 });
    const refs = [...r.referrals(5000)].flatMap((b) => b.referrals);
    const oldest = Math.min(...refs.map((x) => new Date(x.submitted_at).getTime()));
    expect(NOW.getTime() - oldest).toBeGreaterThan(2.5 * 365 * 86_400_000);
    expect(r.samplingFraction).toBeLessThan(generateRegion({ scope: 'nord', referrals: 3000, seed: 5, now: NOW }).samplingFraction);
  });

  it('starts the history with the backlog of a working department, so its first weeks hold a full share of exams (issue 10)', () => {
    const DAY = 86_400_000;
    const r = generateRegion({ scope: 'vest', referrals: 24_000, seed: 31, now: NOW });
    const start = NOW.getTime() - 365 * DAY;
    const examsPerDay = new Float64Array(366);
    let backlog = 0;
    let backlogExamined = 0;
    let window = 0;
    let examBeforeStart = 0;
    const none = () => undefined;
    const make = r.referralMaker({
      referral: (x) => {
        if (x.submitted_at >= start) window++;
        else {
          backlog++;
          // Sent before the first day, but not over by then (else it is no part of the history).
          if (x.performed_at !== null) backlogExamined++;
        }
      },
      exam: (_id, _referral, _code, _modality, _org, _area, performedAt) => {
        if (performedAt < start) examBeforeStart++;
        else examsPerDay[Math.min(365, Math.floor((performedAt - start) / DAY))]++;
      },
      event: none,
      message: none,
      decision: none,
      adviceEvent: none,
    });
    while (make(REFERRAL_CHUNK) > 0);
    const sum = (from: number, to: number) => examsPerDay.slice(from, to).reduce((s, n) => s + n, 0) / (to - from);
    // Without the backlog the first month held ~40 % of a month's exams (~1,650 here; ±2.5 % by chance).
    const steady = sum(60, 330);
    expect(sum(0, 30) / steady).toBeGreaterThan(0.9);
    expect(sum(0, 30) / steady).toBeLessThan(1.1);
    expect(sum(0, 7) / steady).toBeGreaterThan(0.8);
    expect(examBeforeStart).toBe(0);
    // The backlog is what a steady flow leaves open: BACKLOG_MEAN_DAYS (18.9) of sending, which the
    // sampling fraction counts on (18.9 / (365 + 18.9) = 4.9 % of the referrals); mostly examined later.
    expect(backlog / (backlog + window)).toBeGreaterThan(0.044);
    expect(backlog / (backlog + window)).toBeLessThan(0.054);
    expect(backlogExamined / backlog).toBeGreaterThan(0.8);
  });

  it('makes any range of referrals exactly as the full run does (so workers can share the work)', () => {
    const r = generateRegion({ scope: 'midt', referrals: REFERRAL_CHUNK + 3000, seed: 9, now: NOW });
    const all = [...r.referrals(4000)].flatMap((b) => b.referrals);
    const from = REFERRAL_CHUNK - 1500;
    const part = [...r.referrals(700, from, from + 3000)].flatMap((b) => b.referrals);
    expect(part).toEqual(all.slice(from, from + 3000));
  });

  it('writes timestamps exactly as Date#toISOString does', () => {
    const iso = isoFormatter();
    for (const t of [0, 1, 86_399_999, 951_782_400_123, NOW.getTime() - 1, 1_900_000_000_000 + 37_000_042]) expect(iso(t)).toBe(new Date(t).toISOString());
  });

  it('matches Helseatlas levels and variation nationally (mid-size run, scope norge)', () => {
    // Not smaller: at 150,000 Finnmark has ~37 MR knees (±16 %), so Bergen/Finnmark > 1.2 already has
    // about one standard deviation of margin, Bergen's ±12 % about two (checked 2026-12-02, seed 3).
    const r = generateRegion({ scope: 'norge', referrals: 150_000, seed: 3, now: NOW });
    // Counted as the referrals are made (eachReferral), none kept.
    const cwCodes = ['SAA0AG', 'SNA0GG', 'SNG0AG'];
    const byExam = new Map<string, number>();
    const byAreaExam = new Map<string, number>();
    const perReferrer = new Map<string, number>();
    const referrerIds = new Set<string>();
    let total = 0;
    let cwTotal = 0;
    let over60 = 0;
    // A year's rate counts the referrals sent in the history's year, not the backlog sent before it.
    const historyStart = NOW.getTime() - 365 * 86_400_000;
    eachReferral(r, (x) => {
      total++;
      if (x.submitted_at >= historyStart) {
        byExam.set(x.exam_code, (byExam.get(x.exam_code) ?? 0) + 1);
        const key = `${x.patient_area_id}|${x.exam_code}`;
        byAreaExam.set(key, (byAreaExam.get(key) ?? 0) + 1);
      }
      referrerIds.add(x.referrer_person_id);
      if (cwCodes.includes(x.exam_code)) {
        cwTotal++;
        perReferrer.set(x.referrer_person_id, (perReferrer.get(x.referrer_person_id) ?? 0) + 1);
      }
      if (x.patient_age >= 60) over60++;
    });
    const perTenThousand = (n: number, pop: number) => (n / r.samplingFraction / pop) * 10_000;
    const national = (codes: string[]) =>
      perTenThousand(
        codes.reduce((s, c) => s + (byExam.get(c) ?? 0), 0),
        5_362_000,
      );
    const area = (id: string, codes: string[]) =>
      perTenThousand(
        codes.reduce((s, c) => s + (byAreaExam.get(`${id}|${c}`) ?? 0), 0),
        r.areas.find((a) => a.id === id)!.population,
      );
    const mrCodes = readMrCodes();
    const spine = ['SNA0GG', 'SNA0AG', 'SNA0BG', 'SNA0KG'];
    // Helseatlas radiologi 1: outpatient MR 1,126 and MR knee 147 per 10,000; Bergen 168 vs Finnmark 120.
    expect(national(mrCodes)).toBeGreaterThan(1126 * 0.9);
    expect(national(mrCodes)).toBeLessThan(1126 * 1.1);
    expect(national(['SNG0AG'])).toBeGreaterThan(147 * 0.9);
    expect(national(['SNG0AG'])).toBeLessThan(147 * 1.1);
    expect(area('bergen', ['SNG0AG'])).toBeGreaterThan(area('finnmark', ['SNG0AG']) * 1.2);
    expect(Math.abs(area('bergen', ['SNG0AG']) - 168) / 168).toBeLessThan(0.12);
    // Helseatlas radiologi 2: MR spine Østfold 474 vs Førde 292.
    expect(area('ostfold', spine)).toBeGreaterThan(area('forde', spine) * 1.35);
    expect(Math.abs(area('ostfold', spine) - 474) / 474).toBeLessThan(0.12);
    // X-ray far above ultrasound and CT, which are above MR... per exam group as in docs/domain.md.
    const byModality = new Map<string, number>();
    const modalityOf = new Map(readReferenceData().examCodes.map((c) => [c.code, c.modality]));
    for (const [code, n] of byExam) byModality.set(modalityOf.get(code)!, (byModality.get(modalityOf.get(code)!) ?? 0) + n);
    expect(byModality.get('DX')!).toBeGreaterThan(byModality.get('CT')!);
    expect(byModality.get('DX')!).toBeGreaterThan(byModality.get('MR')!);
    // Andersen et al. 2023: 2.3 % of referrers wrote 33 % of MR head, lower back and knee.
    const referrers = referrerIds.size;
    const top = [...perReferrer.values()].sort((a, b) => b - a).slice(0, Math.round(referrers * 0.023));
    const topShare = top.reduce((s, n) => s + n, 0) / cwTotal;
    expect(topShare).toBeGreaterThan(0.22);
    expect(topShare).toBeLessThan(0.45);
    // Older patients get more imaging: the 60+ are over-represented against their population share.
    expect(over60 / total).toBeGreaterThan(0.35);
  });

  // That the loader writes the same rows whether worker threads make them or not: load-digest.test.ts
  // (on that file's one load).

  it('writes each referral the event history the live path would have: chained, in time order, ending in its status', () => {
    const r = generateRegion({ scope: 'vest', referrals: 20_000, seed: 11, now: NOW, idBase: { event: 500, message: 70 } });
    const batches = [...r.referrals(3000)];
    const referrals = batches.flatMap((b) => b.referrals);
    const events = batches.flatMap((b) => b.events);
    const messages = batches.flatMap((b) => b.messages);
    const byReferral = new Map<string, EventRow[]>();
    for (const e of events) byReferral.set(e.referral_id, [...(byReferral.get(e.referral_id) ?? []), e]);
    // Every end state the history can have is there.
    const statuses = new Set(referrals.map((x) => x.status));
    for (const s of ['submitted', 'accepted', 'scheduled', 'performed', 'reported', 'returned', 'cancelled']) expect(statuses, s).toContain(s);
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of [
      'submitted',
      'info_requested',
      'info_answered',
      'accepted',
      'returned',
      'scheduled',
      'performed',
      'reported',
      'closed_without_exam',
      'withdrawn',
    ])
      expect(kinds, k).toContain(k);
    // Ended without an exam (assessment/closing.ts), a small share each (the synthetic assumption
    // CLOSE_SHARE ~1.5 %, WITHDRAW_REFERRAL_SHARE ~1 %), from every status the live path allows.
    const ends = events.filter((e) => e.kind === 'closed_without_exam' || e.kind === 'withdrawn');
    const closed = ends.filter((e) => e.kind === 'closed_without_exam');
    const withdrawn = ends.filter((e) => e.kind === 'withdrawn');
    expect(closed.length / referrals.length).toBeGreaterThan(0.008);
    expect(closed.length / referrals.length).toBeLessThan(0.025);
    expect(withdrawn.length / referrals.length).toBeGreaterThan(0.004);
    expect(withdrawn.length / referrals.length).toBeLessThan(0.02);
    // (from 'info_requested' too, but a thread is rare enough that this run need not have one.)
    for (const e of ends) expect(CLOSABLE_STATUSES).toContain(e.from_status);
    for (const from of ['submitted', 'accepted', 'scheduled']) expect(ends.map((e) => e.from_status)).toContain(from);
    expect(referrals.filter((x) => x.status === 'cancelled').length).toBe(ends.length);
    const referralById = new Map(referrals.map((x) => [x.id, x]));
    for (const e of closed) {
      expect(CLOSE_REASONS).toContain(e.reason_code);
      expect(e.actor_role === 'secretary' || e.actor_role === 'radiologist', e.referral_id).toBe(true);
      expect(e.actor_person_id).toBeTruthy();
      if (e.reason_code === 'other') expect(e.reason_text).toBeTruthy();
      if (e.reason_code === 'repeated_no_show') expect(e.from_status).toBe('scheduled');
    }
    expect(new Set(closed.map((e) => e.reason_code)).size).toBeGreaterThanOrEqual(4);
    for (const e of withdrawn) {
      const x = referralById.get(e.referral_id)!;
      expect(e).toMatchObject({ actor_person_id: x.referrer_person_id, actor_role: 'referrer', reason_code: null });
    }
    expect(withdrawn.some((e) => e.reason_text !== null)).toBe(true);
    // Ids after the base, unique; in id order the same order as in time.
    expect(Math.min(...events.map((e) => e.id))).toBeGreaterThan(500);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(Math.min(...messages.map((m) => m.id))).toBeGreaterThan(70);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    const priorities = new Set(DEFAULT_PRIORITY_CATEGORIES.map((c) => c.code));
    const threads = new Map<string, typeof messages>();
    for (const m of messages) threads.set(m.referral_id, [...(threads.get(m.referral_id) ?? []), m]);
    // Each referral's checks add a line naming it to `problems` instead of one expect() each: ~12 checks
    // on each of the 20,000 referrals were ~240,000 expect() calls, ~3 of the test's ~5 CPU-s
    // (~10 µs each, measured 2026-12-02). The same checks; a failure lists every referral that fails.
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const x of referrals) {
      const h = (byReferral.get(x.id) ?? []).sort((a, b) => a.id - b.id);
      for (const p of eventHistoryProblems(h, x.status)) problems.push(`${x.id}: ${p}`);
      const at = (kind: string) => h.find((e) => e.kind === kind)?.at ?? null;
      // The events carry the referral's own times and people.
      check(at('submitted') === x.submitted_at, `${x.id}: submitted at ${at('submitted')}, referral ${x.submitted_at}`);
      check(
        h[0]?.actor_person_id === x.referrer_person_id && h[0]?.actor_role === 'referrer' && typeof h[0]?.reason_code === 'string',
        `${x.id}: first event ${JSON.stringify(h[0])} is not the referrer's with a reason`,
      );
      check((at('accepted') ?? at('returned')) === x.assessed_at, `${x.id}: assessed at ${at('accepted') ?? at('returned')}, referral ${x.assessed_at}`);
      check(at('scheduled') === x.scheduled_at, `${x.id}: scheduled at ${at('scheduled')}, referral ${x.scheduled_at}`);
      check(at('performed') === x.performed_at, `${x.id}: performed at ${at('performed')}, referral ${x.performed_at}`);
      check(at('reported') === x.reported_at, `${x.id}: reported at ${at('reported')}, referral ${x.reported_at}`);
      const accepted = h.find((e) => e.kind === 'accepted');
      check((accepted?.reason_code ?? null) === x.priority_category, `${x.id}: accepted with ${accepted?.reason_code}, priority ${x.priority_category}`);
      if (accepted) {
        check(priorities.has(accepted.reason_code!), `${x.id}: unknown priority ${accepted.reason_code}`);
        if (x.performed_at)
          check(x.performed_at.slice(0, 10) <= x.exam_due_date!, `${x.id}: performed ${x.performed_at} after the due date ${x.exam_due_date}`);
      }
      const returned = h.find((e) => e.kind === 'returned');
      if (returned)
        check(['not_indicated', 'missing_information', 'duplicate', 'other'].includes(returned.reason_code!), `${x.id}: returned with ${returned.reason_code}`);
      if (returned?.reason_code === 'other') check(!!returned.reason_text, `${x.id}: returned as other without a text`);
      // A request for more information comes with the thread: the question, then the referrer's answer.
      const thread = threads.get(x.id) ?? [];
      const said = JSON.stringify(thread.map((m) => [m.side, m.at]));
      const asked = JSON.stringify(h.filter((e) => e.kind.startsWith('info_')).map((e) => [e.kind === 'info_requested' ? 'department' : 'referrer', e.at]));
      check(said === asked, `${x.id}: thread ${said}, events ${asked}`);
      // (A thread the referral's end cut short has the question only.)
      if (thread.length > 1) check(thread[1]?.author_person_id === x.referrer_person_id, `${x.id}: the answer is not the referrer's`);
    }
    // Only performed referrals have exams; returned ones none.
    const withExam = new Set(batches.flatMap((b) => b.exams).map((e) => e.referral_id));
    for (const x of referrals)
      check(withExam.has(x.id) === (x.status === 'performed' || x.status === 'reported'), `${x.id}: ${x.status}, exam ${withExam.has(x.id)}`);
    expect(problems).toEqual([]);
  });

  it('writes notes that agree with their patient: the age on the day sent, from the birth date; bounded scenarios only for patients they fit', () => {
    const { r, batches } = vestAdvisedHistory();
    const patients = new Map([...r.patients(5000)].flat().map((p) => [p.id, p]));
    const referrals = batches.flatMap((b) => b.referrals);
    let aged = 0;
    const agedUnder50 = new Set<string>();
    // Each referral's checks add a line naming it to `problems` instead of one expect() each (~20,000
    // referrals × 3–7 checks; expect() costs ~10 µs a call), as in the event-history test above.
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const x of referrals) {
      const p = patients.get(x.patient_id)!;
      const age = ageOn(p.birth_date, new Date(x.submitted_at));
      // The stored age is the age on the day sent (as submitReferral stores it), never before birth.
      check(x.patient_age === age, `${x.id}: stored age ${x.patient_age}, age on the day sent ${age}`);
      check(age >= 0, `${x.id}: age ${age}`);
      // The birth date read from the fødselsnummer is the patient's birth date.
      const fnr = parseFnr(p.fnr);
      check(fnr.ok && fnr.value.birthDate === p.birth_date, `${x.id}: fødselsnummer ${JSON.stringify(fnr)}, birth date ${p.birth_date}`);
      const note = x.clinical_note ?? '';
      const written = /(\d+) år gammel (mann|kvinne|gutt|jente)/.exec(note);
      if (written) {
        aged++;
        check(Number(written[1]) === age, `${x.id}: ${note} (age ${age})`);
        check((written[2] === 'mann' || written[2] === 'gutt' ? 'M' : 'F') === p.sex, `${x.id}: ${note} (sex ${p.sex})`);
        check((written[2] === 'gutt' || written[2] === 'jente') === age < 18, `${x.id}: ${note} (age ${age})`);
        if (age < 50) agedUnder50.add(x.exam_code);
      }
      // Nothing says an age band the patient is not in.
      const over = /over (\d+) år/.exec(note);
      if (over) check(age > Number(over[1]), `${x.id}: ${note} (age ${age})`);
      if (/postmenopausal/i.test(note)) check(age >= 51, `${x.id}: postmenopausal at ${age}`);
      if (/premenopausal/i.test(note)) check(age <= 50, `${x.id}: premenopausal at ${age}`);
      if (/ca mammae/.test(note)) check(p.sex === 'F', `${x.id}: ca mammae, sex ${p.sex}`);
      if (/ca prostata/.test(note)) check(p.sex === 'M', `${x.id}: ca prostata, sex ${p.sex}`);
    }
    expect(problems).toEqual([]);
    expect(aged).toBeGreaterThan(100);
    // Headache and shoulder notes with an age are written for patients under 50 too.
    expect([...agedUnder50]).toEqual(expect.arrayContaining(['SAA0AG', 'SAA0AD']));
    // The low-value indicator's population stays: MR knee from 50 without a knee injury, performed.
    const knee = referrals.filter(
      (x) => x.exam_code === 'SNG0AG' && x.patient_age >= 50 && x.performed_at && !/^(L96|L81|L79|S8)/.test(x.indication_code ?? ''),
    );
    expect(knee.length).toBeGreaterThan(20);
  });

  it('advises the history as referrers act on it: every decision kind, the advice events the form writes, nothing sent when withdrawn', () => {
    const { batches } = vestAdvisedHistory();
    const referrals = new Map(batches.flatMap((b) => b.referrals).map((x) => [x.id, x]));
    const decisions = batches.flatMap((b) => b.decisions);
    const events = batches.flatMap((b) => b.adviceEvents);
    const kinds = new Map<string, number>();
    for (const d of decisions) kinds.set(d.decision, (kinds.get(d.decision) ?? 0) + 1);
    for (const k of ['followed', 'overridden', 'alternative_accepted', 'withdrawn']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(10);
    // Taking the alternative or withdrawing is the minority; most "usually not appropriate" advice is overridden.
    const against = decisions.filter((d) => d.rating === 'usually_not_appropriate').length;
    expect(kinds.get('overridden')! / against).toBeGreaterThan(0.8);
    const byDraft = new Map<string, typeof events>();
    for (const e of events) byDraft.set(e.draft_id, [...(byDraft.get(e.draft_id) ?? []), e]);
    expect(byDraft.size).toBe(decisions.length);
    for (const d of decisions) {
      const shown = byDraft.get(d.draft_id)!;
      // The draft's event before sending, with the advice decided on, then the referral's own.
      expect(shown[0], d.draft_id).toMatchObject({ referral_id: null, exam_code: d.exam_code, topic_id: d.topic_id, rating: d.rating });
      expect(shown[0].at < d.at, d.draft_id).toBe(true);
      if (d.decision === 'withdrawn') {
        expect(d.referral_id).toBeNull();
        expect(['watchful_waiting', 'clinical']).toContain(d.reason_code);
        expect(shown).toHaveLength(1);
        expect(referrals.has(`ref-${d.draft_id.slice('draft-'.length)}`), d.draft_id).toBe(false);
        continue;
      }
      const x = referrals.get(d.referral_id!)!;
      expect(shown).toHaveLength(2);
      expect(shown[1]).toMatchObject({ referral_id: x.id, at: x.submitted_at, exam_code: d.exam_code, topic_id: d.topic_id, rating: d.rating });
      expect(d.at).toBe(x.submitted_at);
      if (d.decision === 'alternative_accepted') {
        // Sent for the advice's alternative exam, with that exam's advice, not flagged low-value.
        const advised = JSON.parse(x.advice!) as { topicId: string };
        expect(x.exam_code).not.toBe(d.exam_code);
        expect(advised.topicId).toBeTruthy();
        expect(x.low_value).toBe(false);
        expect(d.reason_code).toBeNull();
      } else {
        expect(x.exam_code).toBe(d.exam_code);
        expect(x.low_value).toBe(d.decision === 'overridden');
        expect(d.reason_code === null).toBe(d.decision === 'followed');
      }
    }
  });

  it('refuses an unknown scope', () => {
    expect(() => generateRegion({ scope: 'mars', referrals: 10, seed: 1, now: NOW })).toThrow(/Unknown scope/);
  });
});

function readMrCodes(): string[] {
  return readReferenceData()
    .examCodes.filter((c) => c.modality === 'MR')
    .map((c) => c.code);
}
