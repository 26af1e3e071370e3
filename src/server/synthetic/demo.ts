// Fills an empty database with the synthetic demo region on first start, with one demo login
// per role, and lists those logins on every start.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { ReferrerKind, Role } from '../db/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_CDS_ISSUER, makeDemoCdsClientKeys } from './demo-cds-client.ts';
import { loadRegion } from './load.ts';

export interface DemoAccount {
  username: string;
  role: Role;
  roleLabel: string;
  organization: string;
}

export interface DemoData {
  seeded: boolean;
  accounts: DemoAccount[];
  /** The demo record system's CDS client (issuer and the file with its private key). */
  cdsClient?: { issuer: string; keyFile: string };
}

interface DemoMeta {
  scope: string;
  seed: number;
  referrals: number;
  samplingFraction: number;
  accounts: DemoAccount[];
  cdsClient?: { issuer: string; keyFile: string };
  seededAt: string;
}

export const DEMO_META_KEY = 'demo';

export async function readDemoMeta(db: Database): Promise<DemoMeta | undefined> {
  const row = await db.kysely.selectFrom('app_meta').select('value').where('key', '=', DEMO_META_KEY).executeTakeFirst();
  return row?.value as DemoMeta | undefined;
}

export async function ensureDemoData(db: Database, cfg: Config, progress: (message: string) => void, now = new Date()): Promise<DemoData> {
  const existing = await readDemoMeta(db);
  if (existing) return { seeded: false, accounts: existing.accounts, cdsClient: existing.cdsClient };
  if (!cfg.seed) return { seeded: false, accounts: [] };

  progress(`Building the synthetic region "${cfg.seedScope}" with ${cfg.seedReferrals.toLocaleString('en')} referrals (seed ${cfg.seedValue}) …`);
  let last = 0;
  const region = await loadRegion(db, { scope: cfg.seedScope, referrals: cfg.seedReferrals, seed: cfg.seedValue, now }, (p) => {
    const t = Date.now();
    if (p.phase === 'done' || t - last > 2000) {
      last = t;
      progress(`${p.phase}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}${p.ratePerSecond ? ` (${p.ratePerSecond.toLocaleString('en')}/s)` : ''}`);
    }
  });

  const h = region.handles;
  const rhf = `rhf-${h.regionIds[0]}`;
  const dept = h.largestDepartmentId;
  const specs: { username: string; role: Role; label: string; org: string; personId?: string; referrerKind?: ReferrerKind; profession?: 'physician' | 'radiographer' | 'secretary' | 'other' | 'chiropractor'; name: [string, string] }[] = [
    { username: 'fastlege', role: 'referrer', label: 'Henviser (fastlege)', org: h.gpPractice.orgId, personId: h.gpPractice.personIds[0], name: ['', ''] },
    { username: 'sykehuslege', role: 'referrer', label: 'Henviser (sykehuslege)', org: h.hospitalDoctor.orgId, personId: h.hospitalDoctor.personId, name: ['', ''] },
    { username: 'kiropraktor', role: 'referrer', label: 'Henviser (kiropraktor)', org: h.chiropractor.orgId, personId: h.chiropractor.personId, name: ['', ''] },
    { username: 'radiolog', role: 'radiologist', label: 'Radiolog', org: dept, profession: 'physician', name: ['Randi', 'Røntgenes'] },
    { username: 'lis', role: 'lis', label: 'LIS (lege i spesialisering)', org: dept, profession: 'physician', name: ['Lars', 'Lærvik'] },
    { username: 'radiograf', role: 'radiographer', label: 'Radiograf', org: dept, profession: 'radiographer', name: ['Rita', 'Rad'] },
    { username: 'beskrivende.radiograf', role: 'reporting_radiographer', label: 'Beskrivende radiograf', org: dept, profession: 'radiographer', name: ['Bente', 'Beskriver'] },
    { username: 'sekretaer', role: 'secretary', label: 'Helsesekretær', org: dept, profession: 'secretary', name: ['Siri', 'Sekretær'] },
    { username: 'avdelingsleder', role: 'department_leader', label: 'Avdelingsleder', org: dept, profession: 'physician', name: ['Anders', 'Avdeling'] },
    { username: 'fagredaktor', role: 'network_editor', label: 'Fagredaktør (henvisningsråd)', org: 'network-radiologi', profession: 'physician', name: ['Frida', 'Fagredaktør'] },
    { username: 'analytiker', role: 'analyst', label: 'Analytiker (styringsdata)', org: rhf, profession: 'other', name: ['Aksel', 'Analyse'] },
    { username: 'admin', role: 'admin', label: 'Administrator', org: rhf, profession: 'other', name: ['Ada', 'Admin'] },
  ];
  const hash = await hashPassword(cfg.demoPassword);
  const accounts: DemoAccount[] = [];
  const cdsKeys = await makeDemoCdsClientKeys(cfg.dataDir);
  const cdsClient = { issuer: DEMO_CDS_ISSUER, keyFile: cdsKeys.keyFile };
  await db.kysely.transaction().execute(async (trx) => {
    let hpr = 9_900_000;
    for (const s of specs) {
      let personId = s.personId;
      if (!personId) {
        personId = `person-demo-${s.username.replace(/\./g, '-')}`;
        await trx
          .insertInto('person')
          .values({ id: personId, hpr_number: s.profession === 'secretary' || s.profession === 'other' ? null : String(++hpr), given_name: s.name[0], family_name: s.name[1], profession: s.profession ?? 'other', referrer_kind: null, email: null })
          .execute();
      }
      const userId = `user-demo-${s.username.replace(/\./g, '-')}`;
      await trx.insertInto('user_account').values({ id: userId, person_id: personId, username: s.username, password_hash: hash }).execute();
      await trx.insertInto('role_assignment').values({ id: crypto.randomUUID(), user_id: userId, role: s.role, organization_id: s.org }).execute();
      const org = await trx.selectFrom('organization').select('name').where('id', '=', s.org).executeTakeFirstOrThrow();
      accounts.push({ username: s.username, role: s.role, roleLabel: s.label, organization: org.name });
    }
    await trx
      .insertInto('cds_client')
      // A regional record system, registered under the RHF so the demo administrator manages it.
      .values({ id: 'cds-demo-epj', name: 'Demo-EPJ (syntetisk regionalt journalsystem)', issuer: DEMO_CDS_ISSUER, organization_id: rhf, jwks: JSON.stringify({ keys: [cdsKeys.publicJwk] }), jwks_url: null })
      .execute();
    const meta: DemoMeta = { scope: cfg.seedScope, seed: cfg.seedValue, referrals: cfg.seedReferrals, samplingFraction: region.samplingFraction, accounts, cdsClient, seededAt: now.toISOString() };
    await trx.insertInto('app_meta').values({ key: DEMO_META_KEY, value: JSON.stringify(meta) }).execute();
  });
  // Fresh statistics after a bulk load keep the first queries fast.
  await sql`ANALYZE`.execute(db.kysely);
  return { seeded: true, accounts, cdsClient };
}
