// Fills an empty database with the synthetic demo region on first start, with one demo login
// per role, and lists those logins on every start.
import { applySiteAddresses } from '../directory/reference-data.ts';
import type { GuidelinePack } from '../guidelines/types.ts';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { ReferrerKind, Role } from '../db/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_CDS_ISSUER, makeDemoCdsClientKeys } from './demo-cds-client.ts';
import { loadRegion } from './load.ts';
import { seedReadingDemo } from './reading-demo.ts';
import { seedDemoEquipment } from '../capacity/service.ts';

export interface DemoAccount {
  username: string;
  role: Role;
  roleLabel: string;
  organization: string;
}

export interface DemoData {
  seeded: boolean;
  accounts: DemoAccount[];
  /** A few synthetic patients on the demo GP's list, to try the referral form with. */
  patients?: DemoPatient[];
  /** The demo record system's CDS client (issuer and the file with its private key). */
  cdsClient?: { issuer: string; keyFile: string };
  /** The demo region (where the demo leader works): set when this start seeded the demo. */
  regionId?: string;
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

/**
 * Seeds the synthetic demo region on first start (cfg.seed), or reads what an earlier start seeded.
 * `guidelines`: the pack whose advice the waiting referrals carry (the app's catalogue; default
 * read from content/guidelines).
 */
export async function ensureDemoData(
  db: Database,
  cfg: Config,
  progress: (message: string) => void,
  now = new Date(),
  guidelines?: GuidelinePack,
): Promise<DemoData> {
  const existing = await readDemoMeta(db);
  // Demo databases built before the visiting addresses existed (migration 0176) get them too.
  if (existing) await applySiteAddresses(db.kysely);
  if (existing) return { seeded: false, accounts: existing.accounts, cdsClient: existing.cdsClient, patients: await demoPatients(db, now) };
  if (!cfg.seed) return { seeded: false, accounts: [] };

  progress(`Building the synthetic region "${cfg.seedScope}" with ${cfg.seedReferrals.toLocaleString('en')} referrals (seed ${cfg.seedValue}) …`);
  let last = 0;
  const region = await loadRegion(
    db,
    // The history carries the advice its referrers were shown (analytics: low-value indicators, advice adherence).
    { scope: cfg.seedScope, referrals: cfg.seedReferrals, seed: cfg.seedValue, now, historyAdvice: true, ...(guidelines ? { guidelines } : {}) },
    (p) => {
      const t = Date.now();
      if (p.phase === 'done' || t - last > 2000) {
        last = t;
        progress(
          `${p.phase}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}${p.ratePerSecond ? ` (${p.ratePerSecond.toLocaleString('en')}/s)` : ''}`,
        );
      }
    },
  );

  const h = region.handles;
  const rhf = `rhf-${h.regionIds[0]}`;
  const dept = h.largestDepartmentId;
  const specs: {
    username: string;
    role: Role;
    label: string;
    org: string;
    personId?: string;
    referrerKind?: ReferrerKind;
    profession?: 'physician' | 'radiographer' | 'secretary' | 'other' | 'chiropractor';
    name: [string, string];
  }[] = [
    { username: 'fastlege', role: 'referrer', label: 'Henviser (fastlege)', org: h.gpPractice.orgId, personId: h.gpPractice.personIds[0], name: ['', ''] },
    {
      username: 'sykehuslege',
      role: 'referrer',
      label: 'Henviser (sykehuslege)',
      org: h.hospitalDoctor.orgId,
      personId: h.hospitalDoctor.personId,
      name: ['', ''],
    },
    {
      username: 'kiropraktor',
      role: 'referrer',
      label: 'Henviser (kiropraktor)',
      org: h.chiropractor.orgId,
      personId: h.chiropractor.personId,
      name: ['', ''],
    },
    { username: 'radiolog', role: 'radiologist', label: 'Radiolog', org: dept, profession: 'physician', name: ['Randi', 'Røntgenes'] },
    { username: 'lis', role: 'lis', label: 'LIS (lege i spesialisering)', org: dept, profession: 'physician', name: ['Lars', 'Lærvik'] },
    { username: 'radiograf', role: 'radiographer', label: 'Radiograf', org: dept, profession: 'radiographer', name: ['Rita', 'Rad'] },
    {
      username: 'beskrivende.radiograf',
      role: 'reporting_radiographer',
      label: 'Beskrivende radiograf',
      org: dept,
      profession: 'radiographer',
      name: ['Bente', 'Beskriver'],
    },
    { username: 'sekretaer', role: 'secretary', label: 'Helsesekretær', org: dept, profession: 'secretary', name: ['Siri', 'Sekretær'] },
    { username: 'avdelingsleder', role: 'department_leader', label: 'Avdelingsleder', org: dept, profession: 'physician', name: ['Anders', 'Avdeling'] },
    {
      username: 'fagredaktor',
      role: 'network_editor',
      label: 'Fagredaktør (henvisningsråd)',
      org: 'network-radiologi',
      profession: 'physician',
      name: ['Frida', 'Fagredaktør'],
    },
    // A second editor, so the four-eyes rule of publishing can be tried (issue 11): one writes, the other approves.
    {
      username: 'fagredaktor2',
      role: 'network_editor',
      label: 'Fagredaktør 2 (godkjenner)',
      org: 'network-radiologi',
      profession: 'physician',
      name: ['Gunnar', 'Godkjenner'],
    },
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
          .values({
            id: personId,
            hpr_number: s.profession === 'secretary' || s.profession === 'other' ? null : String(++hpr),
            given_name: s.name[0],
            family_name: s.name[1],
            profession: s.profession ?? 'other',
            referrer_kind: null,
            email: null,
          })
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
      .values({
        id: 'cds-demo-epj',
        name: 'Demo-EPJ (syntetisk regionalt journalsystem)',
        issuer: DEMO_CDS_ISSUER,
        organization_id: rhf,
        jwks: JSON.stringify({ keys: [cdsKeys.publicJwk] }),
        jwks_url: null,
      })
      .execute();
    const meta: DemoMeta = {
      scope: cfg.seedScope,
      seed: cfg.seedValue,
      referrals: cfg.seedReferrals,
      samplingFraction: region.samplingFraction,
      accounts,
      cdsClient,
      seededAt: now.toISOString(),
    };
    await trx
      .insertInto('app_meta')
      .values({ key: DEMO_META_KEY, value: JSON.stringify(meta) })
      .execute();
  });
  // Reading worklists: lists, reader profiles and today's unread exams (some with AI findings).
  progress("Reading worklists and today's unread exams …");
  await seedReadingDemo(
    db.kysely,
    {
      departmentId: dept,
      rhfId: rhf,
      referrerPersonId: h.gpPractice.personIds[0],
      referrerOrgId: h.gpPractice.orgId,
      radiologist: 'person-demo-radiolog',
      lis: 'person-demo-lis',
      reportingRadiographer: 'person-demo-beskrivende-radiograf',
    },
    now,
  );
  // Capacity planning: synthetic installation years for the machines (one set-based statement).
  await seedDemoEquipment(db.kysely, now.getUTCFullYear());
  // Fresh statistics after a bulk load keep the first queries fast.
  progress('Updating the database statistics …');
  await sql`ANALYZE`.execute(db.kysely);
  return { seeded: true, accounts, cdsClient, patients: await demoPatients(db, now), regionId: h.regionIds[0] };
}

export interface DemoPatient {
  name: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** Synthetic (month + 80, never a real person's number). */
  fnr: string;
  sex: 'M' | 'F';
}

/**
 * Three adult (25–70 years) synthetic patients to try the referral form with, the same on every
 * start of one database: on the demo GP's (`fastlege`) list when the region gives them any, else
 * any adults (name + birth date and fødselsnummer find every patient). Printed at start-up only
 * (demo data; never written to the server log).
 */
export async function demoPatients(db: Database, now = new Date(), count = 3): Promise<DemoPatient[]> {
  const gp = await db.kysely.selectFrom('user_account').select('person_id').where('username', '=', 'fastlege').executeTakeFirst();
  if (!gp?.person_id) return [];
  const year = now.getUTCFullYear();
  const adults = () =>
    db.kysely
      .selectFrom('patient')
      .select(['id', 'given_name', 'family_name', 'birth_date', 'fnr', 'sex'])
      .where('birth_date', '>=', `${year - 70}-01-01`)
      .where('birth_date', '<=', `${year - 25}-12-31`)
      .orderBy('id')
      .limit(count);
  const rows = await adults().where('gp_person_id', '=', gp.person_id).execute();
  if (rows.length < count) for (const r of await adults().execute()) if (rows.length < count && !rows.some((x) => x.id === r.id)) rows.push(r);
  return rows.map((r) => ({ name: `${r.given_name} ${r.family_name}`, birthDate: String(r.birth_date).slice(0, 10), fnr: r.fnr, sex: r.sex }));
}
