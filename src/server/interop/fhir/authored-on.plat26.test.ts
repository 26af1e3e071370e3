// plat26 (issue 7 / 8): a FHIR client's ServiceRequest.authoredOn — when the referrer wrote the
// referral in their record system — is kept as sent (it was silently replaced by the server time),
// when it is a valid dateTime not in the future (5 minutes' clock skew allowed; a future one is a 422).
// The receipt time stays apart (referral.submitted_at), and the legal assessment deadline counts from
// it: pasient- og brukerrettighetsloven § 2-2, 10 working days from receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authoredOnProblem, AUTHORED_ON_SKEW_MS } from './service-request.ts';
import {
  fhirGet,
  fhirPost,
  openFhirVariantWorld,
  referralCount,
  variantReferral,
  type FhirVariantWorld,
  type SearchBundle,
} from '../../testing/fhir-variants.ts';

const DAY = 86_400_000;
/** `YYYY-MM-DD` of the UTC day `days` from now. */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('authoredOnProblem (not in the future, with clock skew)', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('takes the past, now and a few minutes ahead; refuses what is surely later', () => {
    expect(authoredOnProblem('2026-11-01T09:00:00+01:00', now)).toBeUndefined();
    expect(authoredOnProblem('2026-12-02T12:00:00Z', now)).toBeUndefined();
    expect(authoredOnProblem(new Date(now.getTime() + AUTHORED_ON_SKEW_MS).toISOString(), now)).toBeUndefined();
    expect(authoredOnProblem(new Date(now.getTime() + AUTHORED_ON_SKEW_MS + 60_000).toISOString(), now)?.field).toBe('ServiceRequest.authoredOn');
    expect(authoredOnProblem('2026-12-02T14:00:00+01:00', now)?.field).toBe('ServiceRequest.authoredOn');
  });
  it('reads a value without a zone as any zone: today and tomorrow somewhere on Earth are not refused, the day after is', () => {
    expect(authoredOnProblem('2026-12-02', now)).toBeUndefined();
    expect(authoredOnProblem('2026-12-03', now)).toBeUndefined(); // already 3 December at UTC+14 (02:00)
    expect(authoredOnProblem('2026-12-04', now)?.field).toBe('ServiceRequest.authoredOn');
    expect(authoredOnProblem('2027', now)?.field).toBe('ServiceRequest.authoredOn');
  });
});

let w: FhirVariantWorld;
describe('POST /fhir/ServiceRequest with authoredOn', () => {
  beforeAll(async () => {
    w = await openFhirVariantWorld();
  }, 120_000);
  afterAll(() => w?.t.close());

  const create = async (identifier: string, over: Record<string, unknown> = {}) => {
    const res = await fhirPost(w.t.app, variantReferral(identifier, over));
    expect(res.statusCode, res.body.slice(0, 400)).toBe(201);
    return res.json<{ id: string; authoredOn?: string }>();
  };
  const row = (id: string) =>
    w.t.db.kysely.selectFrom('referral').select(['submitted_at', 'authored_on', 'assessment_due_date']).where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps the client’s authoredOn as sent, and counts the assessment deadline from receipt', async () => {
    const written = `${day(-30)}T10:15:00+01:00`;
    const before = Date.now();
    const sent = await create('plat26-authored-1', { authoredOn: written });
    expect(sent.authoredOn).toBe(written);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${sent.id}`)).json<{ authoredOn: string }>().authoredOn).toBe(written);
    // Received now: the receipt time is the server's, not the client's.
    const r = await row(sent.id);
    expect(r.authored_on).toBe(written);
    expect(new Date(r.submitted_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The deadline is that of the same referral received now without an authoredOn — from receipt,
    // not from a month ago (which would already have passed).
    const plain = await row((await create('plat26-authored-2')).id);
    expect(r.assessment_due_date).toBe(plain.assessment_due_date);
    expect(r.assessment_due_date! > day(0)).toBe(true);
    const event = await w.t.db.kysely
      .selectFrom('referral_event')
      .select(['at', 'data'])
      .where('referral_id', '=', sent.id)
      .where('kind', '=', 'submitted')
      .executeTakeFirstOrThrow();
    expect(new Date(event.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((event.data as { assessmentDueDate: string }).assessmentDueDate).toBe(r.assessment_due_date);
  });

  it('a referral without authoredOn is served the receipt time, as before', async () => {
    const sent = await create('plat26-authored-3');
    const r = await row(sent.id);
    expect(r.authored_on).toBeNull();
    expect(sent.authoredOn).toBe(new Date(r.submitted_at!).toISOString());
  });

  it('a date-only authoredOn and one a minute ahead (clock skew) are kept', async () => {
    expect((await create('plat26-authored-4', { authoredOn: day(-3) })).authoredOn).toBe(day(-3));
    const ahead = new Date(Date.now() + 60_000).toISOString();
    expect((await create('plat26-authored-5', { authoredOn: ahead })).authoredOn).toBe(ahead);
  });

  it('an authoredOn in the future → 422 OperationOutcome naming it, nothing stored', async () => {
    const n = await referralCount(w.t.db.kysely);
    for (const future of [new Date(Date.now() + 3_600_000).toISOString(), day(3)]) {
      const res = await fhirPost(w.t.app, variantReferral(`plat26-future-${future}`, { authoredOn: future }));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
      const oo = res.json<{ resourceType: string; issue: { expression?: string[] }[] }>();
      expect(oo.resourceType).toBe('OperationOutcome');
      expect(oo.issue.flatMap((i) => i.expression ?? [])).toContain('ServiceRequest.authoredOn');
    }
    expect(await referralCount(w.t.db.kysely)).toBe(n);
  });

  it('an authoredOn that is not a dateTime is still a 400 (structure)', async () => {
    const res = await fhirPost(w.t.app, variantReferral('plat26-bad-date', { authoredOn: '2026-13-01' }));
    expect(res.statusCode).toBe(400);
  });

  it('authored searches and sorts by authoredOn as served (the client’s time when it sent one)', async () => {
    const id = (await create('plat26-authored-6', { authoredOn: `${day(-40)}T08:00:00Z` })).id;
    const ids = async (q: string) => {
      const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?${q}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return (res.json<SearchBundle>().entry ?? []).map((e) => e.resource.id);
    };
    expect(await ids(`authored=${day(-40)}`)).toEqual([id]);
    expect(await ids(`authored=lt${day(-35)}`)).toEqual([id]);
    expect(await ids(`authored=ge${day(-1)}&_count=100`)).not.toContain(id);
    // Oldest authored first: the one written 40 days ago, then the one written 30 days ago.
    const sorted = await ids('_sort=authored&_count=100');
    expect(sorted[0]).toBe(id);
    expect(sorted.indexOf(id)).toBeLessThan(sorted.indexOf((await ids('identifier=http://epj.example.no/henvisning|plat26-authored-1'))[0]!));
  });
});
