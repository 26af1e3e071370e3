// What one test database costs (issue 7 item 9): a fresh PGlite (initdb) + migrations against
// loading a migrated data-directory tarball (what src/server/testing/global-setup.ts makes the test
// files do), and with BENCH_DATABASE_URL set, a migrated schema against CREATE DATABASE … TEMPLATE.
// CPU is this process's (PostgreSQL's server CPU is not counted).
// Run: npx tsx bench/test-databases.bench.ts
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { adminQuery, databaseUrl } from '../src/server/testing/template.ts';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const now = () => performance.now() / 1000;
const f = (x: number) => x.toFixed(2);

async function main() {
  let c = cpu();
  let w = now();
  const fresh = await openDatabase({});
  console.log(`fresh PGlite (initdb): cpu ${f(cpu() - c)} s, wall ${f(now() - w)} s`);
  c = cpu();
  w = now();
  await migrate(fresh);
  console.log(`migrations: cpu ${f(cpu() - c)} s, wall ${f(now() - w)} s`);
  const tarball = await fresh.exclusive!(async (client) => {
    await client.exec('CHECKPOINT');
    return client.dumpDataDir('none');
  });
  await fresh.close();
  console.log(`tarball ${(tarball.size / 1e6).toFixed(1)} MB`);
  for (let i = 0; i < 3; i++) {
    c = cpu();
    w = now();
    const loaded = await openDatabase({ pgliteLoadDataDir: tarball });
    await migrate(loaded);
    console.log(`load migrated copy: cpu ${f(cpu() - c)} s, wall ${f(now() - w)} s`);
    await loaded.close();
  }

  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return;
  w = now();
  const schema = `bench_${process.pid}`;
  const db = await openDatabase({ url, schema, poolSize: 2 });
  await migrate(db);
  await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  console.log(`PostgreSQL schema + migrations + drop: wall ${f(now() - w)} s`);
  const template = `bench_tpl_${process.pid}`;
  await adminQuery(url, `CREATE DATABASE ${template}`);
  const tdb = await openDatabase({ url: databaseUrl(url, template), poolSize: 1 });
  await migrate(tdb);
  await tdb.close();
  for (let i = 0; i < 3; i++) {
    w = now();
    await adminQuery(url, `CREATE DATABASE ${template}_${i} TEMPLATE ${template}`);
    await adminQuery(url, `DROP DATABASE ${template}_${i} WITH (FORCE)`);
    console.log(`PostgreSQL database from template + drop: wall ${f(now() - w)} s`);
  }
  await adminQuery(url, `DROP DATABASE ${template} WITH (FORCE)`);
}

await main();
