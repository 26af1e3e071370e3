// breakit26 (outside tester, issue 7 point 3/5: CDS Hooks edges standards-exact): a record system's
// feedback on the cards Radvis issued, tried beyond what the existing tests cover (a card Radvis
// never issued, a suggestion the card does not have, outcome/field agreement — all already refused).
// The same kind — feedback that names what the card did not offer, or that cannot be true — still
// gets through, is stored in cds_feedback and so counts in what Radvis reports about overrides.
//
// CDS Hooks 2.0 §Feedback (https://cds-hooks.hl7.org/2.0/#feedback):
// - "overrideReason.reason: The Coding object representing the override reason selected by the end
//   user. Required if user selected an override reason from the list of reasons provided in the
//   Card": the reason comes from the card's overrideReasons. A Coding the card never offered is
//   refused today only for suggestions (acceptedSuggestions), not for override reasons → 200, stored.
// - The feedback endpoint is per service: "{baseUrl}/cds-services/{service.id}/feedback", feedback
//   "on the cards returned by the service". A card issued by order-sign, posted to order-select's
//   feedback endpoint → 200, stored under the wrong service.
// - "outcomeTimestamp: ISO8601 representation of the date and time in Coordinated Universal Time
//   (UTC) when action was taken on the card": a time in 2099 is not when anything was done (Radvis
//   refuses future instants elsewhere: MPPS times beyond the clock skew, a future birth date in
//   prefetch) → 200, stored.
// Expected for each: 400 OperationOutcome naming the field, nothing stored (issue 7: bad input
// changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cdsHookBody as body,
  CDS_SELECT as SELECT,
  CDS_SIGN as SIGN,
  createCdsEhrFixture,
  draftOrder,
  KNEE_ORDER,
  type CdsEhrFixture,
} from '../../testing/cds-ehr.ts';

let f: CdsEhrFixture;
beforeAll(async () => {
  f = await createCdsEhrFixture();
}, 10 * 60_000);
afterAll(async () => f?.close());

type Card = { uuid: string; overrideReasons?: { system?: string; code: string }[] };
const call = async (payload: object, url: string) =>
  f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await f.client.sign(url)}` } });
const feedbackRows = async () => (await f.t.db.kysely.selectFrom('cds_feedback').select('card_uuid').execute()).length;

/** The first card order-sign gives for `order` by the fixture's GP (full referral rights). */
async function cardFor(order: object): Promise<Card> {
  const res = await call(body(`Practitioner/${f.gpPersonId}`, { order }), SIGN);
  expect(res.statusCode, res.body).toBe(200);
  const card = res.json<{ cards: Card[] }>().cards[0];
  expect(card?.uuid).toBeTruthy();
  return card;
}

/** POSTs one feedback entry to `url`; expects 400 OperationOutcome naming `field` and no row written. */
async function refused(url: string, entry: object, field: string) {
  const before = await feedbackRows();
  const res = await call({ feedback: [entry] }, url);
  expect(res.statusCode, res.body).toBe(400);
  const oo = res.json<{ resourceType: string; issue: { expression?: string[] }[] }>();
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(oo.issue.flatMap((i) => i.expression ?? []).some((e) => e.startsWith(field))).toBe(true);
  expect(await feedbackRows()).toBe(before);
}

describe('breakit26: feedback naming what the card did not offer, or a time that cannot be (CDS Hooks 2.0 §Feedback)', () => {
  it('an override reason not among the card’s overrideReasons → 400, nothing stored', async () => {
    // A "usually not appropriate" card offers Radvis's override reasons (cards.ts OVERRIDE_REASONS).
    const card = await cardFor(
      draftOrder({ text: 'MRI shoulder' }, 'Right shoulder pain for 6 weeks, painful arc, suspected impingement. No trauma, no weakness.'),
    );
    expect(card.overrideReasons?.length).toBeGreaterThan(0);
    const offered = card.overrideReasons![0];
    const entry = (code: string) => ({
      card: card.uuid,
      outcome: 'overridden',
      outcomeTimestamp: new Date().toISOString(),
      overrideReason: { reason: { system: offered.system, code } },
    });
    await refused(`${SIGN}/feedback`, entry('not-a-reason-radvis-offered'), 'feedback.0.overrideReason');
    // The control: a reason the card offered is taken.
    const ok = await call({ feedback: [entry(offered.code)] }, `${SIGN}/feedback`);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('an override reason on a card that offered none → 400, nothing stored', async () => {
    const card = await cardFor(KNEE_ORDER);
    expect(card.overrideReasons ?? []).toEqual([]);
    await refused(
      `${SIGN}/feedback`,
      {
        card: card.uuid,
        outcome: 'overridden',
        outcomeTimestamp: new Date().toISOString(),
        overrideReason: { reason: { system: 'http://example.org/reasons', code: 'patient-insists' } },
      },
      'feedback.0.overrideReason',
    );
  });

  it('feedback on an order-sign card posted to the order-select service’s feedback endpoint → 400, nothing stored', async () => {
    const card = await cardFor(KNEE_ORDER);
    await refused(`${SELECT}/feedback`, { card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }, 'feedback.0.card');
  });

  it('an outcomeTimestamp in 2099 (not when any action was taken) → 400, nothing stored', async () => {
    const card = await cardFor(KNEE_ORDER);
    await refused(`${SIGN}/feedback`, { card: card.uuid, outcome: 'overridden', outcomeTimestamp: '2099-01-01T00:00:00Z' }, 'feedback.0.outcomeTimestamp');
  });
});
