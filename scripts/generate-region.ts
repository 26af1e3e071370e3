// Generates the synthetic region into a database (PGlite directory or PostgreSQL).
//   npx tsx scripts/generate-region.ts --scope vest --referrals 100000 --seed 2026 [--database-url postgres://…] [--data-dir ./data]
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';

const HELP = `Generate a synthetic Norwegian radiology region (deterministic from the seed).

Options:
  --scope <id>          nord | midt | vest | sor-ost | norge   (default vest)
  --referrals <n>       historical referrals to generate         (default 100000)
  --seed <n>            seed for the generator                   (default 2026)
  --years <n>           years of history (1–20)                  (default 1)
  --now <YYYY-MM-DD>    end of the history                       (default today)
  --database-url <url>  PostgreSQL; without it an embedded PGlite database is used
  --data-dir <dir>      PGlite data directory                    (default ./data)
  --workers <n>         worker threads making referrals, 0–8     (default 1 on PostgreSQL with
                        2+ cores, 0 on PGlite; the rows are the same whatever the number)
  --help                show this text

The database must be empty of synthetic data (a fresh database or schema).`;

function fail(msg: string): never {
  console.error(`generate-region: ${msg}\n\n${HELP}`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scope: { type: 'string', default: 'vest' },
        referrals: { type: 'string', default: '100000' },
        seed: { type: 'string', default: '2026' },
        now: { type: 'string' },
        years: { type: 'string', default: '1' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string', default: './data' },
        workers: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!['nord', 'midt', 'vest', 'sor-ost', 'norge'].includes(values.scope!)) fail(`unknown scope "${values.scope}"`);
  if (!/^\d+$/.test(values.referrals!)) fail('--referrals must be a whole number');
  if (!/^\d+$/.test(values.seed!)) fail('--seed must be a whole number');
  if (!/^\d+$/.test(values.years!) || Number(values.years) < 1 || Number(values.years) > 20) fail('--years must be a whole number from 1 to 20');
  if (values.workers !== undefined && (!/^\d+$/.test(values.workers) || Number(values.workers) > 8)) fail('--workers must be a whole number from 0 to 8');
  const now = values.now ? new Date(`${values.now}T00:00:00Z`) : new Date();
  if (Number.isNaN(now.getTime())) fail('--now must be a date YYYY-MM-DD');

  const db = await openDatabase({ url: values['database-url'], dataDir: values['database-url'] ? undefined : values['data-dir'] });
  try {
    await migrate(db);
    const started = Date.now();
    let last = 0;
    await loadRegion(
      db,
      { scope: values.scope!, referrals: Number(values.referrals), seed: Number(values.seed), now, years: Number(values.years) },
      (p) => {
        const t = Date.now();
        if (p.phase === 'done' || t - last > 2000) {
          last = t;
          console.log(
            `${p.phase.padEnd(10)} ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}${p.ratePerSecond ? ` (${p.ratePerSecond.toLocaleString('en')}/s)` : ''}`,
          );
        }
      },
      db.engine === 'postgres' ? 50_000 : 20_000,
      { workers: values.workers === undefined ? undefined : Number(values.workers) },
    );
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
