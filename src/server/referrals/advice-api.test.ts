// More of the referral domain through the real app: advice by patient id, outcome-change storage,
// watchful waiting, referral rights, who sees which referral, CDS Hooks conformance details,
// FHIR writes by logged-in referrers, and oversized / malformed bodies. Every refusal stores nothing.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';

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
let gp2: Session;
let chiro: Session;
let chiroPersonId: string;
let radiologist: Session;
let otherRadiologist: Session;
let dept: string;
let otherDept: string;
let patient: { id: string; fnr: string };
const GP_HPR = '5566778';
const GP2_HPR = '5566779';
const CHIRO_HPR = '5566780';
const TOKEN = crypto.randomBytes(24).toString('base64url');
const NCRP = 'urn:oid:2.16.578.1.12.4.1.1.7270';

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n;
/** CDS advice events are stored by group commit (advice-log.ts): wait until everything queued so far is written. */
const settle = () => t.app.adviceLog.flush();
const counts = async () => ({
  referral: await count('referral'),
  decision: await count('referral_decision'),
  advice: await count('advice_event'),
  feedback: await count('cds_feedback'),
  log: await count('access_log'),
});

beforeAll(async () => {
  t = await createTestContext({}, { guidelines });
  const db = t.db.kysely;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Førde' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Førde', parentId: hf });
  otherDept = await createOrganization(db, {
    kind: 'department',
    name: 'Radiologi Lærdal',
    parentId: await createOrganization(db, { kind: 'hf', name: 'Annet HF' }),
  });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjordlegane' });
  cdsClient = await createTestCdsClient(db, { organizationId: practice });
  const clinic = await createOrganization(db, { kind: 'specialist_practice', name: 'Ryggklinikken' });
  const u1 = await createUser(db, { referrerKind: 'gp', hpr: GP_HPR, grants: [{ role: 'referrer', organizationId: practice }] });
  const u2 = await createUser(db, { referrerKind: 'gp', hpr: GP2_HPR, grants: [{ role: 'referrer', organizationId: practice }] });
  const c = await createUser(db, {
    profession: 'chiropractor',
    referrerKind: 'chiropractor',
    hpr: CHIRO_HPR,
    grants: [{ role: 'referrer', organizationId: clinic }],
  });
  chiroPersonId = c.personId;
  const r1 = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  const r2 = await createUser(db, { grants: [{ role: 'radiologist', organizationId: otherDept }] });
  patient = await createPatient(db, { birthDate: '1970-03-10', sex: 'M' });
  gp = await login(t.app, u1.username, u1.password);
  gp2 = await login(t.app, u2.username, u2.password);
  chiro = await login(t.app, c.username, c.password);
  radiologist = await login(t.app, r1.username, r1.password);
  otherRadiologist = await login(t.app, r2.username, r2.password);
  // The referrers identify the patient by fødselsnummer first, as the form does (access gate: 'identified').
  for (const s of [gp, chiro]) expect((await as(t.app, s)({ url: `/api/patients?fnr=${patient.fnr}` })).statusCode).toBe(200);
  await db
    .insertInto('api_client')
    .values({ id: 'client-chiro', name: 'Klinikksystem', organization_id: clinic, token_hash: hashToken(TOKEN), scopes: ['fhir.write'] })
    .execute();
});
afterAll(() => t.close());

const KNEE_UNA = 'Gradvis økende smerter i høyre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg.';
const BACK_EARLY = 'Korsryggsmerter i 2 uker. Ingen røde flagg.';

describe('advice while writing', () => {
  it('takes the patient by id (access logged), the clinical question and urgency, and names what is still missing', async () => {
    const before = await count('access_log');
    const res = await as(
      t.app,
      gp,
    )({
      method: 'POST',
      url: '/api/referrals/advice',
      payload: { draftId: 'a-1', examCode: 'SNG0AG', patientId: patient.id, clinicalQuestion: 'Menisk?', text: 'Vondt i kneet.', urgency: 'routine' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.advice).toMatchObject({ topicId: 'kne', rating: 'needs_information' });
    expect(body.missingFacts.map((m: { id: string }) => m.id)).toContain('trauma');
    expect(body.missingFacts[0].question.nb).toBeTruthy();
    expect(body.analysedText).toBe('Menisk?. Vondt i kneet.');
    const log = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await count('access_log')).toBe(before + 1);
    expect(log).toMatchObject({ patient_id: patient.id, resource_type: 'Patient', action: 'read', context: 'referral-advice', user_id: gp.me.userId });
  });

  it('stores a new advice event only when the outcome for the draft changes', async () => {
    const call = (payload: object) =>
      as(
        t.app,
        gp,
      )({ method: 'POST', url: '/api/referrals/advice', payload: { draftId: 'a-2', examCode: 'SNG0AG', patient: { ageYears: 55, sex: 'F' }, ...payload } });
    const before = await count('advice_event');
    await call({ text: 'Vondt i kneet.' });
    await call({ text: 'Vondt i kneet, mest ved gange.' }); // same outcome: needs information, same missing facts
    await call({ text: KNEE_UNA });
    await call({ text: `${KNEE_UNA} Smertene er verst i trapper.` });
    expect(await count('advice_event')).toBe(before + 2);
    const rows = await t.db.kysely.selectFrom('advice_event').selectAll().where('draft_id', '=', 'a-2').orderBy('id').execute();
    expect(rows.map((r) => r.rating)).toEqual(['needs_information', 'usually_not_appropriate']);
    expect(rows[0]).toMatchObject({ source: 'app', user_id: gp.me.userId, topic_id: 'kne', topic_version: KNEE_VERSION, exam_code: 'SNG0AG' });
    expect(rows[0].missing_facts).toEqual(expect.arrayContaining(['trauma']));
    expect(rows[1].facts).toMatchObject({ trauma: false, prior_xray: false });
  });

  it("answers the form's questions with what follows from the note: a motor deficit is a red flag, so the red-flag question is not left unstated (ux27)", async () => {
    const call = (payload: object) =>
      as(
        t.app,
        gp,
      )({
        method: 'POST',
        url: '/api/referrals/advice',
        payload: {
          examCode: 'SNA0GG',
          patient: { ageYears: 45, sex: 'M' },
          text: 'Smerter i korsrygg med utstråling til venstre ben i 3 uker. Nedsatt kraft ved dorsalfleksjon venstre fot.',
          ...payload,
        },
      });
    const res = await call({});
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.questions.map((q: { id: string }) => q.id)).toContain('red_flags');
    // Read from the note, and what the advice reads into it (the topic's red flags): both in `facts`.
    expect(body.facts).toMatchObject({ neuro_deficit: true, red_flags: true, radiating_pain: true, symptom_duration_weeks: 3 });
    // Every fact named is a catalogue fact (no age, sex or internals), and the referrer's own answer still wins.
    expect(Object.keys(body.facts).every((k) => !['age', 'sex'].includes(k))).toBe(true);
    expect((await call({ facts: { neuro_deficit: false } })).json().facts).toMatchObject({ neuro_deficit: false });
  });

  it('needs a patient id or age and sex, and rejects unknown fields', async () => {
    expect((await as(t.app, gp)({ method: 'POST', url: '/api/referrals/advice', payload: { examCode: 'SNG0AG' } })).statusCode).toBe(400);
    expect(
      (await as(t.app, gp)({ method: 'POST', url: '/api/referrals/advice', payload: { examCode: 'SNG0AG', patient: { ageYears: 50, sex: 'F' }, hack: 1 } }))
        .statusCode,
    ).toBe(400);
    expect((await as(t.app, gp)({ method: 'POST', url: '/api/referrals/advice', payload: { examCode: 'SNG0AG', patientId: 'nobody' } })).statusCode).toBe(404);
  });
});

describe('decisions on the advice', () => {
  const body = (extra: object) => ({ clinicalQuestion: 'Prolaps?', urgency: 'routine', patientId: patient.id, departmentId: dept, ...extra });

  it('withdraws the referral when the referrer accepts watchful waiting, and keeps the decision', async () => {
    const before = await counts();
    const res = await as(
      t.app,
      gp,
    )({
      method: 'POST',
      url: '/api/referrals',
      payload: body({ examCode: 'SNA0GG', text: BACK_EARLY, draftId: 'w-1', decision: { kind: 'accept_alternative' } }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: null, withdrawn: true, decision: 'withdrawn', alternative: { kind: 'watchful_waiting', weeks: 6 } });
    const after = await counts();
    expect(after.referral).toBe(before.referral);
    expect(after.decision).toBe(before.decision + 1);
    const d = await t.db.kysely.selectFrom('referral_decision').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      referral_id: null,
      decision: 'withdrawn',
      reason_code: 'watchful_waiting',
      topic_id: 'korsrygg',
      rating: 'usually_not_appropriate',
      draft_id: 'w-1',
      patient_id: patient.id,
      exam_code: 'SNA0GG',
      user_id: gp.me.userId,
    });
    const log = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ patient_id: patient.id, context: 'referral-withdrawn' });
  });

  it('stores the override with reason, who, when and topic version for analytics', async () => {
    const res = await as(
      t.app,
      gp,
    )({
      method: 'POST',
      url: '/api/referrals',
      payload: body({
        examCode: 'SNA0GG',
        text: BACK_EARLY,
        decision: { kind: 'override', reasonCode: 'patient-preference', reasonText: 'Pasienten ønsker avklaring' },
        contraindications: { pacemaker: true, egfr: 55 },
      }),
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const d = await t.db.kysely.selectFrom('referral_decision').selectAll().where('referral_id', '=', id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      decision: 'overridden',
      reason_code: 'patient-preference',
      reason_text: 'Pasienten ønsker avklaring',
      topic_id: 'korsrygg',
      topic_version: expect.any(String),
      user_id: gp.me.userId,
    });
    expect(d.at).toBeTruthy();
    const r = await t.db.kysely.selectFrom('referral').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      status: 'submitted',
      urgency: 'routine',
      clinical_question: 'Prolaps?',
      clinical_note: BACK_EARLY,
      low_value: true,
      contraindications: { pacemaker: true, egfr: 55 },
    });
    const ev = await t.db.kysely.selectFrom('advice_event').selectAll().where('referral_id', '=', id).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ source: 'app', rating: 'usually_not_appropriate' });
  });

  it('refuses a chiropractor an exam outside the referral rights even when no topic covers it, storing nothing', async () => {
    const before = await counts();
    const res = await as(
      t.app,
      chiro,
    )({ method: 'POST', url: '/api/referrals', payload: body({ examCode: 'SJX0AK', clinicalQuestion: 'Gallestein?', text: 'Smerter under høyre kostebue.' }) });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/henvisningsrett/);
    // Nothing stored but the access-log row of the patient read the advice needed (access gate).
    expect(await counts()).toEqual({ ...before, log: before.log + 1 });
  });

  it('offers the override reasons with Norwegian labels', async () => {
    const c = (await as(t.app, gp)({ url: '/api/referrals/catalog' })).json();
    expect(c.overrideReasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['patient-specific', 'clinical-judgement', 'alternative-tried', 'patient-preference']),
    );
    for (const r of c.overrideReasons) expect(r.display.nb).toBeTruthy();
  });
});

describe('who sees a referral', () => {
  let id: string;
  beforeAll(async () => {
    const res = await as(
      t.app,
      gp,
    )({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        patientId: patient.id,
        departmentId: dept,
        examCode: 'SNA0GG',
        clinicalQuestion: 'Cauda equina?',
        text: 'Akutt urinretensjon og nedsatt sensibilitet i setet.',
        urgency: 'emergency',
      },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('lists my own referrals only', async () => {
    const mine = (await as(t.app, gp)({ url: '/api/referrals?mine=1' })).json();
    expect(mine.map((r: { id: string }) => r.id)).toContain(id);
    const theirs = (await as(t.app, gp2)({ url: '/api/referrals?mine=1' })).json();
    expect(theirs.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('shows the referral to the referrer and the receiving department (access logged), not to others', async () => {
    const before = await count('access_log');
    const own = await as(t.app, gp)({ url: `/api/referrals/${id}` });
    expect(own.statusCode).toBe(200);
    const rad = await as(t.app, radiologist)({ url: `/api/referrals/${id}` });
    expect(rad.statusCode).toBe(200);
    expect(rad.json()).toMatchObject({ exam_code: 'SNA0GG', urgency: 'emergency' });
    expect(await count('access_log')).toBe(before + 2);
    expect((await as(t.app, gp2)({ url: `/api/referrals/${id}` })).statusCode).toBe(403);
    expect((await as(t.app, otherRadiologist)({ url: `/api/referrals/${id}` })).statusCode).toBe(403);
    // Refused attempts are logged too (access gate).
    expect(await count('access_log')).toBe(before + 4);
    const refused = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason'])
      .where('resource_id', '=', id)
      .where('outcome', '=', 'refused')
      .execute();
    expect(refused).toEqual([
      { outcome: 'refused', reason: 'no-work-need' },
      { outcome: 'refused', reason: 'no-work-need' },
    ]);
  });

  it('keeps each department inbox to its own subtree', async () => {
    const inbox = (await as(t.app, radiologist)({ url: `/api/assessment/inbox?department=${dept}` })).json();
    const row = inbox.rows.find((r: { id: string }) => r.id === id);
    // An emergency referral (øyeblikkelig hjelp) is due the day it is received (assessment/deadline.ts).
    expect(row).toMatchObject({
      patientName: expect.any(String),
      patientAge: expect.any(Number),
      examName: 'MR lumbosakralcolumna',
      urgency: 'emergency',
      rating: 'appropriate',
      workingDaysLeft: 0,
      deadlineState: 'due_soon',
    });
    expect(row.submittedAt).toBeTruthy();
    expect((await as(t.app, otherRadiologist)({ url: '/api/assessment/inbox' })).json().rows.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await as(t.app, otherRadiologist)({ url: `/api/assessment/inbox?department=${dept}` })).statusCode).toBe(403);
    expect((await as(t.app, gp)({ url: '/api/assessment/inbox' })).statusCode).toBe(403);
  });
});

const order = (id: string, code: object, note = 'x') => ({
  resource: { resourceType: 'ServiceRequest', id, status: 'draft', intent: 'order', code, note: [{ text: note }] },
});
const cds = (entries: object[], extra: object = {}, hook = 'order-sign') => ({
  hook,
  hookInstance: crypto.randomUUID(),
  context: { userId: 'Practitioner/ukjent', patientId: 'p1', draftOrders: { resourceType: 'Bundle', entry: entries } },
  // The user as discovery asks for it: a physician (HPR category LE) the directory does not know.
  prefetch: {
    patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'male' },
    user: { resourceType: 'Practitioner', id: 'ukjent', qualification: [{ code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9060', code: 'LE' }] } }] },
  },
  ...extra,
});
const post = (service: string, payload: unknown) => cdsInject({ method: 'POST', url: `/cds-services/${service}`, payload: payload as object });

describe('CDS Hooks details', () => {
  it('gives one card per covered draft order, and for order-select only the selected ones', async () => {
    const two = [
      order('a', { coding: [{ system: NCRP, code: 'SNG0AG' }] }, KNEE_UNA),
      order('b', { coding: [{ system: NCRP, code: 'SNA0GG' }] }, BACK_EARLY),
      order('c', { text: 'UL abdomen' }),
    ];
    const sign = await post('radvis-imaging-order-sign', cds(two));
    expect(sign.json().cards.map((c: { extension: { radvis: { topic: string } } }) => c.extension.radvis.topic)).toEqual(['kne', 'korsrygg']);
    const select = await post('radvis-imaging-order-select', cds(two, { context: { ...cds(two).context, selections: ['ServiceRequest/b'] } }, 'order-select'));
    expect(select.json().cards).toHaveLength(1);
    expect(select.json().cards[0].extension.radvis.topic).toBe('korsrygg');
  });

  it('suggests removing the order for watchful waiting, with resourceId as a relative reference', async () => {
    const res = await post('radvis-imaging-order-sign', cds([order('b', { coding: [{ system: NCRP, code: 'SNA0GG' }] }, BACK_EARLY)]));
    const card = res.json().cards[0];
    expect(card.indicator).toBe('warning');
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.suggestions[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(card.suggestions[0].actions[0]).toEqual({ type: 'delete', description: expect.any(String), resourceId: 'ServiceRequest/b' });
    expect(card.overrideReasons.every((o: { display: string; code: string; system: string }) => o.display && o.code && o.system)).toBe(true);
    expect(card.links[0]).toMatchObject({ type: 'absolute', url: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/henvisningsrad\/korsrygg$/) });
  });

  it("accepts HL7 Norway's canonical NCRP URL and free-text exam names", async () => {
    const canonical = await post(
      'radvis-imaging-order-sign',
      cds([order('a', { coding: [{ system: 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270-ncrp', code: 'SNG0AG' }] }, KNEE_UNA)]),
    );
    expect(canonical.json().cards[0].extension.radvis.rating).toBe('usually_not_appropriate');
    const text = await post('radvis-imaging-order-sign', cds([order('a', { text: 'MR av venstre kne' }, KNEE_UNA)]));
    expect(text.json().cards[0].extension.radvis.topic).toBe('kne');
    const unsure = await post('radvis-imaging-order-sign', cds([order('a', { text: 'MR' }, KNEE_UNA)]));
    expect(unsure.json()).toEqual({ cards: [] });
  });

  it('gives a critical card when the user is a chiropractor outside the referral rights', async () => {
    const res = await post(
      'radvis-imaging-order-sign',
      cds([order('a', { coding: [{ system: NCRP, code: 'SAA0AD' }] }, 'Hodepine.')], {
        context: {
          ...cds([]).context,
          userId: `Practitioner/${chiroPersonId}`,
          draftOrders: { resourceType: 'Bundle', entry: [order('a', { coding: [{ system: NCRP, code: 'SAA0AD' }] }, 'Hodepine.')] },
        },
      }),
    );
    expect(res.json().cards[0]).toMatchObject({ indicator: 'critical', extension: { radvis: { rating: 'not_allowed' } } });
    const byHpr = await post(
      'radvis-imaging-order-sign',
      cds([], {
        context: {
          ...cds([]).context,
          userId: `Practitioner/${CHIRO_HPR}`,
          draftOrders: { resourceType: 'Bundle', entry: [order('a', { coding: [{ system: NCRP, code: 'SJX0AK' }] })] },
        },
      }),
    );
    expect(byHpr.json().cards[0].indicator).toBe('critical');
  });

  it('needs no patient for exams no topic covers, but answers 412 when a covered one has none', async () => {
    await settle();
    const before = await counts();
    const uncovered = await post('radvis-imaging-order-sign', {
      ...cds([order('a', { coding: [{ system: NCRP, code: 'SJX0AK' }] })]),
      prefetch: { user: cds([]).prefetch.user },
    });
    expect(uncovered.statusCode).toBe(200);
    expect(uncovered.json()).toEqual({ cards: [] });
    const outcome = await post('radvis-imaging-order-sign', {
      ...cds([order('a', { coding: [{ system: NCRP, code: 'SNG0AG' }] })]),
      prefetch: { patient: { resourceType: 'OperationOutcome' } },
    });
    expect(outcome.statusCode).toBe(412);
    expect(outcome.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(outcome.json().resourceType).toBe('OperationOutcome');
    const wrongHook = await post('radvis-imaging-order-sign', cds([], {}, 'order-select'));
    expect(wrongHook.statusCode).toBe(400);
    const tokenWithoutServer = await post('radvis-imaging-order-sign', cds([], { fhirAuthorization: { access_token: 'x', token_type: 'Bearer' } }));
    expect(tokenWithoutServer.statusCode).toBe(400);
    await settle();
    expect(await counts()).toEqual(before);
  });

  it('validates feedback as CDS Hooks 2.0 asks, storing nothing on error', async () => {
    const before = await count('cds_feedback');
    const now = new Date().toISOString();
    const noSuggestion = await post('radvis-imaging-order-sign/feedback', {
      feedback: [{ card: crypto.randomUUID(), outcome: 'accepted', outcomeTimestamp: now }],
    });
    expect(noSuggestion.statusCode).toBe(400);
    expect(noSuggestion.json().resourceType).toBe('OperationOutcome');
    expect((await post('nope/feedback', { feedback: [{ card: 'x', outcome: 'overridden', outcomeTimestamp: now }] })).statusCode).toBe(404);
    expect((await post('radvis-imaging-order-sign/feedback', { feedback: [{ card: 'x', outcome: 'maybe', outcomeTimestamp: now }] })).statusCode).toBe(400);
    expect(await count('cds_feedback')).toBe(before);
    // A card this service issued, with the suggestion it offered (CDS Hooks 2.0 §Feedback; recordCdsFeedback).
    const card = (await post('radvis-imaging-order-sign', cds([order('b', { coding: [{ system: NCRP, code: 'SNA0GG' }] }, BACK_EARLY)]))).json().cards[0];
    const ok = await post('radvis-imaging-order-sign/feedback', {
      feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0].uuid }], outcomeTimestamp: now }],
    });
    expect(ok.statusCode).toBe(200);
    const row = await t.db.kysely.selectFrom('cds_feedback').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ service_id: 'radvis-imaging-order-sign', outcome: 'accepted' });
  });
});

describe('bodies that are too large or not JSON', () => {
  it('answers 413 and 400 as problem+json on the app API and as OperationOutcome on CDS Hooks, storing nothing', async () => {
    await settle();
    const before = await counts();
    const big = 'x'.repeat(1_100_000);
    const api413 = await as(
      t.app,
      gp,
    )({ method: 'POST', url: '/api/referrals/advice', payload: { examCode: 'SNG0AG', patient: { ageYears: 50, sex: 'F' }, text: big } });
    expect(api413.statusCode).toBe(413);
    expect(api413.headers['content-type']).toMatch(/application\/problem\+json/);
    const cds413 = await post('radvis-imaging-order-sign', cds([order('a', { coding: [{ system: NCRP, code: 'SNG0AG' }] }, big)]));
    expect(cds413.statusCode).toBe(413);
    expect(cds413.json().resourceType).toBe('OperationOutcome');
    const apiBad = await t.app.inject({
      method: 'POST',
      url: '/api/referrals',
      headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/json' },
      payload: '{"patientId": ',
    });
    expect(apiBad.statusCode).toBe(400);
    expect(apiBad.headers['content-type']).toMatch(/application\/problem\+json/);
    const fb = await cdsInject({
      method: 'POST',
      url: '/cds-services/radvis-imaging-order-sign/feedback',
      headers: { 'content-type': 'application/json' },
      payload: '{"feedback": [',
    });
    expect(fb.statusCode).toBe(400);
    expect(fb.json().resourceType).toBe('OperationOutcome');
    await settle();
    expect(await counts()).toEqual(before);
  });
});

describe('FHIR writes', () => {
  const sr = (identifier: string, hpr: string, code = 'SNA0GG') => ({
    resourceType: 'ServiceRequest',
    identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: NCRP, code }] },
    subject: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: patient.fnr } },
    requester: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: hpr } },
    performer: [{ reference: `Organization/${dept}` }],
    note: [{ text: 'Utstrålende smerter til venstre ben i 8 uker tross fysioterapi. Ingen røde flagg. Vurderes for operasjon.' }],
  });
  const cookie = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/fhir+json' });

  it('lets a logged-in referrer send in their own name only', async () => {
    const own = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: cookie(gp),
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, GP_HPR)),
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().requester.identifier.value).toBe(GP_HPR);
    const before = await counts();
    const other = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: cookie(gp),
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, GP2_HPR)),
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().resourceType).toBe('OperationOutcome');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: { cookie: gp.cookie, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, GP_HPR)),
    });
    expect(noCsrf.statusCode).toBe(403);
    // Nothing stored but the refused attempt in the access log.
    expect(await counts()).toEqual({ ...before, log: before.log + 1 });
    const refused = await t.db.kysely.selectFrom('access_log').select(['outcome', 'reason', 'action']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(refused).toEqual({ outcome: 'refused', reason: 'not-own-name', action: 'create' });
  });

  it('holds system clients to referral rights and logs their writes as the system', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/fhir+json' };
    const before = await counts();
    const ct = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: auth,
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, CHIRO_HPR, 'SAA0AD')),
    });
    expect(ct.statusCode).toBe(422);
    expect(ct.json().issue[0].diagnostics).toMatch(/referral rights|henvisningsrett/i);
    expect(await counts()).toEqual(before);
    const mr = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: auth,
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, CHIRO_HPR)),
    });
    expect(mr.statusCode).toBe(201);
    const log = await t.db.kysely.selectFrom('access_log').selectAll().where('resource_id', '=', mr.json().id).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ user_id: null, actor_name: 'system:Klinikksystem', action: 'create', context: 'fhir-create' });
    // Its token has no read scope.
    expect((await t.app.inject({ url: `/fhir/ServiceRequest/${mr.json().id}`, headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(403);
  });

  it('creates one referral when the same identifier arrives twice at once', async () => {
    const auth = { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/fhir+json' };
    const ident = `urn:uuid:${crypto.randomUUID()}`;
    const before = await count('referral');
    const [a, b] = await Promise.all(
      [0, 1].map(() => t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', headers: auth, payload: JSON.stringify(sr(ident, GP_HPR)) })),
    );
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await count('referral')).toBe(before + 1);
    // If-None-Exist naming the same identifier finds it too.
    const again = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: { ...auth, 'if-none-exist': `identifier=urn:ietf:rfc:3986|${ident}` },
      payload: JSON.stringify(sr(`urn:uuid:${crypto.randomUUID()}`, GP_HPR)),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(a.json().id);
    expect(await count('referral')).toBe(before + 1);
  });
});
