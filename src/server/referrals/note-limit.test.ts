// The one documented note length limit (src/shared/note.ts) at every door that accepts a note —
// the app's advice and referral API and CDS Hooks — and bad text (control characters, emoji,
// mixed scripts, no punctuation) through the real app: advice or a clear 400, nothing stored.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NOTE_CHARS } from '../../shared/note.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { cdsOrderRequest, createTestCdsClient, NCRP_SYSTEM as NCRP, type TestCdsClient } from '../testing/cds-client.ts';

let t: TestContext;
let cdsClient: TestCdsClient;
let gp: Session;
let dept: string;
let patient: { id: string; fnr: string };
const GP_HPR = '5566790';
const KNEE = 'Gradvis økende smerter i høyre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. ';

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n;
/** CDS advice events are stored by group commit (advice-log.ts): wait until everything queued so far is written. */
const settle = () => t.app.adviceLog.flush();
const counts = async () => ({ referral: await count('referral'), advice: await count('advice_event') });

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Førde' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Førde', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjordlegane' });
  cdsClient = await createTestCdsClient(db, { organizationId: practice });
  const u = await createUser(db, { referrerKind: 'gp', hpr: GP_HPR, grants: [{ role: 'referrer', organizationId: practice }] });
  patient = await createPatient(db, { birthDate: '1970-03-10', sex: 'M' });
  gp = await login(t.app, u.username, u.password);
});
afterAll(() => t.close());

/** A note of exactly `length` characters made of the knee note repeated. */
const noteOf = (length: number, unit = KNEE) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const advice = (text: string) =>
  as(t.app, gp)({ method: 'POST', url: '/api/referrals/advice', payload: { examCode: 'SNG0AG', patient: { ageYears: 56, sex: 'F' }, text } });
const submit = (text: string) =>
  as(
    t.app,
    gp,
  )({
    method: 'POST',
    url: '/api/referrals',
    payload: { patientId: patient.id, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Artrose?', text, urgency: 'routine' },
  });
const cds = (note: string) => cdsOrderRequest({ note, userId: 'Practitioner/ukjent' });
const cdsPost = async (payload: object) => {
  const url = '/cds-services/radvis-imaging-order-select';
  return t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await cdsClient.sign(url)}` } });
};

describe(`the note length limit (${MAX_NOTE_CHARS} characters) at every door`, () => {
  it('gives advice on a note at the limit, at the app API and in CDS Hooks', async () => {
    const atLimit = noteOf(MAX_NOTE_CHARS);
    const res = await advice(atLimit);
    expect(res.statusCode).toBe(200);
    expect(res.json().advice.topicId).toBe('kne');
    const card = await cdsPost(cds(atLimit));
    expect(card.statusCode).toBe(200);
    expect(card.json().cards).toHaveLength(1);
  });

  it('refuses a 20,000-character note with a clear 400 everywhere, storing nothing', async () => {
    await settle();
    const before = await counts();
    const long = noteOf(20_000);
    for (const res of [await advice(long), await submit(long)]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.json())).toContain('text');
    }
    const card = await cdsPost(cds(long));
    expect(card.statusCode).toBe(400);
    expect(card.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(card.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(JSON.stringify(card.json())).toContain(String(MAX_NOTE_CHARS));
    // one character over is over, counted in characters (an emoji is one)
    expect((await advice(noteOf(MAX_NOTE_CHARS + 1))).statusCode).toBe(400);
    expect((await cdsPost(cds(noteOf(MAX_NOTE_CHARS + 1)))).statusCode).toBe(400);
    expect((await advice('😀'.repeat(MAX_NOTE_CHARS))).statusCode).toBe(200);
    await settle();
    expect(await counts()).toEqual(before);
  });

  it('refuses a too long note, or one with control characters, in a FHIR ServiceRequest with OperationOutcome 400', async () => {
    const sr = (note: string) => ({
      resourceType: 'ServiceRequest',
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` }],
      status: 'active',
      intent: 'order',
      code: { coding: [{ system: NCRP, code: 'SNG0AG' }] },
      subject: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: patient.fnr } },
      requester: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: GP_HPR } },
      performer: [{ reference: `Organization/${dept}` }],
      note: [{ text: note }],
    });
    const post = (note: string) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/ServiceRequest',
        headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(sr(note)),
      });
    await settle();
    const before = await counts();
    for (const note of [noteOf(20_000), `${KNEE}\u0000`]) {
      const res = await post(note);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    expect(await counts()).toEqual(before);
    expect((await post(noteOf(MAX_NOTE_CHARS))).statusCode).toBe(201);
  });

  it('counts the reason texts and notes of a CDS order together, as the reader reads them', async () => {
    const half = noteOf(MAX_NOTE_CHARS / 2 + 10);
    const body = cds(half);
    const sr = body.context.draftOrders.entry[0].resource as Record<string, unknown>;
    sr.reasonCode = [{ text: half }];
    expect((await cdsPost(body)).statusCode).toBe(400);
  });
});

describe('bad text: advice or a clear 400, in bounded time', () => {
  it('refuses control characters other than tab and line breaks at the app API, storing nothing', async () => {
    const before = await counts();
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f']) {
      const res = await advice(`Vondt kne${c} i 12 uker.`);
      expect(res.statusCode, JSON.stringify(c)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await submit(`Vondt kne${c}.`)).statusCode).toBe(400);
    }
    expect((await advice('Vondt kne\ti 12 uker.\r\nIngen hydrops.')).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('gives CDS Hooks advice on a note with control characters, but refuses NUL at the edge (it would reach SQL)', async () => {
    const res = await cdsPost(cds(`${KNEE}\u0007\u001b`));
    expect(res.statusCode).toBe(200);
    expect(res.json().cards[0].extension.radvis.topic).toBe('kne');
    const nul = await cdsPost(cds(`${KNEE}\u0000`));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().resourceType).toBe('OperationOutcome');
  });

  it('gives advice on emoji, mixed scripts and unpunctuated repetition up to the limit', async () => {
    const notes = [
      `😀🦵 ${KNEE} 👍🏽`.repeat(40),
      `Кне ὕδρωψ 膝 ${KNEE} عرض`.repeat(30),
      'i alle fall hydrops '.repeat(Math.floor(MAX_NOTE_CHARS / 20)),
      'ingen '.repeat(Math.floor(MAX_NOTE_CHARS / 6)),
      '\u{1F600}\uD800x'.repeat(2000), // a lone surrogate among them
    ];
    for (const n of notes) {
      const res = await advice(n);
      expect(res.statusCode, n.slice(0, 40)).toBe(200);
      expect(res.json().advice.topicId).toBe('kne');
      expect((await cdsPost(cds(n))).statusCode).toBe(200);
    }
  });

  it('answers 400, not 500, when a draft order carries its note in the wrong shape', async () => {
    const body = cds('x');
    (body.context.draftOrders.entry[0].resource as Record<string, unknown>).note = 'Vondt kne';
    const res = await cdsPost(body);
    expect(res.statusCode).toBeLessThan(500);
  });
});
