// Feedback on every kind of card Radvis issues (CDS Hooks 2.0 §Feedback: `card` is "the card.uuid
// from the CDS Hooks response"): an advice card, and the card that carries no advice — "referral
// rights not confirmed", which has no advice_event row and is remembered in cds_issued_card — are
// both accepted from the client they went to and refused (nothing stored) from another client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCdsClient, type TestCdsClient } from '../../testing/cds-client.ts';
import {
  cdsHookBody as body,
  CDS_SIGN as SIGN,
  createCdsEhrFixture,
  draftOrder,
  KNEE_ORDER,
  NCRP_SYSTEM as NCRP,
  type CdsEhrFixture,
} from '../../testing/cds-ehr.ts';
import { createOrganization } from '../../testing/factories.ts';

let f: CdsEhrFixture;
let other: TestCdsClient;
beforeAll(async () => {
  f = await createCdsEhrFixture();
  const org = await createOrganization(f.t.db.kysely, { kind: 'specialist_practice', name: 'Annen klinikk' });
  other = await createTestCdsClient(f.t.db.kysely, { organizationId: org });
}, 10 * 60_000);
afterAll(async () => f?.close());

const FEEDBACK = `${SIGN}/feedback`;
const call = async (payload: object, url: string, signer: TestCdsClient) =>
  f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await signer.sign(url)}` } });
const overridden = (card: string) => ({
  feedback: [{ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString(), overrideReason: { userComment: 'x' } }],
});
const stored = async (card: string) =>
  (await f.t.db.kysely.selectFrom('cds_feedback').select('client').where('card_uuid', '=', card).execute()).map((r) => r.client);

describe('feedback on the cards Radvis issued', () => {
  it.each([
    ['an advice card (MR kne)', () => body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER })],
    // CT abdomen for a user Radvis cannot identify: no topic covers it, only full rights do → the rights card alone.
    ['the rights card (no advice)', () => body('Practitioner/ukjent-fb', { order: draftOrder({ coding: [{ system: NCRP, code: 'SSD0AD' }] }, 'Magesmerter') })],
  ])('%s: accepted from its own client, refused from another', async (_name, request) => {
    const res = await call(request(), SIGN, f.client);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json<{ cards: { uuid: string }[] }>().cards[0]!.uuid;
    const foreign = await call(overridden(card), FEEDBACK, other);
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.json<{ issue: { expression: string[] }[] }>().issue[0]!.expression).toEqual(['feedback.0.card']);
    expect(await stored(card)).toEqual([]);
    const own = await call(overridden(card), FEEDBACK, f.client);
    expect(own.statusCode, own.body).toBe(200);
    expect(await stored(card)).toEqual([f.client.id]);
  });
});
