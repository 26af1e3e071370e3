// The vetting inbox over HTTP on a real database: scope per department and per vetting share
// agreement, order by deadline, paging with a total, search, filters, bad input, and one
// access-log row per list view.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { deadlineBounds } from './deadline.ts';
import { parseInboxSearch } from './inbox.ts';

let t: TestContext;
let gp: Session;
let radA: Session;
let radB: Session;
let hfA: string;
let hfB: string;
let deptA: string;
let deptA2: string;
let siteA: string;
let deptB: string;
let gpPerson: string;
let practice: string;
const ids: Record<string, string> = {};
const patients: Record<string, { id: string; fnr: string }> = {};

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  hfA = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  siteA = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hfA });
  const siteA2 = await createOrganization(db, { kind: 'site', name: 'Dal sykehus', parentId: hfA });
  deptA = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: siteA });
  deptA2 = await createOrganization(db, { kind: 'department', name: 'Radiologi Dal', parentId: siteA2 });
  hfB = await createOrganization(db, { kind: 'hf', name: 'Helse Vidde' });
  const siteB = await createOrganization(db, { kind: 'site', name: 'Vidde sykehus', parentId: hfB });
  deptB = await createOrganization(db, { kind: 'department', name: 'Radiologi Vidde', parentId: siteB });
  practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gpUser = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }], name: ['Gunn', 'Lege'] });
  gpPerson = gpUser.personId;
  const other = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }], name: ['Olav', 'Annenlege'] });
  // Radiologist A holds a role in the trust (sees both its departments); B in the other trust.
  const a = await createUser(db, { grants: [{ role: 'radiologist', organizationId: hfA }] });
  const b = await createUser(db, { grants: [{ role: 'radiologist', organizationId: deptB }] });
  gp = await login(t.app, gpUser.username, gpUser.password);
  radA = await login(t.app, a.username, a.password);
  radB = await login(t.app, b.username, b.password);
  await db.insertInto('exam_code').values({ code: 'SAA0AD', name: 'CT caput', name_en: null, modality: 'CT', body_part: 'hode', source: 'test' }).execute();

  const today = deadlineBounds(new Date()).today;
  // name: [patient name, department, exam, urgency, due date offset in calendar days, referrer]
  const specs: [string, string, string, 'routine' | 'urgent', number, string][] = [
    ['Åse Fjellheim', deptA, 'SNG0AG', 'routine', -3, gpPerson],
    ['Bjørn Strand', deptA, 'SAA0AD', 'urgent', 0, gpPerson],
    ['Cecilie Vik', deptA2, 'SNG0AG', 'routine', 20, other.personId],
    ['Dag Nes', deptA, 'SNG0AG', 'routine', 30, gpPerson],
    ['Eva Berg', deptB, 'SNG0AG', 'routine', 5, gpPerson],
  ];
  for (const [name, dept, exam, urgency, offset, referrer] of specs) {
    const [given, family] = name.split(' ');
    const p = await createPatient(db, { name: [given, family] });
    patients[given] = p;
    const id = await createReferral(db, { patientId: p.id, referrerPersonId: referrer, referrerOrgId: practice, departmentOrgId: dept, examCode: exam });
    await db
      .updateTable('referral')
      .set({ urgency, assessment_due_date: addDays(today, offset), clinical_question: `Spørsmål om ${given}` })
      .where('id', '=', id)
      .execute();
    ids[given] = id;
  }
  // Not open any more: never in the inbox.
  const done = await createReferral(db, { patientId: patients['Åse'].id, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: deptA });
  await db.updateTable('referral').set({ status: 'accepted', assessment_due_date: today }).where('id', '=', done).execute();
});
afterAll(() => t.close());

const inbox = (s: Session, query = '') => as(t.app, s)({ url: `/api/assessment/inbox${query}` });
const names = (body: { rows: { patientName: string }[] }) => body.rows.map((r) => r.patientName.split(' ')[0]);

describe('vetting inbox', () => {
  it('is refused to a GP (deny by default)', async () => {
    const res = await inbox(gp);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it("lists the user's departments' open referrals, earliest deadline first, with a total and paging", async () => {
    const all = (await inbox(radA)).json();
    expect(all.total).toBe(4);
    expect(names(all)).toEqual(['Åse', 'Bjørn', 'Cecilie', 'Dag']);
    expect(all.rows[0]).toMatchObject({ deadlineState: 'overdue', shared: false, referrerName: 'Gunn Lege', siteName: 'Fjord sykehus', examName: 'MR kne' });
    expect(all.rows[0].workingDaysLeft).toBeLessThan(0);
    expect(all.rows[1]).toMatchObject({ deadlineState: 'due_soon', workingDaysLeft: 0, modality: 'CT' });
    expect(typeof all.rows[0].referralNumber).toBe('number');
    const page2 = (await inbox(radA, '?limit=2&offset=2')).json();
    expect(page2).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(names(page2)).toEqual(['Cecilie', 'Dag']);
    // The other trust's radiologist sees only their own.
    expect(names((await inbox(radB)).json())).toEqual(['Eva']);
  });

  it('filters by deadline state, urgency, modality, exam, referrer, department and site', async () => {
    expect(names((await inbox(radA, '?deadline=overdue')).json())).toEqual(['Åse']);
    expect(names((await inbox(radA, '?deadline=due_soon')).json())).toEqual(['Bjørn']);
    expect(names((await inbox(radA, '?deadline=later')).json())).toEqual(['Cecilie', 'Dag']);
    expect(names((await inbox(radA, '?urgency=urgent')).json())).toEqual(['Bjørn']);
    expect(names((await inbox(radA, '?modality=CT')).json())).toEqual(['Bjørn']);
    expect(names((await inbox(radA, '?exam=SNG0AG')).json())).toEqual(['Åse', 'Cecilie', 'Dag']);
    expect(names((await inbox(radA, `?referrer=${gpPerson}`)).json())).toEqual(['Åse', 'Bjørn', 'Dag']);
    expect(names((await inbox(radA, `?department=${deptA2}`)).json())).toEqual(['Cecilie']);
    expect(names((await inbox(radA, `?site=${siteA}`)).json())).toEqual(['Åse', 'Bjørn', 'Dag']);
  });

  it('searches by name, fødselsnummer and referral number', async () => {
    expect(names((await inbox(radA, `?q=${encodeURIComponent('vik cecilie')}`)).json())).toEqual(['Cecilie']);
    expect(names((await inbox(radA, `?q=${patients['Dag'].fnr}`)).json())).toEqual(['Dag']);
    const number = (await inbox(radA)).json().rows.find((r: { patientName: string }) => r.patientName.startsWith('Bjørn')).referralNumber;
    expect(names((await inbox(radA, `?q=${number}`)).json())).toEqual(['Bjørn']);
    // A search for someone in another trust finds nothing here.
    expect((await inbox(radA, `?q=${patients['Eva'].fnr}`)).json()).toMatchObject({ total: 0, rows: [] });
  });

  it('answers bad input with problem+json and a stable code', async () => {
    for (const q of ['?limit=0', '?limit=500', '?deadline=soon', '?modality=XX', '?exam=knee', '?offset=-1', '?foo=1', `?q=${encodeURIComponent('abc 12')}`]) {
      const res = await inbox(radA, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().type, q).toMatch(/\/invalid$/);
    }
    // Another trust's department or site: refused.
    expect((await inbox(radA, `?department=${deptB}`)).statusCode).toBe(403);
  });

  it('writes one access-log row per list view, naming the patients shown', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log`.execute(t.db.kysely)).rows[0].n;
    const before = await count();
    await inbox(radA, '?limit=3');
    expect(await count()).toBe(before + 1);
    const row = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ context: 'assessment-inbox', action: 'search', patient_id: null, resource_id: null });
    expect([...row.patient_ids!].sort()).toEqual([patients['Åse'].id, patients['Bjørn'].id, patients['Cecilie'].id].sort());
  });

  it('a refused look at a referral’s assessment options leaves a refused row (interop16: it left none)', async () => {
    const refused = () =>
      t.db.kysely.selectFrom('access_log').selectAll().where('context', '=', 'assessment-options').where('resource_id', '=', ids['Åse']).execute();
    expect(await refused()).toHaveLength(0);
    const res = await as(t.app, radB)({ url: `/api/assessment/referrals/${ids['Åse']}/options` });
    expect(res.statusCode).toBe(403);
    expect(await refused()).toEqual([
      expect.objectContaining({ outcome: 'refused', patient_id: patients['Åse'].id, action: 'read', resource_type: 'ServiceRequest' }),
    ]);
    // The department's own radiologist gets the options; no extra row for an allowed call.
    expect((await as(t.app, radA)({ url: `/api/assessment/referrals/${ids['Åse']}/options` })).statusCode).toBe(200);
    expect(await refused()).toHaveLength(1);
  });
});

describe('regional joint assessment (vetting share agreement)', () => {
  it('keeps another trust out until the trusts agree to share, then shows open referrals only', async () => {
    // Without an agreement: B cannot open A's referral, and the joint inbox is B's own.
    expect((await as(t.app, radB)({ url: `/api/referrals/${ids['Åse']}` })).statusCode).toBe(403);
    expect(names((await inbox(radB, '?scope=joint')).json())).toEqual(['Eva']);
    expect((await as(t.app, radB)({ url: '/api/assessment/inbox/options?scope=joint' })).json().jointAvailable).toBe(false);

    const db = t.db.kysely;
    await db.insertInto('vetting_share_agreement').values({ id: 'share-1', name: 'Felles vurdering MR' }).execute();
    await db
      .insertInto('vetting_share_member')
      .values([
        { agreement_id: 'share-1', organization_id: hfA },
        { agreement_id: 'share-1', organization_id: hfB },
      ])
      .execute();

    const joint = (await inbox(radB, '?scope=joint')).json();
    expect(names(joint)).toEqual(['Åse', 'Bjørn', 'Eva', 'Cecilie', 'Dag']);
    expect(joint.rows.find((r: { patientName: string }) => r.patientName.startsWith('Åse')).shared).toBe(true);
    expect(joint.rows.find((r: { patientName: string }) => r.patientName.startsWith('Eva')).shared).toBe(false);
    // The department inbox stays the user's own departments.
    expect(names((await inbox(radB)).json())).toEqual(['Eva']);
    const options = (await as(t.app, radB)({ url: '/api/assessment/inbox/options?scope=joint' })).json();
    expect(options.jointAvailable).toBe(true);
    expect(options.departments.find((d: { id: string }) => d.id === deptA)).toMatchObject({
      shared: true,
      siteName: 'Fjord sykehus',
      trustName: 'Helse Fjord',
    });
    // Opening a shared open referral is allowed (and logged as shared assessment) …
    const open = await as(t.app, radB)({ url: `/api/referrals/${ids['Åse']}` });
    expect(open.statusCode).toBe(200);
    const log = await db
      .selectFrom('access_log')
      .select(['reason', 'outcome'])
      .where('resource_id', '=', ids['Åse'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(log).toEqual({ reason: 'shared-vetting', outcome: 'allowed' });
    // … but not once it has been assessed.
    await db.updateTable('referral').set({ status: 'accepted' }).where('id', '=', ids['Dag']).execute();
    expect((await as(t.app, radB)({ url: `/api/referrals/${ids['Dag']}` })).statusCode).toBe(403);
    // An agreement that has ended shares nothing.
    await db.updateTable('vetting_share_agreement').set({ valid_from: '2020-01-01', valid_to: '2020-12-31' }).where('id', '=', 'share-1').execute();
    expect((await as(t.app, radB)({ url: `/api/referrals/${ids['Åse']}` })).statusCode).toBe(403);
  });
});

describe('inbox search parsing', () => {
  it('reads 11 digits as a fødselsnummer, fewer as a referral number, else name words', () => {
    expect(parseInboxSearch('010180 12345')).toEqual({ kind: 'fnr', fnr: '01018012345' });
    expect(parseInboxSearch(' 4711 ')).toEqual({ kind: 'number', number: 4711 });
    expect(parseInboxSearch('Kari  NORDMANN')).toEqual({ kind: 'name', words: ['kari', 'nordmann'] });
    expect(parseInboxSearch('   ')).toBeUndefined();
    expect(() => parseInboxSearch('kari 12')).toThrow();
  });
});

// breakit18 (outside tester): in English the inbox named exams in bokmål although the catalogue has
// English names (exam_code.name_en; the referral form already used them).
describe('exam names in the user language', () => {
  it('English users get the English name where the catalogue has one, else the bokmål name; Norwegian users bokmål', async () => {
    await t.db.kysely.updateTable('exam_code').set({ name_en: 'MRI knee' }).where('code', '=', 'SNG0AG').execute();
    const nbNames = (await inbox(radA)).json().rows.map((r: { examCode: string; examName: string }) => [r.examCode, r.examName]);
    expect(nbNames).toContainEqual(['SNG0AG', 'MR kne']);
    expect((await as(t.app, radA)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const rows = (await inbox(radA)).json().rows as { examCode: string; examName: string }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.examName).toBe(r.examCode === 'SNG0AG' ? 'MRI knee' : 'CT caput');
      const opts = (await as(t.app, radA)({ url: '/api/assessment/inbox/options' })).json() as { exams: { code: string; name: string }[] };
      expect(opts.exams.find((e) => e.code === 'SNG0AG')?.name).toBe('MRI knee');
      // No catalogue English name: the bokmål name, never the code.
      expect(opts.exams.find((e) => e.code === 'SAA0AD')?.name).toBe('CT caput');
      const view = (await as(t.app, radA)({ url: `/api/assessment/referrals/${ids['Åse']}` })).json();
      expect(JSON.stringify(view)).not.toContain('MR kne');
    } finally {
      await as(t.app, radA)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });
});
