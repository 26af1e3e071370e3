// issue 7: FHIR Patient search with more than 100 matching patients. The directory's candidate
// query stopped at 100 before the access gate, so a search naming 130 readable patients answered
// total 100 and its next links ended after the 100th. Now every candidate is decided (and logged)
// by the gate: Bundle.total is exact and the pages reach every readable match once
// (R4 search.html#total, http.html#paging). An OR-list longer than MAX_SEARCH_VALUES → 400.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEARCH_VALUES } from './fhir.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';

let ctx: TestContext;
let gp: Session;
/**
 * Patients with the caller as their GP (readable), and patients of another GP (refused). Every
 * search here decides (and logs) each candidate, so the CPU grows with READABLE + REFUSED; 110 + 5
 * is past the old cut at 100 both before the gate (115 candidates) and after it (110 readable), and
 * each page still meets refused candidates (was 130 + 25: ~25 % more gate decisions, same checks).
 */
const READABLE = 110;
const REFUSED = 5;
const readable: { id: string; fnr: string }[] = [];
const refused: { id: string; fnr: string }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontor' });
  const other = await createOrganization(db, { kind: 'gp_practice', name: 'Annet legekontor' });
  const me = await createUser(db, { grants: [{ role: 'referrer', organizationId: practice }] });
  const colleague = await createUser(db, { grants: [{ role: 'referrer', organizationId: other }] });
  // Spread over birth dates so the synthetic numbers differ (createPatient finds a free one).
  const birth = (i: number) => `19${String(40 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`;
  for (let i = 0; i < READABLE; i++) readable.push(await createPatient(db, { birthDate: birth(i), gpPersonId: me.personId, sex: i % 2 ? 'M' : 'F' }));
  for (let i = 0; i < REFUSED; i++) refused.push(await createPatient(db, { birthDate: birth(i + 7), gpPersonId: colleague.personId }));
  gp = await login(ctx.app, me.username, me.password);
});
afterAll(async () => ctx?.close());

const get = async (url: string) => {
  const res = await as(ctx.app, gp)({ url });
  expect(res.statusCode, `${url.slice(0, 80)}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json() as Bundle<Patient>;
};
const rel = (b: Bundle, r: string) => {
  const u = b.link?.find((l) => l.relation === r)?.url;
  return u ? u.slice(u.indexOf('/fhir/')) : undefined;
};
const ids = (b: Bundle<Patient>) => (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);

describe('FHIR Patient search with more than 100 matches', () => {
  it(`identifier naming ${READABLE + REFUSED} patients (${READABLE} readable): total ${READABLE}, and next links reach all ${READABLE} once`, async () => {
    const all = [...readable, ...refused].map((p) => p.fnr);
    // Shuffle so the order of the list does not decide what is found.
    // 37 is prime to READABLE + REFUSED (115), so this is a permutation.
    const shuffled = all.map((f, i) => all[(i * 37) % all.length]!);
    expect(new Set(shuffled).size).toBe(READABLE + REFUSED);
    const list = shuffled.join(',');
    const first = await get(`/fhir/Patient?identifier=${list}&_count=50`);
    expect(first.total).toBe(READABLE);
    const seen: string[] = [...ids(first)];
    const sizes = [ids(first).length];
    for (let url = rel(first, 'next'), page: Bundle<Patient>; url; url = rel(page, 'next')) {
      page = await get(url);
      expect(page.total).toBe(READABLE);
      sizes.push(ids(page).length);
      seen.push(...ids(page));
    }
    expect(sizes).toEqual([50, 50, READABLE - 100]);
    expect(new Set(seen).size).toBe(READABLE);
    expect([...seen].sort()).toEqual(readable.map((p) => p.id).sort());
  });

  it(`the default page size walks the same ${READABLE}, and every refused candidate is logged as refused`, async () => {
    const before = await ctx.db.kysely
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('context', '=', 'fhir-patient-search')
      .where('outcome', '=', 'refused')
      .executeTakeFirstOrThrow();
    const list = [...refused, ...readable].map((p) => p.fnr).join(',');
    const seen: string[] = [];
    let pages = 0;
    for (let url: string | undefined = `/fhir/Patient?identifier=${list}`; url; pages++) {
      const page = await get(url);
      expect(page.total).toBe(READABLE);
      seen.push(...ids(page));
      url = rel(page, 'next');
    }
    expect(pages).toBe(Math.ceil(READABLE / 20));
    expect(new Set(seen).size).toBe(READABLE);
    const after = await ctx.db.kysely
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('context', '=', 'fhir-patient-search')
      .where('outcome', '=', 'refused')
      .executeTakeFirstOrThrow();
    // Each page's search decides every candidate again: REFUSED refusals per page.
    expect(Number(after.n) - Number(before.n)).toBe(REFUSED * pages);
  });

  it(`_id naming ${READABLE} readable and ${REFUSED} refused patients: total ${READABLE}`, async () => {
    const b = await get(`/fhir/Patient?_id=${[...readable, ...refused].map((p) => p.id).join(',')}&_count=0`);
    expect(b.total).toBe(READABLE);
  });

  it(`more than ${MAX_SEARCH_VALUES} values in one parameter → 400 OperationOutcome, not a cut answer`, async () => {
    const ids = Array.from({ length: MAX_SEARCH_VALUES + 1 }, (_, i) => `p${i}`).join(',');
    const res = await as(ctx.app, gp)({ url: `/fhir/Patient?_id=${ids}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});
