// FHIR R4 DiagnosticReport search pages the way every Radvis FHIR search does (issue 7;
// interop/fhir/paging.ts; R4 search.html#count, #offset, #total and http.html#paging): an exact
// Bundle.total under the access gate, self/first/previous/next links that keep the search and
// reach every match once in both directions, _count clipped to 100, bad paging values → 400
// OperationOutcome.
import type { Bundle, DiagnosticReport } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COUNT, MAX_OFFSET } from '../interop/fhir/paging.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';

let ctx: TestContext;
let referrer: Session;
let patientId: string;
/** Reports the referrer may see (7 of the patient's, 2 of another patient) and 3 the referrer may not. */
const MINE = 7;
const OTHER_PATIENT = 2;
const HIDDEN = 3;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const dept = await createOrganization(db, { kind: 'department', name: 'Røntgen' });
  const gp = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontor' });
  const otherGp = await createOrganization(db, { kind: 'gp_practice', name: 'Annet legekontor' });
  const ref = await createUser(db, { grants: [{ role: 'referrer', organizationId: gp }] });
  const otherRef = await createUser(db, { grants: [{ role: 'referrer', organizationId: otherGp }] });
  const rad = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  const patient = await createPatient(db);
  const second = await createPatient(db);
  patientId = patient.id;
  let n = 0;
  const report = async (pid: string, referrerPersonId: string, referrerOrgId: string) => {
    n++;
    const referralId = await createReferral(db, { patientId: pid, referrerPersonId, referrerOrgId, departmentOrgId: dept });
    const examId = `exam-page-${n}`;
    await db
      .insertInto('exam')
      .values({
        id: examId,
        referral_id: referralId,
        exam_code: 'SNG0AG',
        modality_id: null,
        performing_org_id: dept,
        patient_area_id: null,
        // Distinct times so the order (newest exam first) is total.
        performed_at: new Date(Date.UTC(2026, 10, 1, 8, n)),
        reported_at: null,
      })
      .execute();
    await db
      .insertInto('report')
      .values({
        id: `rep-page-${n}`,
        exam_id: examId,
        template_id: 'general',
        sections: JSON.stringify({ findings: `Funn ${n}.`, conclusion: `Konklusjon ${n}.` }),
        status: 'final',
        author_person_id: rad.personId,
        author_role: 'radiologist',
        final_at: new Date(Date.UTC(2026, 10, 1, 12, n)),
      })
      .execute();
  };
  for (let i = 0; i < MINE; i++) await report(patient.id, ref.personId, gp);
  for (let i = 0; i < OTHER_PATIENT; i++) await report(second.id, ref.personId, gp);
  for (let i = 0; i < HIDDEN; i++) await report(patient.id, otherRef.personId, otherGp);
  referrer = await login(ctx.app, ref.username, ref.password);
});
afterAll(async () => ctx?.close());

const get = async (url: string) => {
  const res = await as(ctx.app, referrer)({ url });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json() as Bundle<DiagnosticReport>;
};
const rel = (b: Bundle, r: string) => {
  const u = b.link?.find((l) => l.relation === r)?.url;
  return u ? u.slice(u.indexOf('/fhir/')) : undefined;
};
const ids = (b: Bundle<DiagnosticReport>) => (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);

describe('DiagnosticReport search paging (interop/fhir/paging.ts)', () => {
  it('total is exact under the gate; next then previous walk every match once, keeping the search', async () => {
    const all = await get(`/fhir/DiagnosticReport?patient=Patient/${patientId}`);
    expect(all.total).toBe(MINE);
    expect(ids(all)).toHaveLength(MINE);
    expect(rel(all, 'next')).toBeUndefined();

    const forward: string[] = [];
    const pages: Bundle<DiagnosticReport>[] = [];
    let url: string | undefined = `/fhir/DiagnosticReport?patient=Patient/${patientId}&_count=2`;
    while (url) {
      const page = await get(url);
      expect(page.total).toBe(MINE);
      expect(decodeURIComponent(rel(page, 'self')!)).toContain(`patient=Patient/${patientId}`);
      expect(rel(page, 'first')).toBeDefined();
      pages.push(page);
      forward.push(...ids(page));
      url = rel(page, 'next');
      if (url) expect(decodeURIComponent(url)).toContain(`patient=Patient/${patientId}`);
    }
    expect(pages.map((p) => ids(p).length)).toEqual([2, 2, 2, 1]);
    expect(forward).toEqual(ids(all));
    expect(rel(pages[0]!, 'previous')).toBeUndefined();

    const backward: string[] = [];
    let page = pages.at(-1)!;
    backward.unshift(...ids(page));
    for (let prev = rel(page, 'previous'); prev; prev = rel(page, 'previous')) {
      page = await get(prev);
      backward.unshift(...ids(page));
    }
    expect(backward).toEqual(forward);
  });

  it('without a filter the total counts every visible report and nothing hidden', async () => {
    const b = await get('/fhir/DiagnosticReport?_count=4&_offset=4');
    expect(b.total).toBe(MINE + OTHER_PATIENT);
    expect(ids(b)).toHaveLength(4);
    // The previous page starts at the first match: no _offset.
    expect(rel(b, 'previous')).toBeDefined();
    expect(rel(b, 'previous')).not.toContain('_offset');
    // Next and previous links carry a keyset cursor (paging.ts; issue 7: every match reachable at any depth).
    expect(rel(b, 'next')).toContain('_cursor=');
    const last = await get(rel(b, 'next')!);
    expect(ids(last)).toHaveLength(MINE + OTHER_PATIENT - 8);
    expect(rel(last, 'next')).toBeUndefined();
  });

  it('_count above the maximum is clipped to it (and the links say so); _count=0 gives the total only', async () => {
    const big = await get('/fhir/DiagnosticReport?_count=100000');
    expect(decodeURIComponent(rel(big, 'self')!)).toContain(`_count=${MAX_COUNT}`);
    expect(ids(big)).toHaveLength(MINE + OTHER_PATIENT);
    const zero = await get(`/fhir/DiagnosticReport?patient=Patient/${patientId}&_count=0`);
    expect(zero.total).toBe(MINE);
    expect(ids(zero)).toEqual([]);
    expect((zero.link ?? []).map((l) => l.relation).sort()).toEqual(['first', 'self']);
  });

  it('_total=none leaves the total out and keeps paging; an offset past the end is an empty page', async () => {
    const none = await get(`/fhir/DiagnosticReport?patient=Patient/${patientId}&_count=3&_total=none`);
    expect(none.total).toBeUndefined();
    expect(decodeURIComponent(rel(none, 'next')!)).toContain('_total=none');
    const past = await get(`/fhir/DiagnosticReport?patient=Patient/${patientId}&_count=3&_offset=50`);
    expect(ids(past)).toEqual([]);
    expect(past.total).toBe(MINE);
    expect(rel(past, 'next')).toBeUndefined();
    expect(rel(past, 'previous')).toContain('_offset=47');
  });

  it.each(['_count=-1', '_count=abc', '_count=1.5', `_offset=${MAX_OFFSET + 1}`, '_offset=x', '_total=maybe'])(
    '%s → 400 OperationOutcome, never 5xx',
    async (q) => {
      const res = await as(ctx.app, referrer)({ url: `/fhir/DiagnosticReport?${q}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    },
  );
});
