import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { parityEngines, as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';
import { makeSyntheticFnr } from '../directory/identifiers.ts';
import { workingDaysLeft } from '../calendar/norwegian-calendar.ts';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  /** The knee topic's version as loaded: what every stored advice and decision must name. */
  // This file's own guideline catalogue, given to its app.
  const guidelines = GuidelineCatalogue.fromContent();
  const KNEE_VERSION = guidelines.current().pack.topics.find((x) => x.id === 'kne')!.version;
  let t: TestContext;
  let cdsClient: TestCdsClient;
  /** A CDS Hooks call signed by a registered test client, as a record system makes it. */
  const cdsInject = async (o: { method: 'POST'; url: string; payload?: string | object; headers?: Record<string, string> }) =>
    t.app.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${await cdsClient.sign(o.url)}` } });
  let gp: Session;
  let chiro: Session;
  let radiologist: Session;
  let dept: string;
  let patient: { id: string; fnr: string };
  let gpHpr: string;
  const TOKEN = crypto.randomBytes(24).toString('base64url');

  const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n;

  beforeAll(async () => {
    t = await createTestContext({}, { guidelines, engine });
    const db = t.db.kysely;
    await loadReferenceData(db);
    const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
    dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf });
    const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
    cdsClient = await createTestCdsClient(db, { organizationId: practice });
    const clinic = await createOrganization(db, { kind: 'specialist_practice', name: 'Kiropraktorklinikken' });
    gpHpr = '4455667';
    const gpUser = await createUser(db, { username: 'gp.ref', referrerKind: 'gp', hpr: gpHpr, grants: [{ role: 'referrer', organizationId: practice }] });
    const chiroUser = await createUser(db, {
      username: 'chiro.ref',
      profession: 'chiropractor',
      referrerKind: 'chiropractor',
      grants: [{ role: 'referrer', organizationId: clinic }],
    });
    const radUser = await createUser(db, { username: 'rad.ref', grants: [{ role: 'radiologist', organizationId: dept }] });
    patient = await createPatient(db, { birthDate: '1968-04-02', sex: 'F' });
    gp = await login(t.app, gpUser.username, gpUser.password);
    chiro = await login(t.app, chiroUser.username, chiroUser.password);
    radiologist = await login(t.app, radUser.username, radUser.password);
    // The referrers identify the patient by fødselsnummer first, as the form does (access gate: 'identified').
    for (const s of [gp, chiro]) expect((await as(t.app, s)({ url: `/api/patients?fnr=${patient.fnr}` })).statusCode).toBe(200);
    await db
      .insertInto('api_client')
      .values({ id: 'client-1', name: 'EPJ Legesenteret', organization_id: practice, token_hash: hashToken(TOKEN), scopes: ['fhir.write', 'fhir.read'] })
      .execute();
  });
  afterAll(() => t.close());

  const kneeDraft = {
    examCode: 'SNG0AG',
    patient: { ageYears: 58, sex: 'F' },
    text: 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg.',
  };

  describe('advice while writing', () => {
    it('reads the free text, shows what it understood, and stores the advice once per outcome', async () => {
      const call = as(t.app, gp);
      const before = await count('advice_event');
      const res = await call({ method: 'POST', url: '/api/referrals/advice', payload: { ...kneeDraft, draftId: 'draft-1' } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.advice).toMatchObject({ topicId: 'kne', rating: 'usually_not_appropriate', alternative: { kind: 'xray_first', examCode: 'SNG0AA' } });
      expect(body.understood.map((s: { factId: string }) => s.factId)).toEqual(expect.arrayContaining(['trauma', 'prior_xray', 'symptom_duration_weeks']));
      expect(body.questions.map((q: { id: string }) => q.id)).toContain('prior_xray');
      await call({ method: 'POST', url: '/api/referrals/advice', payload: { ...kneeDraft, draftId: 'draft-1' } });
      expect(await count('advice_event')).toBe(before + 1);
    });

    it('rejects unknown facts and bad values with field errors', async () => {
      const res = await as(t.app, gp)({ method: 'POST', url: '/api/referrals/advice', payload: { ...kneeDraft, facts: { trauma: 'maybe' } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('facts.trauma');
    });
  });

  describe('sending a referral', () => {
    const base = () => ({ patientId: patient.id, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Artrose? Menisk?', urgency: 'routine' });

    it('cannot be sent while the advice needs information, and nothing is stored', async () => {
      const before = await count('referral');
      const res = await as(t.app, gp)({ method: 'POST', url: '/api/referrals', payload: { ...base(), text: 'Vondt i kneet.' } });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().detail).toMatch(/cannot be sent until the required facts are present/);
      // Only the facts that can change the rating are asked (partial evaluation), each as a field error.
      const fields = res.json().errors.map((e: { field: string }) => e.field);
      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) expect(f).toMatch(/^facts\.[a-z_]+$/);
      expect(await count('referral')).toBe(before);
    });

    it('needs an override reason or the alternative when usually not appropriate', async () => {
      const res = await as(t.app, gp)({ method: 'POST', url: '/api/referrals', payload: { ...base(), text: kneeDraft.text } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].field).toBe('decision');
      const bad = await as(
        t.app,
        gp,
      )({ method: 'POST', url: '/api/referrals', payload: { ...base(), text: kneeDraft.text, decision: { kind: 'override', reasonCode: 'because' } } });
      expect(bad.statusCode).toBe(400);
    });

    it('stores an overridden referral with its decision, advice snapshot and access log in one go', async () => {
      const res = await as(
        t.app,
        gp,
      )({
        method: 'POST',
        url: '/api/referrals',
        payload: {
          ...base(),
          text: kneeDraft.text,
          draftId: 'draft-2',
          decision: { kind: 'override', reasonCode: 'clinical-judgement', reasonText: 'Mistenker osteonekrose' },
        },
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().id;
      const d = await t.db.kysely.selectFrom('referral_decision').selectAll().where('referral_id', '=', id).executeTakeFirstOrThrow();
      expect(d).toMatchObject({
        decision: 'overridden',
        reason_code: 'clinical-judgement',
        topic_id: 'kne',
        topic_version: KNEE_VERSION,
        rating: 'usually_not_appropriate',
        user_id: gp.me.userId,
      });
      const log = await t.db.kysely.selectFrom('access_log').selectAll().where('resource_id', '=', id).execute();
      expect(log.map((l) => l.action)).toEqual(['create']);
      // The referrer's own list names the exam in both languages (the page shows the user's: nc27 saw
      // "MR lumbosakralcolumna" in the English "My referrals").
      const mine = (await as(t.app, gp)({ url: '/api/referrals/mine' })).json<{ rows: { id: string; exam_name: string; exam_name_en?: string | null }[] }>();
      expect(mine.rows.find((r) => r.id === id)).toMatchObject({ exam_name: 'MR kne', exam_name_en: 'MR knee' });
      // The department sees it in its vetting inbox with the 10-working-day deadline, and its receipt is an event.
      const inbox = (await as(t.app, radiologist)({ url: '/api/assessment/inbox' })).json();
      expect(inbox.rows.find((r: { id: string }) => r.id === id)).toMatchObject({
        rating: 'usually_not_appropriate',
        workingDaysLeft: 10,
        deadlineState: 'later',
      });
      const events = await t.db.kysely.selectFrom('referral_event').selectAll().where('referral_id', '=', id).execute();
      expect(events).toMatchObject([{ kind: 'submitted', from_status: null, to_status: 'submitted', reason_code: 'standard', actor_user_id: gp.me.userId }]);
    });

    it('accepting the alternative sends the suggested exam instead', async () => {
      const res = await as(
        t.app,
        gp,
      )({ method: 'POST', url: '/api/referrals', payload: { ...base(), text: kneeDraft.text, decision: { kind: 'accept_alternative' } } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ examCode: 'SNG0AA', decision: 'alternative_accepted' });
    });

    it('refuses a chiropractor an exam outside limited referral rights', async () => {
      const res = await as(
        t.app,
        chiro,
      )({ method: 'POST', url: '/api/referrals', payload: { ...base(), examCode: 'SAA0AD', clinicalQuestion: 'Hodeskade?', text: 'Slo hodet.' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/avgrenset henvisningsrett/);
    });

    it('rejects unknown exam codes, unknown departments and missing patients without storing', async () => {
      const before = await count('referral');
      expect((await as(t.app, gp)({ method: 'POST', url: '/api/referrals', payload: { ...base(), examCode: 'XXX0AA' } })).statusCode).toBe(400);
      expect((await as(t.app, gp)({ method: 'POST', url: '/api/referrals', payload: { ...base(), departmentId: 'nope' } })).statusCode).toBe(400);
      expect((await as(t.app, gp)({ method: 'POST', url: '/api/referrals', payload: { ...base(), patientId: 'nope' } })).statusCode).toBe(404);
      expect(await count('referral')).toBe(before);
    });

    it('counts the 10-working-day assessment deadline in working days', () => {
      expect(workingDaysLeft(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-23T08:00:00Z'))).toBe(9); // Fri → Mon
    });
  });

  describe('referral form catalogue', () => {
    it('offers exams, receiving departments, override reasons and searchable ICPC-2 / ICD-10 indications', async () => {
      const c = (await as(t.app, gp)({ url: '/api/referrals/catalog' })).json();
      expect(c.exams.find((e: { code: string }) => e.code === 'SNG0AG')).toBeTruthy();
      expect(c.departments.map((d: { id: string }) => d.id)).toContain(dept);
      expect(c.indications).toEqual(
        expect.arrayContaining([expect.objectContaining({ system: 'ICPC-2', code: 'L86' }), expect.objectContaining({ system: 'ICD-10', code: 'I26' })]),
      );
      expect(c.covered).toContain('SNA0GG');
    });
  });

  describe('public advice pages', () => {
    it('lists topics and shows one without login', async () => {
      const list = (await t.app.inject({ url: '/api/guidelines' })).json();
      expect(list.map((x: { id: string }) => x.id)).toContain('korsrygg');
      const one = (await t.app.inject({ url: '/api/guidelines/korsrygg' })).json();
      const redFlags = one.rules.find((r: { id: string }) => r.id === 'rode-flagg');
      expect(redFlags).toMatchObject({ rating: 'appropriate', when: { nb: expect.stringMatching(/røde flagg/i), en: expect.stringMatching(/red flag/i) } });
      // Rules in words, exams by name: no formula reaches the public page.
      expect(JSON.stringify(one.rules.map((r: { when: unknown }) => r.when))).not.toMatch(/symptom_duration_weeks|[<>]=?|\bnot\b/);
      expect(one.exams).toContainEqual({ code: 'SNA0GG', name: 'MR lumbosakralcolumna', nameEn: 'MR lumbosacral spine' });
      expect((await t.app.inject({ url: '/api/guidelines/nope' })).statusCode).toBe(404);
    });
  });

  const draftOrder = (code: { coding?: { system: string; code: string }[]; text?: string }, note: string, id = 'sr-1') => ({
    resourceType: 'Bundle',
    entry: [
      {
        resource: { resourceType: 'ServiceRequest', id, status: 'draft', intent: 'order', code, note: [{ text: note }], subject: { reference: 'Patient/p1' } },
      },
    ],
  });
  const cdsRequest = (draftOrders: unknown, hook = 'order-sign') => ({
    hook,
    hookInstance: crypto.randomUUID(),
    context: { userId: 'Practitioner/1', patientId: 'p1', draftOrders, ...(hook === 'order-select' ? { selections: ['ServiceRequest/sr-1'] } : {}) },
    // The user as discovery asks for it: a physician (HPR category LE) the directory does not know.
    prefetch: {
      patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' },
      user: { resourceType: 'Practitioner', id: '1', qualification: [{ code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9060', code: 'LE' }] } }] },
    },
  });

  describe('CDS Hooks 2.0', () => {
    it('discovers the services', async () => {
      const res = await t.app.inject({ url: '/cds-services' });
      expect(res.json().services.map((s: { hook: string }) => s.hook)).toEqual(['order-select', 'order-sign']);
      expect(res.json().services[0].prefetch.patient).toBe('Patient/{{context.patientId}}');
    });

    it('answers exactly one card per covered draft order, in the 2.0 shape', async () => {
      const before = await count('advice_event');
      const res = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-select',
        payload: cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] }, kneeDraft.text), 'order-select'),
      });
      expect(res.statusCode).toBe(200);
      const { cards } = res.json();
      expect(cards).toHaveLength(1);
      const c = cards[0];
      expect(c.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.summary.length).toBeLessThan(140);
      expect(c.indicator).toBe('warning');
      expect(c.source.label).toBeTruthy();
      expect(c.source.url).toMatch(/^https?:\/\//);
      expect(c.selectionBehavior).toBe('at-most-one');
      expect(c.suggestions[0].actions[0]).toMatchObject({
        type: 'update',
        resource: { resourceType: 'ServiceRequest', id: 'sr-1', code: { coding: [{ code: 'SNG0AA' }] } },
      });
      expect(c.overrideReasons.length).toBeGreaterThan(2);
      expect(c.links[0]).toMatchObject({ type: 'absolute', url: expect.stringContaining('/henvisningsrad/kne') });
      expect(c.extension.radvis).toMatchObject({ rating: 'usually_not_appropriate', score: 2, topic: 'kne', topicVersion: KNEE_VERSION, missingFacts: [] });
      // Advice shown through CDS Hooks is stored by group commit before the answer (advice-log.ts);
      // flushing waits for anything still queued.
      await t.app.adviceLog.flush();
      expect(await count('advice_event')).toBe(before + 1);
      const ev = await t.db.kysely.selectFrom('advice_event').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ source: 'cds-hooks', card_uuid: c.uuid, topic_id: 'kne', rating: 'usually_not_appropriate' });
    });

    it('maps free-text orders and gives no card for exams no topic covers', async () => {
      const text = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-sign',
        payload: cdsRequest(draftOrder({ text: 'MR lumbosakralcolumna' }, 'Korsryggsmerter i 2 uker. Ingen røde flagg.')),
      });
      expect(text.json().cards[0].extension.radvis).toMatchObject({ topic: 'korsrygg', rating: 'usually_not_appropriate' });
      const uncovered = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-sign',
        payload: cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SJX0AK' }] }, 'Magesmerter')),
      });
      expect(uncovered.statusCode).toBe(200);
      expect(uncovered.json()).toEqual({ cards: [] });
      const unknown = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-sign',
        payload: cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'ZZZ9ZZ' }] }, 'x')),
      });
      expect(unknown.json()).toEqual({ cards: [] });
    });

    it('marks a chiropractor-type refusal critical and missing facts as warning', async () => {
      const res = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-sign',
        payload: cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNA0GG' }] }, 'Ryggsmerter.')),
      });
      expect(res.json().cards[0]).toMatchObject({
        indicator: 'warning',
        extension: { radvis: { rating: 'needs_information', missingFacts: expect.arrayContaining(['red_flags']) } },
      });
    });

    it('answers bad input with OperationOutcome and stores nothing', async () => {
      // Cards from earlier tests are stored by group commit (advice-log.ts): let anything queued land first.
      await t.app.adviceLog.flush();
      const before = await count('advice_event');
      const noPatient = { ...cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] }, 'x')), prefetch: {} };
      const r1 = await cdsInject({ method: 'POST', url: '/cds-services/radvis-imaging-order-sign', payload: noPatient });
      expect(r1.statusCode).toBe(412);
      expect(r1.json().resourceType).toBe('OperationOutcome');
      const r2 = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-sign',
        payload: '{"hook":',
        headers: { 'content-type': 'application/json' },
      });
      expect(r2.statusCode).toBe(400);
      expect(r2.json().resourceType).toBe('OperationOutcome');
      const r3 = await cdsInject({ method: 'POST', url: '/cds-services/nope', payload: cdsRequest(draftOrder({ text: 'MR kne' }, 'x')) });
      expect(r3.statusCode).toBe(404);
      const r4 = await cdsInject({ method: 'POST', url: '/cds-services/radvis-imaging-order-sign', payload: { hookInstance: 'x' } });
      expect(r4.statusCode).toBe(400);
      expect(r4.json().issue[0].code).toBe('invalid');
      await t.app.adviceLog.flush();
      expect(await count('advice_event')).toBe(before);
    });

    // Reading the patient (and user) from the client's FHIR server: interop/cds-hooks/cds-hooks.test.ts.

    it('stores feedback on a card it issued', async () => {
      // CDS Hooks 2.0 §Feedback: `card` is the uuid of a card from this service's answer (recordCdsFeedback).
      const issued = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-select',
        payload: cdsRequest(draftOrder({ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] }, kneeDraft.text), 'order-select'),
      });
      const before = await count('cds_feedback');
      const res = await cdsInject({
        method: 'POST',
        url: '/cds-services/radvis-imaging-order-select/feedback',
        payload: {
          feedback: [
            {
              card: issued.json().cards[0].uuid as string,
              outcome: 'overridden',
              overrideReason: { reason: { code: 'clinical-judgement', system: 'https://radvis.no/fhir/CodeSystem/override-reason' }, userComment: 'Ja' },
              outcomeTimestamp: new Date().toISOString(),
            },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      expect(await count('cds_feedback')).toBe(before + 1);
    });

    it('allows browser clients (CORS preflight)', async () => {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/cds-services/radvis-imaging-order-sign',
        headers: { origin: 'https://ehr.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.statusCode).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('FHIR ServiceRequest', () => {
    const sr = (identifier: string) => ({
      resourceType: 'ServiceRequest',
      identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
      status: 'active',
      intent: 'order',
      priority: 'routine',
      code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNA0GG' }] },
      subject: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: patient.fnr } },
      requester: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: gpHpr } },
      performer: [{ reference: `Organization/${dept}` }],
      reasonCode: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7170', code: 'L86' }], text: 'Prolaps?' }],
      note: [{ text: 'Utstrålende smerter til høyre ben i 10 uker tross fysioterapi. Ingen røde flagg. Vurderes for operasjon.' }],
    });
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/fhir+json' };

    it('creates idempotently on identifier, reads and searches', async () => {
      const id = `urn:uuid:${crypto.randomUUID()}`;
      const first = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(sr(id)) });
      expect(first.statusCode).toBe(201);
      expect(first.headers['content-type']).toMatch(/application\/fhir\+json/);
      const again = await t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: { ...auth, 'if-none-exist': `identifier=urn:ietf:rfc:3986|${id}` },
        payload: JSON.stringify(sr(id)),
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const read = await t.app.inject({ url: `/fhir/ServiceRequest/${first.json().id}`, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(read.json()).toMatchObject({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', code: { coding: [{ code: 'SNA0GG' }] } });
      const search = await t.app.inject({
        url: `/fhir/ServiceRequest?patient:identifier=urn:oid:2.16.578.1.12.4.1.4.1|${patient.fnr}&status=active`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(search.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(search.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(first.json().id);
      // The advice was evaluated and kept with the referral.
      const row = await t.db.kysely.selectFrom('referral').select(['advice', 'source']).where('id', '=', first.json().id).executeTakeFirstOrThrow();
      expect(row.source).toBe('fhir');
      expect((row.advice as { rating: string }).rating).toBe('appropriate');
    });

    it('answers invalid resources, unknown codes, missing patients, bad JSON and unknown tokens with OperationOutcome, storing nothing', async () => {
      const before = await count('referral');
      const invalid = await t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: auth,
        payload: JSON.stringify({ resourceType: 'ServiceRequest' }),
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().resourceType).toBe('OperationOutcome');
      // R4 basic validation (required status, intent, subject): 400.
      expect(invalid.json().issue.map((i: { expression: string[] }) => i.expression[0])).toEqual(
        expect.arrayContaining(['ServiceRequest.status', 'ServiceRequest.intent', 'ServiceRequest.subject']),
      );
      // Valid FHIR that breaks Radvis's rules: 422, every rule named.
      const bare = await t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: auth,
        payload: JSON.stringify({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/x' } }),
      });
      expect(bare.statusCode).toBe(422);
      expect(bare.json().issue.map((i: { expression: string[] }) => i.expression[0])).toEqual(
        expect.arrayContaining(['ServiceRequest.identifier', 'ServiceRequest.code', 'ServiceRequest.subject.identifier']),
      );
      const code = sr('x-1');
      code.code.coding[0].code = 'XXX0AA';
      expect((await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(code) })).statusCode).toBe(422);
      const unknownPatient = sr('x-5');
      unknownPatient.subject.identifier.value = makeSyntheticFnr('1931-01-01', 'M', 500)!;
      const up = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(unknownPatient) });
      expect(up.statusCode).toBe(422);
      expect(up.json().issue[0].expression).toEqual(['ServiceRequest.subject.identifier.value']);
      const draft = { ...sr('x-6'), status: 'draft' };
      expect((await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(draft) })).statusCode).toBe(422);
      const nobody = sr('x-2');
      nobody.subject.identifier.value = '01018012345';
      expect((await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(nobody) })).statusCode).toBe(422);
      const badJson = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: '{"resourceType":' });
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json().resourceType).toBe('OperationOutcome');
      const noToken = await t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: { authorization: 'Bearer not-a-real-token-at-all-xyz', 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(sr('x-3')),
      });
      expect(noToken.statusCode).toBe(401);
      const huge = await t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: auth,
        payload: JSON.stringify({ ...sr('x-4'), note: [{ text: 'x'.repeat(1_100_000) }] }),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().resourceType).toBe('OperationOutcome');
      expect(await count('referral')).toBe(before);
    });
  });
});
