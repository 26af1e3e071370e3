// Outside tester (breakit19): CDS Hooks 2.0 requests whose context Radvis reads otherwise than the
// hooks define, through the real app with signed JWTs (testing/cds-ehr.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdsEhrFixture, type CdsEhrFixture, CDS_SIGN as SIGN, CDS_SELECT as SELECT, KNEE_ORDER, cdsHookBody as body } from '../../testing/cds-ehr.ts';

let f: CdsEhrFixture;
beforeAll(async () => {
  f = await createCdsEhrFixture();
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url: string) =>
  f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await f.client.sign(url)}` } });
type Cards = { cards?: unknown[]; resourceType?: string; issue?: { expression?: string[] }[] };

describe('order-select without context.selections (breakit19)', () => {
  // CDS Hooks order-select (hooks/order-select, v1.0 / CDS Hooks 2.0 hook catalogue), Context:
  // `selections` — REQUIRED — "The FHIR id of the newly selected order(s)". Radvis refuses other
  // malformed contexts with 400 (an empty patientId, a draftOrders that is not a Bundle), but a
  // request without selections is answered 200 with no card: the record system cannot tell "no
  // advice for this exam" from "your request was not understood".
  it('is a malformed request: 400 OperationOutcome naming context.selections, not an empty 200', async () => {
    const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, hook: 'order-select' });
    // The same request with its selection gets advice (control).
    const ok = await call(b, SELECT);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Cards>().cards?.length).toBeGreaterThan(0);
    const { selections: _dropped, ...context } = b.context as typeof b.context & { selections?: string[] };
    const res = await call({ ...b, context }, SELECT);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<Cards>().resourceType).toBe('OperationOutcome');
    expect(res.json<Cards>().issue?.[0]?.expression).toEqual(['context.selections']);
  });
});

describe('a draft order for another patient than context.patientId (breakit19)', () => {
  // order-sign/order-select: context.patientId is "the FHIR Patient.id of the current patient in
  // context" and draftOrders are that patient's orders; R4 ServiceRequest.subject is "on whom the
  // service is to be performed". Radvis already refuses another patient's prefetched record
  // (412, README "Only the context patient's own record is used"), but a draft whose subject is
  // Patient/someone-else is advised with the context patient's age and sex and gets a card: advice
  // computed for the wrong person. Expected: no advice for that draft (no card), or a 4xx.
  it('gets no card computed from the context patient', async () => {
    const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER });
    const own = await call(
      {
        ...b,
        context: {
          ...b.context,
          draftOrders: { resourceType: 'Bundle', entry: [{ resource: { ...KNEE_ORDER.resource, subject: { reference: 'Patient/demo-patient' } } }] },
        },
      },
      SIGN,
    );
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<Cards>().cards?.length).toBeGreaterThan(0);
    const other = await call(
      {
        ...b,
        context: {
          ...b.context,
          draftOrders: { resourceType: 'Bundle', entry: [{ resource: { ...KNEE_ORDER.resource, subject: { reference: 'Patient/someone-else' } } }] },
        },
      },
      SIGN,
    );
    const advised = other.statusCode === 200 && (other.json<Cards>().cards?.length ?? 0) > 0;
    expect({ status: other.statusCode, advised }, other.body).toEqual({ status: other.statusCode, advised: false });
    expect([200, 400, 412, 422]).toContain(other.statusCode);
  });
});
