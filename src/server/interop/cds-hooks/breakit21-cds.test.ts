// Outside tester (breakit21, issue 7): CDS Hooks 2.0 requests a record system may send, through the
// real app with signed JWTs (testing/cds-ehr.ts, testing/cds-client.ts). Each test in the first
// blocks names one bug (expected vs actual in comments); the last block holds what was tried and
// already works ("holds", not bugs).
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCdsClient, INJECT_BASE, type TestCdsClient } from '../../testing/cds-client.ts';
import { cdsHookBody as body, CDS_SELECT as SELECT, CDS_SIGN as SIGN, createCdsEhrFixture, KNEE_ORDER, type CdsEhrFixture } from '../../testing/cds-ehr.ts';
import { createOrganization } from '../../testing/factories.ts';

let f: CdsEhrFixture;
let other: TestCdsClient;
beforeAll(async () => {
  f = await createCdsEhrFixture();
  // A second record system, of another organization, registered as its own CDS client.
  const org = await createOrganization(f.t.db.kysely, { kind: 'specialist_practice', name: 'Annen klinikk' });
  other = await createTestCdsClient(f.t.db.kysely, { organizationId: org });
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url: string, token?: string) =>
  f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token ?? (await f.client.sign(url))}` } });
type Card = { uuid: string; suggestions?: { uuid: string }[] };
type Cards = { cards?: Card[]; resourceType?: string; issue?: { expression?: string[] }[] };
const FEEDBACK = `${SIGN}/feedback`;
const feedbackRows = async () => (await f.t.db.kysely.selectFrom('cds_feedback').select(['card_uuid', 'client']).execute()).length;
/** A card Radvis issued to the fixture's client on order-sign (MR kne). */
async function issuedCard(): Promise<Card> {
  const res = await call(body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER }), SIGN);
  expect(res.statusCode, res.body).toBe(200);
  const card = res.json<Cards>().cards?.[0];
  expect(card?.uuid).toMatch(/^[0-9a-f-]{36}$/);
  return card!;
}
const overridden = (card: string) => ({
  feedback: [{ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString(), overrideReason: { userComment: 'x' } }],
});

describe('order-select: context.selections naming no draft order (CDS Hooks order-select 1.0 context)', () => {
  // order-select context: `selections` (REQUIRED) — "The FHIR id of the newly selected order(s). The
  // selections field references FHIR resources in the draftOrders Bundle." A selection that names
  // no resource of draftOrders is a malformed request. Radvis already answers a missing selections
  // with 400 (breakit19: "an empty 200 would read as 'no advice for this exam' rather than 'your
  // request was not understood'").
  // Expected: 400 OperationOutcome naming context.selections.
  // Actual: 200 {"cards":[]} — the record system reads "no advice" for the exam the user picked.
  it('a selection that is not in draftOrders → 400 OperationOutcome, not an empty 200', async () => {
    const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, hook: 'order-select' });
    const ok = await call(b, SELECT);
    expect(ok.json<Cards>().cards?.length).toBeGreaterThan(0);
    const res = await call({ ...b, context: { ...b.context, selections: ['ServiceRequest/not-in-draft-orders'] } }, SELECT);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<Cards>().resourceType).toBe('OperationOutcome');
    expect(res.json<Cards>().issue?.[0]?.expression).toEqual(['context.selections']);
  });
});

describe('feedback (CDS Hooks 2.0 §Feedback)', () => {
  // §Feedback: feedback is POSTed to {baseUrl}/cds-services/{service.id}/feedback; `card` is "The
  // card.uuid from the CDS Hooks response" — the response this service gave the CDS client — and
  // each acceptedSuggestions[].id is "The card.suggestion.uuid from the CDS Hooks response". Radvis
  // logs every card it issues with the client it went to (advice log: card uuid, client).

  // Expected: feedback from record system B on a card Radvis issued to record system A (another
  // organization) is refused (4xx OperationOutcome) and nothing is stored.
  // Actual: 200 {}; a cds_feedback row says B's user overrode A's card — any registered client can
  // write accept/override outcomes onto another organization's advice.
  it('feedback on a card issued to another CDS client is refused and not stored', async () => {
    const card = await issuedCard();
    const before = await feedbackRows();
    const res = await call(overridden(card.uuid), FEEDBACK, await other.sign(FEEDBACK));
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await feedbackRows()).toBe(before);
  });

  // Expected: feedback naming a card uuid this service never returned is refused (4xx), nothing stored.
  // Actual: 200 {} and a cds_feedback row for a card that does not exist.
  it('feedback on a card uuid the service never issued is refused and not stored', async () => {
    const before = await feedbackRows();
    const res = await call(overridden(crypto.randomUUID()), FEEDBACK);
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await feedbackRows()).toBe(before);
  });

  // The MR kne card has no suggestions at all, so no suggestion of it can have been accepted.
  // Expected: outcome accepted with an acceptedSuggestions id that is no suggestion uuid of the card → 4xx, nothing stored.
  // Actual: 200 {} and the acceptance is stored.
  it('accepted with a suggestion id the card does not have is refused and not stored', async () => {
    const card = await issuedCard();
    expect(card.suggestions ?? []).toEqual([]);
    const before = await feedbackRows();
    const res = await call(
      { feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: crypto.randomUUID() }], outcomeTimestamp: new Date().toISOString() }] },
      FEEDBACK,
    );
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await feedbackRows()).toBe(before);
  });
});

describe('draftOrders that are not drafts (CDS Hooks order-sign 1.0 / order-select 1.0 context)', () => {
  // order-sign and order-select context: `draftOrders` — REQUIRED — "R4 - FHIR Bundle of
  // DeviceRequest, MedicationRequest, NutritionOrder, ServiceRequest, VisionPrescription with draft
  // status". An order in the Bundle whose status is not draft is not an order being signed or
  // selected (entered-in-error: "this request should never have existed"), and a status that is no
  // R4 request-status code at all is not a valid ServiceRequest.
  const order = (status: string) => ({ resource: { ...KNEE_ORDER.resource, status } });

  // Expected: no advice card for an entered-in-error order (it is not being signed), and no advice
  // event logged for it — or a 400.
  // Actual: 200 with the full MR kne advice card, logged as advice given on order-sign.
  it('an order with status entered-in-error gets no advice card', async () => {
    const res = await call(body(`Practitioner/${f.gpPersonId}`, { order: order('entered-in-error') }), SIGN);
    expect([200, 400]).toContain(res.statusCode);
    if (res.statusCode === 200) expect(res.json<Cards>().cards ?? []).toEqual([]);
  });

  // Expected: 400 OperationOutcome naming the order's status (R4 ServiceRequest.status is bound
  // required to request-status; Radvis' own FHIR create answers such a code with 400).
  // Actual: 200 with an advice card.
  it('an order whose status is no request-status code → 400 OperationOutcome', async () => {
    const res = await call(body(`Practitioner/${f.gpPersonId}`, { order: order('bogus') }), SIGN);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json<Cards>().resourceType).toBe('OperationOutcome');
  });
});

describe('holds (tried by breakit21, already correct — kept as regression tests, not bugs)', () => {
  const kneeSign = () => body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER });

  it('discovery lists both services with hook, id, description and prefetch templates', async () => {
    const res = await f.t.app.inject({ url: '/cds-services' });
    expect(res.statusCode).toBe(200);
    const services = res.json<{ services: { hook: string; id: string; description: string; prefetch?: Record<string, string> }[] }>().services;
    expect(services.map((s) => s.hook).sort()).toEqual(['order-select', 'order-sign']);
    for (const s of services) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.description.length).toBeGreaterThan(0);
      expect(s.prefetch?.patient).toBe('Patient/{{context.patientId}}');
    }
  });

  it('prefetch.patient null and no fhirServer → 412 (§HTTP Response: the service could not get the data it needs)', async () => {
    const res = await call(body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, prefetch: { patient: null } }), SIGN);
    expect(res.statusCode).toBe(412);
    expect(res.json<Cards>().resourceType).toBe('OperationOutcome');
  });

  it("a hook other than the service's (patient-view on order-sign) → 400; an unknown service → 404", async () => {
    expect((await call({ ...kneeSign(), hook: 'patient-view' }, SIGN)).statusCode).toBe(400);
    expect((await call(kneeSign(), '/cds-services/nope')).statusCode).toBe(404);
  });

  it('JWT: replayed jti, lifetime over 5 min, iat ahead, foreign jku, no kid and HS256 signed with the public key are refused (401)', async () => {
    const token = await f.client.sign(SIGN);
    expect((await call(kneeSign(), SIGN, token)).statusCode).toBe(200);
    expect((await call(kneeSign(), SIGN, token)).statusCode).toBe(401);
    expect((await call(kneeSign(), SIGN, await f.client.sign(SIGN, { lifetimeS: 3600 }))).statusCode).toBe(401);
    expect((await call(kneeSign(), SIGN, await f.client.sign(SIGN, { iat: Math.floor(Date.now() / 1000) + 600 }))).statusCode).toBe(401);
    expect((await call(kneeSign(), SIGN, await f.client.sign(SIGN, { header: { jku: 'https://evil.example/jwks.json' } }))).statusCode).toBe(401);
    expect((await call(kneeSign(), SIGN, await f.client.sign(SIGN, { header: { kid: undefined } }))).statusCode).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS256', kid: f.client.kid })
      .setIssuer(f.client.issuer)
      .setAudience(`${INJECT_BASE}${SIGN}`)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(JSON.stringify(f.client.publicJwk)));
    expect((await call(kneeSign(), SIGN, hs)).statusCode).toBe(401);
  });

  it('an aud list holding this endpoint is accepted; a hookInstance with urn:uuid: is 400', async () => {
    const aud = await f.client.sign(SIGN, { claims: { aud: [`${INJECT_BASE}${SIGN}`, 'https://elsewhere.example/cds-services/x'] } });
    expect((await call(kneeSign(), SIGN, aud)).statusCode).toBe(200);
    expect((await call({ ...kneeSign(), hookInstance: `urn:uuid:${crypto.randomUUID()}` }, SIGN)).statusCode).toBe(400);
  });
});
