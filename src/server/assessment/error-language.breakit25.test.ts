// breakit25 (outside tester): "UI text: Norwegian bokmål and English, both" (common rules; issue 7
// point 7: "errors carry a stable code, with the user text from the i18n files"). The assessment
// actions' refusals are written in Norwegian only (assessment/actions.ts: 'Fristen for
// undersøkelsen må være fra i dag og innen to år', 'Skriv hvorfor henvisningen returneres', field
// message 'påkrevd for «annet»', …). The web client shows a problem's `detail` (web/app/api.ts), so
// a radiologist who chose English — profile locale `en` and Accept-Language: en — is told in
// Norwegian what to fix; on the demo the title came in English and the detail in Norwegian.
// Expected: the detail in the caller's language (as other domains do: the i18n text, or "nb / en").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';

let t: TestContext;
let rad: Session;
let referralId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const site = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: site });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  const r = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  rad = await login(t.app, r.username, r.password);
  const patient = await createPatient(db);
  referralId = await createReferral(db, { patientId: patient.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept });
  expect((await as(t.app, rad)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
});
afterAll(() => t?.close());

const NORWEGIAN = /[æøåÆØÅ«»]|\b(må|være|Skriv|hvorfor|påkrevd|henvisningen|Ukjent)\b/;

describe('breakit25: an English-speaking assessor is told what to fix in English', () => {
  it.each([
    ['accept with an exam due date in the past', 'accept', { priorityCategory: 'within_days', examDueDate: '2019-01-01' }],
    ['accept with an unknown priority', 'accept', { priorityCategory: 'no_such_priority', examDueDate: new Date().toISOString().slice(0, 10) }],
    ['return with reason "other" and no text', 'return', { reason: 'other' }],
  ])('%s → 400 with an English detail', async (_label, action, body) => {
    const view = await as(t.app, rad)({ url: `/api/assessment/referrals/${referralId}` });
    expect(view.statusCode, view.body.slice(0, 200)).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/assessment/referrals/${referralId}/${action}`,
      headers: { cookie: rad.cookie, 'x-csrf-token': rad.csrf, 'accept-language': 'en' },
      payload: { version: view.json<{ version: number }>().version, ...body },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    const p = res.json<{ title: string; detail: string; errors?: { message: string }[] }>();
    expect(p.title).not.toMatch(NORWEGIAN);
    // An English text, alone or beside the Norwegian one ("nb / en", as other domains write it).
    expect(
      p.detail.split(' / ').some((part) => !NORWEGIAN.test(part)),
      p.detail,
    ).toBe(true);
  });
});
