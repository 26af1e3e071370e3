// The vetting inbox with 50,000 open referrals (issue 8: p95 < 100 ms per page). One trust with
// two departments: 45,000 open referrals in one, 5,000 in the other, and 150,000 closed ones in
// their history (the inbox indexes only the open ones). A radiologist with a trust grant reads
// pages through assessmentInbox — the same function GET /api/assessment/inbox runs: the gate's
// assessment scope, page + count, details, one access-log row — in a transaction per page.
//   DATABASE_URL=postgres://…/db npx tsx bench/inbox.bench.ts      (PostgreSQL; default PGlite)
//   BENCH_OPEN=50000 BENCH_CLOSED=150000 BENCH_PAGES=200
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { assessmentInbox } from '../src/server/assessment/inbox.ts';
import { hashToken, resolveSession } from '../src/server/auth/sessions.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { createOrganization, createUser } from '../src/server/testing/factories.ts';
import type { InboxQuery } from '../src/shared/api/assessment.ts';

const OPEN = Number(process.env.BENCH_OPEN ?? 50_000);
const CLOSED = Number(process.env.BENCH_CLOSED ?? 150_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const PATIENTS = 20_000;
const url = process.env.DATABASE_URL;
const schema = url ? `bench_${crypto.randomBytes(4).toString('hex')}` : undefined;

async function main() {
  const db = await openDatabase(url ? { url, schema, poolSize: 4 } : {});
  try {
    await migrate(db);
    const k = db.kysely;
    await loadReferenceData(k);
    const hf = await createOrganization(k, { kind: 'hf', name: 'Helse Bench' });
    const site = await createOrganization(k, { kind: 'site', name: 'Bench sykehus', parentId: hf });
    const deptA = await createOrganization(k, { kind: 'department', name: 'Radiologi A', parentId: site });
    const deptB = await createOrganization(k, { kind: 'department', name: 'Radiologi B', parentId: site });
    const practice = await createOrganization(k, { kind: 'gp_practice', name: 'Legesenteret' });
    const gp = await createUser(k, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
    const rad = await createUser(k, { grants: [{ role: 'radiologist', organizationId: hf }] });
    const t0 = Date.now();
    await sql`INSERT INTO patient (id, fnr, given_name, family_name, birth_date, sex, municipality_number)
      SELECT 'bp-' || i, '9' || lpad(i::text, 10, '0'), (ARRAY['Kari','Ola','Ingrid','Per','Anne','Lars','Åse','Nils'])[1 + i % 8],
             (ARRAY['Nordmann','Hansen','Berg','Dahl','Vik','Lie','Moen','Strand','Haugen','Eide','Lunde','Fjeld'])[1 + (i / 8) % 12],
             date '1940-01-01' + (i % 25000), CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, '4601'
      FROM generate_series(1, ${PATIENTS}) i`.execute(k);
    // Open referrals: due dates from 15 days ago to 25 days ahead; closed ones: history.
    const total = OPEN + CLOSED;
    await sql`INSERT INTO referral (id, patient_id, referrer_person_id, referrer_org_id, department_org_id, exam_code, urgency, status,
                                   clinical_question, submitted_at, assessment_due_date, source)
      SELECT 'br-' || i, 'bp-' || (1 + (i * 7919) % ${PATIENTS}), ${gp.personId}, ${practice},
             CASE WHEN i % 10 = 0 THEN ${deptB} ELSE ${deptA} END,
             (ARRAY['SNG0AG','SAA0AD','SNA0GG','SSC0AD','SNA0GA','SNB0BG'])[1 + i % 6],
             CASE WHEN i % 13 = 0 THEN 'urgent' ELSE 'routine' END,
             CASE WHEN i <= ${OPEN} THEN 'submitted' ELSE 'reported' END,
             'Spørsmål ' || i, now() - ((i % 400) || ' days')::interval, current_date + ((i * 31) % 40 - 15), 'synthetic'
      FROM generate_series(1, ${total}) i`.execute(k);
    // As autovacuum leaves a table after a bulk load: statistics and the visibility map (index-only scans).
    await sql`VACUUM ANALYZE referral`.execute(k);
    await sql`ANALYZE`.execute(k);
    console.log(`loaded ${OPEN.toLocaleString('en')} open + ${CLOSED.toLocaleString('en')} closed referrals in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const token = crypto.randomBytes(32).toString('base64url');
    await k
      .insertInto('session')
      .values({ id_hash: hashToken(token), user_id: rad.userId, csrf_token: 'x', expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
    const p = (await resolveSession(k, token))!;

    const variants: Record<string, InboxQuery> = {
      'first page': {},
      'page 21 (offset 500)': { offset: 500 },
      overdue: { deadline: 'overdue' },
      'due soon': { deadline: 'due_soon' },
      'MR only': { modality: 'MR' },
      'one exam': { exam: 'SAA0AD' },
      urgent: { urgency: 'urgent' },
      'one department': { department: deptB },
      'search name': { q: 'ingrid strand' },
      'search fnr': { q: '90000012345' },
      'joint scope': { scope: 'joint' },
    };
    const names = Object.keys(variants);
    // BENCH_EXPLAIN=1: the query plans of the first page and its count, unfiltered and for the name
    // search (PostgreSQL), then stop.
    if (process.env.BENCH_EXPLAIN && url) {
      const { inboxPlans } = await import('../src/server/assessment/store.ts');
      const { parseInboxSearch } = await import('../src/server/assessment/inbox.ts');
      for (const search of [undefined, parseInboxSearch('ingrid strand')]) {
        console.log(`==== ${search ? 'search name' : 'first page'}`);
        for (const line of await inboxPlans(k, { departmentIds: [deptA, deptB], search }, { limit: 25, offset: 0 })) console.log(line);
      }
      return;
    }
    for (let i = 0; i < 20; i++) for (const n of names) await assessmentInbox(k, p, variants[n], '127.0.0.1'); // warm-up
    console.log(
      `engine ${url ? 'postgresql' : 'pglite'}, ${PAGES} pages per variant, 25 rows per page, node ${process.version}, ${os.cpus().length} cpus, load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const totals: Record<string, number> = {};
    for (let i = 0; i < PAGES; i++) {
      for (const n of i % 2 ? names : [...names].reverse()) {
        const s = process.hrtime.bigint();
        const page = await assessmentInbox(k, p, variants[n], '127.0.0.1');
        times[n].push(Number(process.hrtime.bigint() - s) / 1e6);
        totals[n] = page.total;
      }
    }
    let worst = 0;
    for (const n of names) {
      const p95 = pct(times[n], 0.95);
      worst = Math.max(worst, p95);
      console.log(
        `${n.padEnd(22)} total ${String(totals[n]).padStart(6)}  p50 ${pct(times[n], 0.5).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  max ${Math.max(
          ...times[n],
        )
          .toFixed(1)
          .padStart(6)} ms`,
      );
    }
    console.log(
      `worst p95 ${worst.toFixed(1)} ms (target < 100 ms) — ${worst < 100 ? 'met' : 'NOT met'}; load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    if (schema) await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

await main();
