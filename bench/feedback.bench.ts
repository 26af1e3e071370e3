// The practice feedback (GET /api/analytics/feedback) against one indicator funnel
// (GET /api/analytics/indicators), on a PGlite demo database built as `npm run demo` builds it:
// ensureDemoData, then the refresher's first refreshAggregates. The use cases are timed directly
// (no HTTP), for the demo GP (`fastlege`) over every year with data.
//   ROOT=/path/to/checkout npx tsx bench/feedback.bench.ts     (default: this checkout)
//   BENCH_REFERRALS=100000 BENCH_ROUNDS=6
// ROOT lets the same script time another checkout (e.g. main before a change) on the same machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = process.env.ROOT ?? path.resolve(import.meta.dirname, '..');
const { openDatabase } = await import(`${root}/src/server/db/index.ts`);
const { migrate } = await import(`${root}/src/server/db/migrate.ts`);
const { loadConfig } = await import(`${root}/src/server/config.ts`);
const { ensureDemoData } = await import(`${root}/src/server/synthetic/demo.ts`);
const { refreshAggregates } = await import(`${root}/src/server/analytics/store.ts`);
const { loadIndicators } = await import(`${root}/src/server/analytics/indicators.ts`);
const service = await import(`${root}/src/server/analytics/service.ts`);

const db = await openDatabase({ pgliteSharedBuffers: '16MB' });
await migrate(db);
const cfg = {
  ...loadConfig({ RADVIS_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-bench-')) } as NodeJS.ProcessEnv),
  seedReferrals: Number(process.env.BENCH_REFERRALS ?? 100_000),
};
let t = performance.now();
await ensureDemoData(db, cfg, () => undefined, new Date());
await refreshAggregates(db.kysely, loadIndicators());
console.log(`${root}: demo built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
const u = await db.kysely.selectFrom('user_account').select('id').where('username', '=', 'fastlege').executeTakeFirstOrThrow();
const g = await db.kysely.selectFrom('role_assignment').select('organization_id').where('user_id', '=', u.id).executeTakeFirstOrThrow();
const scope = { level: 'practice' as const, practiceIds: [g.organization_id], personId: 'bench' };
const years: number[] = (await service.meta(db.kysely, scope, 'nb')).years;
const q = { from: years[0], to: years[years.length - 1] };
for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 6); i++) {
  t = performance.now();
  await service.feedback(db.kysely, scope, q);
  const feedback = performance.now() - t;
  t = performance.now();
  await service.indicator(db.kysely, scope, { indicator: 'mr-lumbar-no-red-flags', by: 'practice', ...q });
  console.log(`feedback ${feedback.toFixed(0)} ms, indicators ${(performance.now() - t).toFixed(0)} ms`);
}
await db.close();
