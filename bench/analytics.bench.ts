// Management-data queries against a generated region (issue 10: every dashboard query p95 < 300 ms,
// the full variation report < 2 s, new data visible in the aggregates within a minute).
// Loads a synthetic region (or reuses one: BENCH_REUSE=1 with the same schema), builds the
// aggregates, then times each dashboard use case as the API runs it, and one incremental refresh.
//   DATABASE_URL=postgres://…/db BENCH_REFERRALS=1000000 BENCH_SCOPE=norge npx tsx bench/analytics.bench.ts
//   BENCH_ROUNDS=30 (samples per query; 0 skips the dashboard queries); BENCH_SCHEMA=name keeps the data for a second run
//   BENCH_LIVE=100 also times one refresh after that many new referrals spread over every area (live traffic),
//   submitted now or at BENCH_LIVE_AT (an ISO time, e.g. mid-last-month when the current month has barely begun)
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { loadIndicators } from '../src/server/analytics/indicators.ts';
import * as service from '../src/server/analytics/service.ts';
import { refreshAggregates } from '../src/server/analytics/store.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';
import { REFERRAL_COLS } from '../src/server/synthetic/referral-text.ts';
import { machine } from './lib.ts';

const url = process.env.DATABASE_URL;
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 200_000);
const SCOPE = process.env.BENCH_SCOPE ?? 'norge';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const LIVE = Number(process.env.BENCH_LIVE ?? 0);
const schema = url ? (process.env.BENCH_SCHEMA ?? `bench_${crypto.randomBytes(4).toString('hex')}`) : undefined;

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

async function main() {
  const db = await openDatabase(url ? { url, schema, poolSize: 4 } : {});
  try {
    await migrate(db);
    const k = db.kysely;
    const have = await k.selectFrom('referral').select('id').limit(1).executeTakeFirst();
    if (!have) {
      const t0 = Date.now();
      await loadRegion(db, { scope: SCOPE, referrals: REFERRALS, seed: 2026, now: new Date(), years: 3 });
      console.log(`loaded ${REFERRALS.toLocaleString('en')} referrals (${SCOPE}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    let t0 = Date.now();
    const slices = await refreshAggregates(k, loadIndicators());
    console.log(
      `aggregates built: ${slices} (year, month, area) slices in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
    );
    await sql`ANALYZE`.execute(k);
    const years = (await sql<{ y: number }>`SELECT max(year) AS y FROM analytics_exam_count`.execute(k)).rows[0].y;
    const scope = { level: 'all' } as const;
    const period = { from: Number(years) - 1, to: Number(years) };
    const cases: [string, () => Promise<unknown>][] = [
      ['meta', () => service.meta(k, scope, 'nb')],
      ['rates (all exams)', () => service.rates(k, scope, period)],
      ['rates (MR, women 50-69)', () => service.rates(k, scope, { ...period, modality: 'MR', sex: 'F', ageGroup: '50-69' })],
      ['trend', () => service.trend(k, scope, { from: period.from - 1, to: period.to })],
      ['indicator by area', () => service.indicator(k, scope, { ...period, indicator: 'mr-knee-50', by: 'area' })],
      ['indicator by practice (funnel)', () => service.indicator(k, scope, { ...period, indicator: 'mr-lumbar-no-red-flags', by: 'practice' })],
      ['process by trust', () => service.processMeasures(k, scope, { ...period, by: 'trust' })],
      ['ended without exam by area', () => service.endedWithoutExam(k, scope, { ...period, by: 'area' })],
      ['ended without exam: reasons', () => service.endedReasons(k, scope, period)],
      ['ended without exam: reasons (MR)', () => service.endedReasons(k, scope, { ...period, modality: 'MR' })],
      ['adherence', () => service.adherence(k, scope, period, 'nb', (id) => id)],
    ];
    console.log(`\n| query | p50 ms | p95 ms | target |\n|---|---|---|---|`);
    for (const [name, run] of ROUNDS > 0 ? cases : []) {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const s = performance.now();
        await run();
        ms.push(performance.now() - s);
      }
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(`| ${name} | ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} | ${p95(ms).toFixed(0)} | < 300 |`);
    }
    const report: number[] = [];
    for (let i = 0; i < (ROUNDS > 0 ? Math.max(3, Math.floor(ROUNDS / 10)) : 0); i++) {
      const s = performance.now();
      await service.variationReport(k, scope, period);
      report.push(performance.now() - s);
    }
    if (report.length > 0)
      console.log(`| full variation report | ${report.sort((a, b) => a - b)[Math.floor(report.length / 2)].toFixed(0)} | ${p95(report).toFixed(0)} | < 2000 |`);
    // New data: one exam in the busiest slice, then the refresh the server runs every ≤ 60 s.
    const ref = await k
      .selectFrom('referral')
      .select(['id', 'exam_code', 'department_org_id', 'patient_area_id'])
      .where('status', '=', 'reported')
      .limit(1)
      .executeTakeFirstOrThrow();
    await k
      .insertInto('exam')
      .values({
        id: `bench-${crypto.randomUUID()}`,
        referral_id: ref.id,
        exam_code: ref.exam_code,
        modality_id: null,
        performing_org_id: ref.department_org_id,
        patient_area_id: ref.patient_area_id,
        performed_at: new Date(),
        reported_at: null,
      })
      .execute();
    t0 = Date.now();
    await refreshAggregates(k, loadIndicators());
    console.log(`\nincremental refresh after one new exam: ${Date.now() - t0} ms (must stay well under the 60 s freshness target)`);
    if (LIVE > 0) {
      // Live traffic: LIVE new referrals submitted now, spread evenly over the areas (copies of
      // existing referrals of each area, not yet assessed), then the periodic refresh.
      const cols = REFERRAL_COLS.map((c) => sql.id(c));
      const now = process.env.BENCH_LIVE_AT ? new Date(process.env.BENCH_LIVE_AT).toISOString() : new Date().toISOString();
      const fresh: Record<string, unknown> = {
        status: 'submitted',
        created_at: now,
        submitted_at: now,
        assessed_at: null,
        performed_at: null,
        reported_at: null,
      };
      const values = REFERRAL_COLS.map((c) => (c === 'id' ? sql`'bench-live-' || s.id` : c in fresh ? sql`${fresh[c]}` : sql.ref(`s.${c}`)));
      const areas = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM hospital_area`.execute(k)).rows[0].n);
      await sql`INSERT INTO referral (${sql.join(cols)})
        SELECT ${sql.join(values)} FROM (
          SELECT r.*, row_number() OVER (PARTITION BY r.patient_area_id ORDER BY r.id) AS n FROM referral r
          WHERE r.patient_area_id IS NOT NULL AND r.id IN (SELECT id FROM referral TABLESAMPLE SYSTEM (1))) s
        WHERE s.n <= ${Math.ceil(LIVE / areas)}`.execute(k);
      const marked = (await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_dirty`.execute(k)).rows[0].n;
      t0 = Date.now();
      await refreshAggregates(k, loadIndicators());
      console.log(
        `incremental refresh after ${LIVE} new referrals over ${areas} areas (${marked} marked slices): ${Date.now() - t0} ms (load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
      );
      await sql`DELETE FROM referral WHERE id LIKE 'bench-live-%'`.execute(k);
      await refreshAggregates(k, loadIndicators());
    }
    console.log(`load average at the end ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${machine()}`);
  } finally {
    if (url && !process.env.BENCH_SCHEMA) await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
