// A draft order carrying a FHIR modifier element Radvis does not act on gets no advice at the CDS
// Hooks door, as the FHIR door refuses it (422, interop/fhir/service-request.ts modifierProblems):
// an order NOT to perform an exam (R4 ServiceRequest.doNotPerform, isModifier) must not be advised
// as if it were that exam, and an unknown modifierExtension or implicitRules may change what the
// order means (R4 extensibility.html#modifierExtension). CDS Hooks 2.0 §CDS Service Response: no
// decision support for a draft = no card for it (200); the other drafts of the call are advised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCdsClient } from '../../testing/cds-client.ts';
import {
  createCdsEhrFixture,
  type CdsEhrFixture,
  NCRP_SYSTEM as NCRP,
  CDS_SIGN as SIGN,
  CDS_SELECT as SELECT,
  HEAD_ORDER,
  KNEE_ORDER,
  cdsHookBody as body,
} from '../../testing/cds-ehr.ts';
import type { TestContext } from '../../testing/harness.ts';

let f: CdsEhrFixture;
let t: TestContext;
let client: TestCdsClient;

beforeAll(async () => {
  f = await createCdsEhrFixture();
  ({ t, client } = f);
}, 10 * 60_000);
afterAll(async () => f?.close());

type Card = { summary: string; extension: { radvis: Record<string, unknown> } };
const call = async (payload: object, url = SIGN) =>
  t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await client.sign(url)}` } });
const stored = async (hookInstance: string) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('advice_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('hook_instance', '=', hookInstance)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The draft `o` (an entry of draftOrders) with `id` and the resource fields `extra` over it. */
const draft = (o: { resource: object }, id: string, extra: object = {}) => ({ resource: { ...o.resource, id, ...extra } });
const MODIFIERS: [string, object][] = [
  ['doNotPerform true', { doNotPerform: true }],
  ['a modifierExtension', { modifierExtension: [{ url: 'https://example.org/fhir/StructureDefinition/ikke-utfor', valueBoolean: true }] }],
  ['implicitRules', { implicitRules: 'https://example.org/regler/bestilling' }],
  [
    'a modifierExtension inside a contained resource',
    {
      contained: [
        {
          resourceType: 'Condition',
          id: 'c1',
          modifierExtension: [{ url: 'https://example.org/fhir/StructureDefinition/negert', valueBoolean: true }],
          subject: { reference: 'Patient/demo-patient' },
        },
      ],
    },
  ],
];

describe('CDS Hooks: drafts with modifier elements get no advice (FHIR R4 isModifier; CDS Hooks 2.0 §CDS Service Response)', () => {
  it('the ordinary knee draft is advised (the control for every case below)', async () => {
    const res = await call(body(undefined, { order: draft(KNEE_ORDER, 'kne') }));
    expect(res.statusCode).toBe(200);
    expect((res.json() as { cards: Card[] }).cards).toHaveLength(1);
  });

  it.each(MODIFIERS)('order-sign: a knee draft with %s alone → 200, no card, nothing recorded', async (_name, extra) => {
    const payload = body(undefined, { order: draft(KNEE_ORDER, 'kne', extra) });
    const res = await call(payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cards: [] });
    expect(await stored(payload.hookInstance)).toBe(0);
  });

  it.each(MODIFIERS)('order-sign: with %s on the knee draft, the head draft of the same call is still advised', async (_name, extra) => {
    const payload = body('Practitioner/ukjent-mod', { order: draft(KNEE_ORDER, 'kne', extra) });
    payload.context.draftOrders.entry.push(draft(HEAD_ORDER, 'hode'));
    const res = await call(payload);
    expect(res.statusCode).toBe(200);
    const cards = (res.json() as { cards: Card[] }).cards;
    expect(cards.map((c) => c.extension.radvis.topic)).toEqual(['hodepine']);
    expect(await stored(payload.hookInstance)).toBe(1);
  });

  it('doNotPerform false is an ordinary order and is advised', async () => {
    const res = await call(body(undefined, { order: draft(KNEE_ORDER, 'kne', { doNotPerform: false }) }));
    expect((res.json() as { cards: Card[] }).cards).toHaveLength(1);
  });

  it('order-select: the selected draft is an order not to perform → no card', async () => {
    const res = await call(body(undefined, { hook: 'order-select', order: draft(KNEE_ORDER, 'kne', { doNotPerform: true }) }), SELECT);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ cards: [] });
  });

  it('an unknown user ordering NOT to perform an exam that needs full rights gets neither advice nor the rights card, and no 412', async () => {
    // MR caput needs full referral rights: an ordinary draft by an unknown user gets the critical
    // rights card (variants17.test.ts); an order not to perform it orders nothing.
    const head = { resource: { ...HEAD_ORDER.resource, doNotPerform: true, code: { coding: [{ system: NCRP, code: 'SAA0AG' }] } } };
    for (const prefetch of [undefined, null]) {
      const res = await call(body('Practitioner/ukjent-mod', { order: head, prefetch }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ cards: [] });
    }
  });
});
