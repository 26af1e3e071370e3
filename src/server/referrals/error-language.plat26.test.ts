// plat26 (issue 7 point 7: user text in bokmål and English): the refusals of referrals, task
// sharing and administration that were Norwegian only now carry English too, "bokmål / English"
// as the assessment and booking domains write them — the detail and each field message — so an
// English user is told in English what to fix (the web shows the part in the user's language).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createExamCode, createOrganization, createPatient, createUser } from '../testing/factories.ts';

let t: TestContext;
let gp: Session;
let admin: Session;
let leader: Session;
let patientId: string;
let dept: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const g = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  gp = await login(t.app, g.username, g.password);
  const a = await createUser(db, { username: 'plat26.admin', grants: [{ role: 'admin', organizationId: hf }] });
  admin = await login(t.app, a.username, a.password);
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: hf }] });
  leader = await login(t.app, l.username, l.password);
  patientId = (await createPatient(db, { gpPersonId: g.personId })).id;
  await createExamCode(db, 'SNG0AG');
});
afterAll(() => t?.close());

const NORWEGIAN = /[æøåÆØÅ«»]|\b(må|Du|ikke|Fant|Ukjent|bruk|egen|henviser|pasienten)\b/;
/** A request as `s` from an English user (Accept-Language: en), like `as` otherwise. */
const en = (s: Session) => (opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; payload?: unknown }) =>
  t.app.inject({
    method: opts.method ?? 'GET',
    url: opts.url,
    payload: opts.payload as never,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en' },
  });

/** The problem's detail and every field message have an English part (alone or after " / "). */
function expectEnglish(body: { detail: string; errors?: { message: string }[] }) {
  for (const text of [body.detail, ...(body.errors ?? []).map((e) => e.message)]) {
    expect(
      text.split(' / ').some((part) => part.trim() !== '' && !NORWEGIAN.test(part)),
      text,
    ).toBe(true);
  }
}

describe('refusals an English user can get, in English too', () => {
  it('referrals: an unknown exam code, an unknown fact, an unknown patient, a user who is not a referrer', async () => {
    const base = { patientId, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Menisk?', urgency: 'routine' };
    for (const [who, payload, status] of [
      [gp, { ...base, examCode: 'XXX0AA' }, 400],
      [gp, { ...base, facts: { no_such_fact: true } }, 400],
      [gp, { ...base, patientId: 'patient-none' }, 404],
      [leader, base, 403],
    ] as const) {
      const res = await en(who)({ method: 'POST', url: '/api/referrals', payload });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
      expectEnglish(res.json());
    }
  });

  it('administration: a short password, a taken username, an organization outside the area, oneself deactivated', async () => {
    const user = {
      username: 'plat26.ny',
      password: 'et-langt-passord',
      givenName: 'Nina',
      familyName: 'Nyansatt',
      profession: 'physician',
      grants: [{ role: 'radiologist', organizationId: dept }],
    };
    const post = (payload: object) => en(admin)({ method: 'POST', url: '/api/admin/users', payload });
    const short = await post({ ...user, password: 'kort-pass' });
    expect(short.statusCode).toBe(400);
    expectEnglish(short.json());
    expect((await post(user)).statusCode).toBe(201);
    const taken = await post(user);
    expect(taken.statusCode).toBe(409);
    expectEnglish(taken.json());
    const outside = await post({ ...user, username: 'plat26.ute', grants: [{ role: 'radiologist', organizationId: 'org-elsewhere' }] });
    expect(outside.statusCode).toBe(403);
    expectEnglish(outside.json());
    const me = (await as(t.app, admin)({ url: '/api/auth/me' })).json<{ userId: string }>();
    const self = await en(admin)({ method: 'PATCH', url: `/api/admin/users/${me.userId}`, payload: { active: false } });
    expect(self.statusCode).toBe(400);
    expectEnglish(self.json());
  });

  it('task sharing: a report for a department one has no access to', async () => {
    const res = await en(leader)({ url: `/api/task-sharing/report?departmentId=org-elsewhere` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(403);
    expectEnglish(res.json());
  });
});
