// Capacity scenario recompute for all of Norway (issue 12: < 500 ms, so the levers can be moved
// live). Loads a synthetic region for all of Norway, builds the analytics aggregates, then times
// what one slider move costs, interleaved so machine load hits them alike:
//   model     projectExams + computeStaffNeed with and without levers (pure; cached inputs)
//   service   service.compute for scope=country, as the route runs it (cached rates and projection)
//   http      POST /api/capacity/compute through app.inject (validation, compute, serialization)
//   cold      service.compute after dropping the cache (the first request after a projection import
//             or after the 60-s cache expires: reads use per 10,000 and the projection again)
// Each sample uses different lever values. Prints min / median / max in ms and the load average.
//   BENCH_REFERRALS=100000 BENCH_ROUNDS=5 BENCH_SAMPLES=20 npx tsx bench/capacity.bench.ts
//   DATABASE_URL=postgres://…/db for PostgreSQL (default PGlite in memory)
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { loadIndicators } from '../src/server/analytics/indicators.ts';
import { refreshAggregates } from '../src/server/analytics/store.ts';
import { buildApp } from '../src/server/app.ts';
import { capacityDefaults, syntheticProjection } from '../src/server/capacity/content.ts';
import { computeStaffNeed, indexProjection, projectExams } from '../src/server/capacity/model.ts';
import type { ScenarioParams } from '../src/shared/api/capacity.ts';
import { bottomUpInput } from '../src/server/capacity/scenario-input.ts';
import * as service from '../src/server/capacity/service.ts';
import * as store from '../src/server/capacity/store.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';
import { testConfig } from '../src/server/testing/harness.ts';
import { createUser } from '../src/server/testing/factories.ts';

const url = process.env.DATABASE_URL;
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const schema = url ? `bench_${crypto.randomBytes(4).toString('hex')}` : undefined;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}
const f = (v: number) => v.toFixed(v < 10 ? 2 : 1);

function levers(i: number): NonNullable<ScenarioParams['levers']> {
  const phase = { fromYear: 2026, toYear: 2035 + (i % 5) };
  return {
    overuse: { percent: { MR: 10 + (i % 30), CT: i % 15 }, ...phase },
    ai: { percent: 5 + (i % 40), ...phase },
    equipment: { percent: i % 20, ...phase },
    taskShift: { percent: i % 10, ...phase },
    taskOffload: { percent: { radiologist: i % 12, radiographer: i % 8 }, ...phase },
    eveningShifts: { percent: i % 25, ...phase },
  };
}

async function main() {
  const db = await openDatabase(url ? { url, schema, poolSize: 4 } : {});
  try {
    await migrate(db);
    const k = db.kysely;
    let t0 = Date.now();
    const region = await loadRegion(db, { scope: 'norge', referrals: REFERRALS, seed: 2026, now: new Date(), years: 2 });
    await k
      .insertInto('app_meta')
      .values({ key: 'demo', value: JSON.stringify({ samplingFraction: region.samplingFraction }) })
      .execute();
    console.log(`loaded ${REFERRALS.toLocaleString('en')} referrals (norge) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    await refreshAggregates(k, loadIndicators());
    await sql`ANALYZE`.execute(k);
    console.log(`aggregates built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Inputs of the pure model, as service.ts caches them.
    const chosen = (await store.rateYear(k, new Date()))!;
    const rateYear = chosen.year;
    const rates = await store.useRates(k, rateYear, region.samplingFraction * chosen.coverage);
    const areas = await store.listAreas(k);
    const byName = new Map(areas.flatMap((a) => [[a.name.toLowerCase(), a.id] as const, [a.id, a.id] as const]));
    const projection = indexProjection(syntheticProjection((r) => byName.get(r.toLowerCase())));
    const areaIds = new Set(areas.map((a) => a.id));
    console.log(`use strata: ${rates.length}, areas: ${areaIds.size}, rate year ${rateYear}`);

    const app = await buildApp({ db, config: testConfig({ logLevel: 'silent' }) });
    await app.ready();
    const u = await createUser(k, { grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    const cookie = `radvis_session=${login.cookies.find((c) => c.name === 'radvis_session')!.value}`;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const scope = { regions: 'all' as const, mayImport: true };

    const variants: Record<string, (i: number) => Promise<void>> = {
      model: async (i) => {
        const exams = projectExams(rates, projection, areaIds, rateYear, 2040);
        const d = capacityDefaults();
        const input = bottomUpInput({ baseYear: rateYear, targetYear: 2040, exams, minutes: d.minutes, hoursPerFte: d.hoursPerFte });
        computeStaffNeed(input, levers(i));
        computeStaffNeed(input);
      },
      service: async (i) => {
        await service.compute(k, scope, { scope: 'country', levers: levers(i) });
      },
      http: async (i) => {
        const r = await app.inject({
          method: 'POST',
          url: '/api/capacity/compute',
          payload: { scope: 'country', levers: levers(i) },
          headers: { cookie, 'x-csrf-token': csrf },
        });
        if (r.statusCode !== 200) throw new Error(`HTTP ${r.statusCode}: ${r.body}`);
      },
      cold: async (i) => {
        service.invalidateModelData(k);
        await service.compute(k, scope, { scope: 'country', levers: levers(i) });
      },
    };
    // Warm-up (JIT, the cache).
    for (const v of Object.values(variants)) for (let i = 0; i < 3; i++) await v(i);
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((n) => [n, []]));
    const loads: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      loads.push(
        os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' '),
      );
      for (let i = 0; i < SAMPLES; i++)
        for (const [name, v] of Object.entries(variants)) {
          const t = performance.now();
          await v(round * SAMPLES + i);
          samples[name].push(performance.now() - t);
        }
    }
    loads.push(
      os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' '),
    );
    console.log(`\n${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${url ? 'PostgreSQL' : 'PGlite'}, ${ROUNDS} rounds × ${SAMPLES} samples`);
    console.log(`load average (1/5/15 min) at each round start and the end: ${loads.join(' | ')}`);
    console.log('\nvariant   min ms   median ms   max ms');
    for (const [name, xs] of Object.entries(samples)) {
      const s = stats(xs);
      console.log(`${name.padEnd(8)} ${f(s.min).padStart(7)} ${f(s.median).padStart(11)} ${f(s.max).padStart(8)}`);
    }
    await app.close();
  } finally {
    if (url && schema) await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db.kysely).catch(() => undefined);
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
