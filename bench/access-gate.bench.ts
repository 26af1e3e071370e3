// What the access gate adds to a referral read (issue 7: < 1 ms p99). Three ways to read one
// referral, interleaved so machine load hits them alike, each in its own transaction:
//   raw    getReferral only (no decision, no log)
//   logged getReferral + the access-log row (what a read cost before the gate, minus its checks)
//   gated  readReferral through the gate (decision + log row, allowed), as GET /api/referrals/{id} does
// for a department radiologist (the rule's longest path for an allowed read: own? then ancestry).
//   DATABASE_URL=postgres://…/db npx tsx bench/access-gate.bench.ts      (PostgreSQL; default PGlite)
//   BENCH_READS=3000 BENCH_ROUNDS=5
import crypto from 'node:crypto';
import os from 'node:os';
import { actorFromPrincipal, logAccess } from '../src/server/audit/access-log.ts';
import { hashToken, resolveSession } from '../src/server/auth/sessions.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { readReferral } from '../src/server/referrals/service.ts';
import * as store from '../src/server/referrals/store.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

const READS = Number(process.env.BENCH_READS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const url = process.env.DATABASE_URL;
const schema = url ? `bench_${crypto.randomBytes(4).toString('hex')}` : undefined;

async function main() {
  const db = await openDatabase(url ? { url, schema, poolSize: 4 } : {});
  try {
    await migrate(db);
    const k = db.kysely;
    const rhf = await createOrganization(k, { kind: 'rhf' });
    const hf = await createOrganization(k, { kind: 'hf', parentId: rhf });
    const site = await createOrganization(k, { kind: 'site', parentId: hf });
    const dept = await createOrganization(k, { kind: 'department', parentId: site });
    const practice = await createOrganization(k, { kind: 'gp_practice' });
    const gp = await createUser(k, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
    // The radiologist's grant is on the trust: the gate walks department → site → trust.
    const rad = await createUser(k, { grants: [{ role: 'radiologist', organizationId: hf }] });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const p = await createPatient(k, { birthDate: '1970-01-01' });
      ids.push(await createReferral(k, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept }));
    }
    // A principal as a session gives it.
    const token = crypto.randomBytes(32).toString('base64url');
    await k
      .insertInto('session')
      .values({ id_hash: hashToken(token), user_id: rad.userId, csrf_token: 'x', expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
    const p = (await resolveSession(k, token))!;
    const actor = actorFromPrincipal(p, '127.0.0.1');

    const variants: Record<string, (id: string) => Promise<unknown>> = {
      raw: (id) => k.transaction().execute((trx) => store.getReferral(trx, id)),
      logged: (id) =>
        k.transaction().execute(async (trx) => {
          const r = (await store.getReferral(trx, id))!;
          await logAccess(trx, actor, [{ patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: id, action: 'read', context: 'bench' }]);
          return r;
        }),
      gated: (id) => readReferral(k, p, id, '127.0.0.1'),
    };
    const names = Object.keys(variants);
    for (let i = 0; i < 300; i++) for (const n of names) await variants[n](ids[i % ids.length]); // warm-up
    console.log(
      `engine ${url ? 'postgresql' : 'pglite'}, ${READS} reads per variant per round, ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} cpus`,
    );
    const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    const rows: Record<string, { p50: number[]; p99: number[] }> = Object.fromEntries(names.map((n) => [n, { p50: [], p99: [] }]));
    const added: { p50: number[]; p99: number[] } = { p50: [], p99: [] };
    const addedOverLogged: { p50: number[]; p99: number[] } = { p50: [], p99: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const t: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let i = 0; i < READS; i++) {
        const id = ids[(i * 7) % ids.length];
        for (const n of i % 2 ? names : [...names].reverse()) {
          const t0 = process.hrtime.bigint();
          await variants[n](id);
          t[n].push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
      for (const n of names) {
        rows[n].p50.push(pct(t[n], 0.5));
        rows[n].p99.push(pct(t[n], 0.99));
      }
      added.p50.push(pct(t.gated, 0.5) - pct(t.raw, 0.5));
      added.p99.push(pct(t.gated, 0.99) - pct(t.raw, 0.99));
      addedOverLogged.p50.push(pct(t.gated, 0.5) - pct(t.logged, 0.5));
      addedOverLogged.p99.push(pct(t.gated, 0.99) - pct(t.logged, 0.99));
      console.log(
        `round ${round + 1}: ${names.map((n) => `${n} p50 ${pct(t[n], 0.5).toFixed(3)} p99 ${pct(t[n], 0.99).toFixed(3)} ms`).join(' | ')} | load ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
      );
    }
    const mmm = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `min ${s[0].toFixed(3)} / median ${s[Math.floor(s.length / 2)].toFixed(3)} / max ${s[s.length - 1].toFixed(3)} ms`;
    };
    for (const n of names) console.log(`${n.padEnd(7)} p50 ${mmm(rows[n].p50)}; p99 ${mmm(rows[n].p99)}`);
    console.log(`gate adds over raw read:    p50 ${mmm(added.p50)}; p99 ${mmm(added.p99)}`);
    console.log(`gate adds over logged read: p50 ${mmm(addedOverLogged.p50)}; p99 ${mmm(addedOverLogged.p99)}`);
  } finally {
    if (schema) await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

await main();
