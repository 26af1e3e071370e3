// Every route that returns a patient's data × every role: the same answer through every door
// (app API, FHIR with a session, FHIR with an API client), and refused attempts in the access log.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../db/schema.ts';
import { ROLES } from '../db/schema.ts';
import { hashToken } from '../auth/sessions.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { parityEngines, as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { DEPARTMENT_ROLES } from './gate.ts';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  let t: TestContext;
  let referralId: string;
  let patient: { id: string; fnr: string };
  let practice: string;
  const users = new Map<string, { session: Session; personId: string; userId: string }>();
  const clients = new Map<string, string>();

  /** One user per role in the receiving department's trust, plus the outsiders the rule must refuse. */
  const CAST: { name: string; role: Role; where: 'practice' | 'dept' | 'otherDept' | 'rhf' | 'otherPractice' }[] = [
    { name: 'referrer', role: 'referrer', where: 'practice' },
    { name: 'colleague', role: 'referrer', where: 'practice' },
    { name: 'otherGp', role: 'referrer', where: 'otherPractice' },
    ...(['radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader'] as const).map((role) => ({
      name: role,
      role,
      where: 'dept' as const,
    })),
    { name: 'otherRadiologist', role: 'radiologist', where: 'otherDept' },
    { name: 'otherLeader', role: 'department_leader', where: 'otherDept' },
    ...(['network_editor', 'analyst', 'admin'] as const).map((role) => ({ name: role, role, where: 'rhf' as const })),
  ];

  beforeAll(async () => {
    t = await createTestContext({}, { engine });
    const db = t.db.kysely;
    await loadReferenceData(db);
    const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
    const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen', parentId: rhf });
    const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Haukeland', parentId: hf });
    const otherHf = await createOrganization(db, { kind: 'hf', name: 'Helse Førde', parentId: rhf });
    const otherDept = await createOrganization(db, { kind: 'department', name: 'Radiologi Førde', parentId: otherHf });
    practice = await createOrganization(db, { kind: 'gp_practice', name: 'Bryggen legekontor' });
    const otherPractice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjellet legekontor' });
    const at = { practice, dept, otherDept, rhf, otherPractice };
    let hpr = 3000000;
    for (const c of CAST) {
      const u = await createUser(db, {
        username: `door.${c.name.replace(/_/g, '-').toLowerCase()}`,
        referrerKind: c.role === 'referrer' ? 'gp' : null,
        hpr: String(hpr++),
        grants: [{ role: c.role, organizationId: at[c.where] }],
      });
      users.set(c.name, { session: await login(t.app, u.username, u.password), personId: u.personId, userId: u.userId });
    }
    patient = await createPatient(db, { birthDate: '1966-05-04', sex: 'M', name: ['Dørulf', 'Portvik'] });
    for (const [name, org] of [
      ['practiceEpj', practice],
      ['hospitalEpj', hf],
      ['otherEpj', otherHf],
    ] as const) {
      const token = crypto.randomBytes(24).toString('base64url');
      await db
        .insertInto('api_client')
        .values({ id: `client-${name}`, name, organization_id: org, token_hash: hashToken(token), scopes: ['fhir.read', 'fhir.write'] })
        .execute();
      clients.set(name, token);
    }
    const referrer = users.get('referrer')!.session;
    expect((await as(t.app, referrer)({ url: `/api/patients?fnr=${patient.fnr}` })).statusCode).toBe(200);
    const sent = await as(
      t.app,
      referrer,
    )({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        patientId: patient.id,
        examCode: 'SNA0GG',
        departmentId: dept,
        clinicalQuestion: 'Cauda equina?',
        text: 'Akutt urinretensjon og nedsatt sensibilitet i setet.',
        urgency: 'emergency',
      },
    });
    expect(sent.statusCode).toBe(201);
    referralId = sent.json().id;
  });
  afterAll(() => t.close());

  /** What each door answers a user about the referral and its patient: true = the data was shown. */
  async function doors(s: Session) {
    const call = as(t.app, s);
    const fhirHeaders = { cookie: s.cookie };
    const appRead = await call({ url: `/api/referrals/${referralId}` });
    const fhirRead = await t.app.inject({ url: `/fhir/ServiceRequest/${referralId}`, headers: fhirHeaders });
    const fhirVread = await t.app.inject({ url: `/fhir/ServiceRequest/${referralId}/_history/1`, headers: fhirHeaders });
    const fhirById = await t.app.inject({ url: `/fhir/ServiceRequest?_id=${referralId}`, headers: fhirHeaders });
    const fhirByPatient = await t.app.inject({
      url: `/fhir/ServiceRequest?patient:identifier=urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}`,
      headers: fhirHeaders,
    });
    // The same searches by POST [type]/_search with a form body (R4 http.html#search), one param in the URL.
    // A session's POST echoes its CSRF token, as every state-changing-method request does (http/access.ts).
    const form = { ...fhirHeaders, 'x-csrf-token': s.csrf, 'content-type': 'application/x-www-form-urlencoded' };
    const fhirPostById = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest/_search', headers: form, payload: `_id=${referralId}` });
    const fhirPostByPatient = await t.app.inject({
      method: 'POST',
      url: `/fhir/ServiceRequest/_search?_count=50`,
      headers: form,
      payload: new URLSearchParams({ 'patient:identifier': `urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}` }).toString(),
    });
    const fhirPatientPost = await t.app.inject({
      method: 'POST',
      url: '/fhir/Patient/_search',
      headers: form,
      payload: new URLSearchParams({ identifier: `urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}` }).toString(),
    });
    const patientRead = await call({ url: `/api/patients/${patient.id}` });
    const fhirPatient = await t.app.inject({ url: `/fhir/Patient/${patient.id}`, headers: fhirHeaders });
    const fhirInclude = await t.app.inject({ url: `/fhir/ServiceRequest?_id=${referralId}&_include=ServiceRequest:patient`, headers: fhirHeaders });
    const nameSearch = await call({ url: '/api/patients?q=Portvik' });
    // Finding the patient by exact fødselsnummer (to refer): the gate's lookup rule, not the read rule (plat26).
    const appLookup = await call({ url: `/api/patients?fnr=${patient.fnr}` });
    const inSearch = (r: { statusCode: number; json(): { entry?: { resource: { id: string } }[] } }) =>
      r.statusCode === 200 && (r.json().entry ?? []).some((e) => e.resource.id === referralId);
    for (const r of [appRead, fhirRead, fhirVread, patientRead, fhirPatient]) expect([200, 403]).toContain(r.statusCode);
    return {
      referral: {
        app: appRead.statusCode === 200,
        fhirRead: fhirRead.statusCode === 200,
        fhirVread: fhirVread.statusCode === 200,
        fhirSearchById: inSearch(fhirById),
        fhirSearchByPatient: inSearch(fhirByPatient),
        fhirPostSearchById: inSearch(fhirPostById),
        fhirPostSearchByPatient: inSearch(fhirPostByPatient),
      },
      patient: {
        app: patientRead.statusCode === 200,
        nameSearch: nameSearch.statusCode === 200 && (nameSearch.json() as { id: string }[]).some((p) => p.id === patient.id),
        fhirRead: fhirPatient.statusCode === 200,
        fhirInclude:
          fhirInclude.statusCode === 200 &&
          (fhirInclude.json().entry ?? []).some(
            (e: { resource: { resourceType: string; id: string } }) => e.resource.resourceType === 'Patient' && e.resource.id === patient.id,
          ),
      },
      lookup: {
        app: appLookup.statusCode === 200 && (appLookup.json() as { id: string }[]).some((p) => p.id === patient.id),
        fhirSearch:
          fhirPatientPost.statusCode === 200 && (fhirPatientPost.json().entry ?? []).some((e: { resource: { id: string } }) => e.resource.id === patient.id),
      },
    };
  }

  const same = (o: Record<string, boolean>) => new Set(Object.values(o)).size === 1;

  describe('one rule through every door', () => {
    it('gives every role the same answer for the referral and its patient through the app and FHIR', async () => {
      const expected: Record<string, boolean> = {
        referrer: true,
        radiologist: true,
        lis: true,
        radiographer: true,
        reporting_radiographer: true,
        secretary: true,
        department_leader: true,
      };
      for (const c of CAST) {
        const d = await doors(users.get(c.name)!.session);
        const want = expected[c.name] ?? false;
        expect({ who: c.name, ...d.referral }).toEqual({
          who: c.name,
          app: want,
          fhirRead: want,
          fhirVread: want,
          fhirSearchById: want,
          fhirSearchByPatient: want,
          fhirPostSearchById: want,
          fhirPostSearchByPatient: want,
        });
        // The patient is visible exactly when one of their referrals is (no GP relation in this world).
        expect({ who: c.name, ...d.patient }).toEqual({ who: c.name, app: want, nameSearch: want, fhirRead: want, fhirInclude: want });
        // Finding a patient by exact number to refer is its own rule (gate.ts decidePatientLookup): every
        // referrer and department role, wherever — the same through the app and FHIR.
        const lookup = c.role === 'referrer' || DEPARTMENT_ROLES.includes(c.role);
        expect({ who: c.name, ...d.lookup }).toEqual({ who: c.name, app: lookup, fhirSearch: lookup });
      }
      expect(ROLES.every((r) => CAST.some((c) => c.role === r))).toBe(true);
    });

    it('lets FHIR API clients read as their organization: the practice and the receiving trust, not another trust', async () => {
      for (const [name, want] of [
        ['practiceEpj', true],
        ['hospitalEpj', true],
        ['otherEpj', false],
      ] as const) {
        const auth = { authorization: `Bearer ${clients.get(name)}` };
        const read = await t.app.inject({ url: `/fhir/ServiceRequest/${referralId}`, headers: auth });
        const search = await t.app.inject({ url: `/fhir/ServiceRequest?_id=${referralId}`, headers: auth });
        const postSearch = await t.app.inject({
          method: 'POST',
          url: '/fhir/ServiceRequest/_search',
          headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_id=${referralId}`,
        });
        const unfiltered = await t.app.inject({ url: '/fhir/ServiceRequest', headers: auth });
        const patientRead = await t.app.inject({ url: `/fhir/Patient/${patient.id}`, headers: auth });
        const included = await t.app.inject({ url: '/fhir/ServiceRequest?_include=ServiceRequest:patient', headers: auth });
        expect({
          name,
          read: read.statusCode,
          inSearch: (search.json().entry ?? []).length === 1,
          inPostSearch: (postSearch.json().entry ?? []).length === 1,
          total: unfiltered.json().total,
          patient: patientRead.statusCode,
          patientIncluded: (included.json().entry ?? []).some((e: { resource: { id: string } }) => e.resource.id === patient.id),
        }).toEqual({
          name,
          read: want ? 200 : 403,
          inSearch: want,
          inPostSearch: want,
          total: want ? 1 : 0,
          patient: want ? 200 : 403,
          patientIncluded: want,
        });
      }
    });

    it('follows the practice’s covering arrangement through every door, and only while it is valid', async () => {
      const colleague = users.get('colleague')!;
      const before = await doors(colleague.session);
      expect(same(before.referral) && !before.referral.app).toBe(true);
      const admin = await (async () => {
        const db = t.db.kysely;
        const a = await createUser(db, { username: 'door.practice-admin', grants: [{ role: 'admin', organizationId: practice }] });
        return login(t.app, a.username, a.password);
      })();
      const cover = await as(
        t.app,
        admin,
      )({
        method: 'POST',
        url: '/api/admin/referral-cover',
        payload: { organizationId: practice, coveringPersonId: colleague.personId, coveredPersonId: users.get('referrer')!.personId },
      });
      expect(cover.statusCode).toBe(201);
      const during = await doors(colleague.session);
      expect(during.referral).toEqual({
        app: true,
        fhirRead: true,
        fhirVread: true,
        fhirSearchById: true,
        fhirSearchByPatient: true,
        fhirPostSearchById: true,
        fhirPostSearchByPatient: true,
      });
      expect(during.patient).toEqual({ app: true, nameSearch: true, fhirRead: true, fhirInclude: true });
      // A colleague in another practice gets nothing from it; nor does an admin of another organization change it.
      expect((await doors(users.get('otherGp')!.session)).referral.app).toBe(false);
      expect((await as(t.app, users.get('admin')!.session)({ method: 'DELETE', url: `/api/admin/referral-cover/${cover.json().id}` })).statusCode).toBe(404);
      expect((await as(t.app, admin)({ method: 'DELETE', url: `/api/admin/referral-cover/${cover.json().id}` })).statusCode).toBe(204);
      const after = await doors(colleague.session);
      expect(same(after.referral) && !after.referral.app).toBe(true);
    });

    it('logs allowed and refused reads with the rule that decided', async () => {
      const db = t.db.kysely;
      const rows = await db
        .selectFrom('access_log')
        .select(['user_id', 'outcome', 'reason', 'context'])
        .where('resource_id', '=', referralId)
        .where('action', '=', 'read')
        .execute();
      const by = (name: string) => rows.filter((r) => r.user_id === users.get(name)!.userId);
      expect(by('otherRadiologist').length).toBeGreaterThan(0);
      expect(by('otherRadiologist').every((r) => r.outcome === 'refused' && r.reason === 'no-work-need')).toBe(true);
      expect(by('radiologist').every((r) => r.outcome === 'allowed' && r.reason === 'department')).toBe(true);
      expect(by('referrer').every((r) => r.outcome === 'allowed' && r.reason === 'referrer')).toBe(true);
      expect(new Set(by('radiologist').map((r) => r.context))).toEqual(new Set(['referral-view', 'fhir-read', 'fhir-vread']));
      expect(by('colleague').some((r) => r.reason === 'cover')).toBe(true);
      // Route-level refusals (analyst, admin …) never reach the data, so nothing is logged for them.
      expect(by('analyst')).toEqual([]);
    });
  });

  describe('refused searches leave the trace a refused read does', () => {
    it('a FHIR search naming the referral (by _id, identifier or patient) that the caller may not see is logged as refused, once per referral', async () => {
      const db = t.db.kysely;
      const refusedSearchRows = async (userId: string | null, actor?: string) =>
        (
          await db
            .selectFrom('access_log')
            .select(['outcome', 'reason', 'action', 'context', 'user_id', 'actor_name'])
            .where('resource_id', '=', referralId)
            .where('action', '=', 'search')
            .where('outcome', '=', 'refused')
            .execute()
        ).filter((r) => (actor ? r.actor_name === actor : r.user_id === userId));
      const outsider = users.get('otherRadiologist')!;
      const inside = users.get('radiologist')!;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const pid = new URLSearchParams({ 'patient:identifier': `urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}` }).toString();
      // Each by GET and by POST _search (form body; R4 http.html#search): the same trace.
      for (const [url, method, extra, payload] of [
        [`/fhir/ServiceRequest?_id=${referralId}`, 'GET', {}, undefined],
        [`/fhir/ServiceRequest?patient:identifier=urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}`, 'GET', {}, undefined],
        [`/fhir/ServiceRequest?patient=${patient.id}&_summary=count`, 'GET', {}, undefined],
        ['/fhir/ServiceRequest/_search', 'POST', form, `_id=${referralId}`],
        ['/fhir/ServiceRequest/_search', 'POST', form, pid],
        ['/fhir/ServiceRequest/_search?_summary=count', 'POST', form, `patient=${patient.id}`],
      ] as const) {
        const before = (await refusedSearchRows(outsider.userId)).length;
        const res = await t.app.inject({ url, method, payload, headers: { cookie: outsider.session.cookie, 'x-csrf-token': outsider.session.csrf, ...extra } });
        expect(res.statusCode).toBe(200);
        expect(res.json().total).toBe(0);
        const after = await refusedSearchRows(outsider.userId);
        expect({ url, payload, logged: after.length - before }).toEqual({ url, payload, logged: 1 });
        expect(after.at(-1)).toMatchObject({ outcome: 'refused', reason: 'no-work-need', context: 'fhir-search' });
        // The one who may see it gets it, and no refusal.
        const ok = await t.app.inject({ url, method, payload, headers: { cookie: inside.session.cookie, 'x-csrf-token': inside.session.csrf, ...extra } });
        expect(ok.json().total).toBe(1);
        expect(await refusedSearchRows(inside.userId)).toEqual([]);
      }
      // The same for an API client of another trust.
      const clientBefore = (await refusedSearchRows(null, 'system:otherEpj')).length;
      const res = await t.app.inject({ url: `/fhir/ServiceRequest?_id=${referralId}`, headers: { authorization: `Bearer ${clients.get('otherEpj')}` } });
      expect(res.json().total).toBe(0);
      const clientRows = await refusedSearchRows(null, 'system:otherEpj');
      expect(clientRows.length - clientBefore).toBe(1);
      expect(clientRows.at(-1)?.reason).toBe('not-client-organization');
      // A broad search is not a probe of this referral: nothing is logged for it.
      const n = (await refusedSearchRows(outsider.userId)).length;
      await t.app.inject({ url: '/fhir/ServiceRequest?status=active', headers: { cookie: outsider.session.cookie } });
      expect((await refusedSearchRows(outsider.userId)).length).toBe(n);
    });
  });

  describe('POST _search is the same door as GET search for the route rule (R4 http.html#search)', () => {
    it('a role the FHIR search routes refuse gets 403 by GET and by POST _search, each logged as a refused read of the route', async () => {
      const analyst = users.get('analyst')!;
      const headers = { cookie: analyst.session.cookie, 'x-csrf-token': analyst.session.csrf };
      const routeRows = () =>
        t.db.kysely
          .selectFrom('access_log')
          .select(['resource_type', 'resource_id', 'action', 'outcome', 'reason', 'context'])
          .where('user_id', '=', analyst.userId)
          .where('resource_type', '=', 'Route')
          .execute();
      const common = { resource_type: 'Route', action: 'read', outcome: 'refused', reason: 'role-not-allowed', context: 'route-role-rule' };
      for (const type of ['ServiceRequest', 'Patient', 'Practitioner', 'DiagnosticReport']) {
        const count = async (id: string) => (await routeRows()).filter((r) => r.resource_id === id).length;
        const before = { get: await count(`GET /fhir/${type}`), post: await count(`POST /fhir/${type}/_search`) };
        const get = await t.app.inject({ url: `/fhir/${type}?_id=x`, headers });
        const post = await t.app.inject({
          method: 'POST',
          url: `/fhir/${type}/_search`,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: '_id=x',
        });
        expect({ type, get: get.statusCode, post: post.statusCode }).toEqual({ type, get: 403, post: 403 });
        const after = { get: await count(`GET /fhir/${type}`), post: await count(`POST /fhir/${type}/_search`) };
        expect({ type, get: after.get - before.get, post: after.post - before.post }).toEqual({ type, get: 1, post: 1 });
      }
      const rows = (await routeRows()).filter((r) => /^(GET \/fhir\/[A-Za-z]+|POST \/fhir\/[A-Za-z]+\/_search)$/.test(r.resource_id ?? ''));
      for (const r of rows) expect(r).toEqual({ ...common, resource_id: r.resource_id });
    });
  });
});
