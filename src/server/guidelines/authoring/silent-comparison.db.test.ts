// Silent mode before and after (issue 11 item 6) on the real app and database: referrals sent
// through the referral form while the knee topic is silent are the baseline; after it goes live,
// the referrers' decisions on the shown advice change what is sent, and the comparison says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../directory/reference-data.ts';
import { createOrganization, createPatient, createUser } from '../../testing/factories.ts';
import { as, createTestContext, login, type TestContext } from '../../testing/harness.ts';
import { GuidelineCatalogue } from '../catalogue.ts';

let t: TestContext;
let editor: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
let send: (o: { text?: string; facts?: Record<string, unknown>; decision?: object }) => Promise<number>;

beforeAll(async () => {
  t = await createTestContext({}, { guidelines: GuidelineCatalogue.fromContent() });
  const db = t.db.kysely;
  await loadReferenceData(db);
  const network = await createOrganization(db, { kind: 'network', name: 'Fagnettverk radiologi' });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling' });
  const e = await createUser(db, { grants: [{ role: 'network_editor', organizationId: network }] });
  const g = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  editor = as(t.app, await login(t.app, e.username, e.password));
  gp = as(t.app, await login(t.app, g.username, g.password));
  const patient = await createPatient(db, { birthDate: '1968-04-02', sex: 'F' });
  expect((await gp({ url: `/api/patients?fnr=${patient.fnr}` })).statusCode).toBe(200);
  send = async (o) => {
    const res = await gp({
      method: 'POST',
      url: '/api/referrals',
      payload: { patientId: patient.id, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Artrose? Menisk?', urgency: 'routine', ...o },
    });
    return res.statusCode;
  };
});
afterAll(async () => t?.close());

/** Rated "usually not appropriate" (MR before X-ray; the alternative is knee X-ray). */
const DEGENERATIVE = { text: 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg.' };
/** Rated "appropriate". */
const LOCKING = { facts: { trauma: true, knee_locking: true } };
const comparison = async () => {
  const res = await editor({ url: '/api/authoring/topics/kne/silent-comparison' });
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('silent mode: before and after', () => {
  it('a topic never silent has nothing to compare; unknown topics are 404 and referrers may not read it', async () => {
    expect(await comparison()).toEqual({ topicId: 'kne', state: 'never', baseline: null, after: null, difference: null });
    expect((await editor({ url: '/api/authoring/topics/finnes-ikke/silent-comparison' })).statusCode).toBe(404);
    expect((await gp({ url: '/api/authoring/topics/kne/silent-comparison' })).statusCode).toBe(403);
  });

  it('while silent, what referrers send without seeing the advice is the baseline', async () => {
    expect((await editor({ method: 'PUT', url: '/api/authoring/topics/kne/silent', payload: { silent: true } })).statusCode).toBe(200);
    // Not shown, so not blocked: "usually not appropriate" is sent without a reason.
    expect(await send(DEGENERATIVE)).toBe(201);
    expect(await send(DEGENERATIVE)).toBe(201);
    expect(await send(LOCKING)).toBe(201);
    const c = await comparison();
    expect(c.state).toBe('silent');
    expect(c.baseline).toMatchObject({ sent: 3, byRating: { usually_not_appropriate: 2, appropriate: 1 }, to: null, decisions: {} });
    expect(c.baseline.lowValue).toMatchObject({ k: 2, n: 3 });
    expect(c.after).toBeNull();
    expect(c.difference).toBeNull();
  });

  it('after going live, the shown advice changes what is sent, and the difference has its interval', async () => {
    expect((await editor({ method: 'PUT', url: '/api/authoring/topics/kne/silent', payload: { silent: false } })).statusCode).toBe(200);
    // Shown now: sent only with a reason, or changed to the suggested knee X-ray (another topic's exam).
    expect(await send(DEGENERATIVE)).toBe(422);
    expect(await send({ ...DEGENERATIVE, decision: { kind: 'override', reasonCode: 'clinical-judgement', reasonText: 'Mistenker osteonekrose' } })).toBe(201);
    expect(await send({ ...DEGENERATIVE, decision: { kind: 'accept_alternative' } })).toBe(201);
    expect(await send(LOCKING)).toBe(201);
    const c = await comparison();
    expect(c.state).toBe('live');
    // The baseline is closed and keeps its three referrals.
    expect(c.baseline).toMatchObject({ sent: 3 });
    expect(c.baseline.to).toBe(c.after.from);
    expect(c.after).toMatchObject({
      sent: 2,
      byRating: { usually_not_appropriate: 1, appropriate: 1 },
      to: null,
      decisions: { overridden: 1, alternative_accepted: 1, followed: 1 },
    });
    expect(c.difference.difference).toBeCloseTo(1 / 2 - 2 / 3, 10);
    expect(c.difference.lower).toBeLessThan(c.difference.difference);
    expect(c.difference.upper).toBeGreaterThan(c.difference.difference);
  });
});
