// CDS Hooks cards in the language the hook request asks for (breakit18 outside tester: error
// OperationOutcomes honoured Accept-Language: en, the cards were always bokmål). CDS Hooks 2.0 has
// no language field in the request, so the client asks with HTTP Accept-Language (RFC 9110
// §12.5.4); without it, or asking for Norwegian, the cards stay bokmål.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../directory/reference-data.ts';
import { createTestCdsClient, type TestCdsClient } from '../../testing/cds-client.ts';
import { createOrganization } from '../../testing/factories.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { cardLocale } from './cards.ts';

const NCRP = 'urn:oid:2.16.578.1.12.4.1.1.7270';
const SIGN = '/cds-services/radvis-imaging-order-sign';
let t: TestContext;
let client: TestCdsClient;

beforeAll(async () => {
  t = await createTestContext();
  await loadReferenceData(t.db.kysely);
  const clinic = await createOrganization(t.db.kysely, { kind: 'specialist_practice', name: 'Ryggklinikken' });
  client = await createTestCdsClient(t.db.kysely, { organizationId: clinic });
}, 10 * 60_000);
afterAll(async () => t?.close());

const order = (code: string, text: string) => ({
  resource: { resourceType: 'ServiceRequest', id: 'draft-1', status: 'draft', intent: 'order', code: { coding: [{ system: NCRP, code }] }, note: [{ text }] },
});
const knee = order('SNG0AG', 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume.');
const head = order('SAA0AG', 'Hodepine i 3 mnd');
const body = (userId: string, o: object) => ({
  hook: 'order-sign',
  hookInstance: crypto.randomUUID(),
  context: { userId, patientId: 'demo-patient', draftOrders: { resourceType: 'Bundle', entry: [o] } },
  prefetch: { patient: { resourceType: 'Patient', id: 'demo-patient', birthDate: '1968-04-02', gender: 'female' } },
});
type Card = {
  summary: string;
  detail: string;
  source: { label: string; topic: { code: string; display: string } };
  links?: { label: string }[];
  suggestions?: { label: string; actions: { description: string }[] }[];
  overrideReasons?: { code: string; display: string }[];
  extension: { radvis: { topic?: string } };
};
const call = async (payload: object, lang?: string) =>
  t.app.inject({
    method: 'POST',
    url: SIGN,
    payload,
    headers: { authorization: `Bearer ${await client.sign(SIGN)}`, ...(lang ? { 'accept-language': lang } : {}) },
  });

/** Bokmål words of the card's own frame (never in an English card). */
const NORWEGIAN = /\b(Mangler|Kilder|Alternativ|Rådet|Henvisningsråd|Bytt til|Avvent|Fjern bestillingen|fagredaktør|henvisningsrett)\b/;

/** Every human-readable string of a card. */
const words = (c: Card) => [
  c.summary,
  c.detail,
  c.source.topic.display,
  ...(c.links ?? []).map((l) => l.label),
  ...(c.suggestions ?? []).flatMap((s) => [s.label, ...s.actions.map((a) => a.description)]),
  ...(c.overrideReasons ?? []).map((o) => o.display),
];

describe('CDS Hooks card language', () => {
  it('cardLocale: English only when asked first; bokmål by default', () => {
    expect(cardLocale(undefined)).toBe('nb');
    expect(cardLocale('en')).toBe('en');
    expect(cardLocale('en-GB, nb;q=0.5')).toBe('en');
    expect(cardLocale('nb-NO, en;q=0.8')).toBe('nb');
    expect(cardLocale('no')).toBe('nb');
    // q-values decide, not the order (issue 7); "*" and malformed headers are bokmål.
    expect(cardLocale('nb;q=0.2, en;q=0.9')).toBe('en');
    expect(cardLocale('*')).toBe('nb');
    expect(cardLocale('en;q=zz;;,')).toBe('nb');
  });

  it.each([
    ['knee', knee],
    ['head', head],
  ])('%s: Accept-Language en gives the English advice, no bokmål frame; none gives bokmål', async (_name, o) => {
    const userId = 'Practitioner/gp-1';
    const en = await call(body(userId, o), 'en');
    const nb = await call(body(userId, o));
    expect(en.statusCode).toBe(200);
    expect(nb.statusCode).toBe(200);
    const [e] = en.json().cards as Card[];
    const [n] = nb.json().cards as Card[];
    expect(e).toBeDefined();
    // The same advice (topic), in the two languages of the content.
    expect(e.extension.radvis.topic).toBe(n.extension.radvis.topic);
    const topic = t.app.guidelines.current().pack.topics.find((x) => x.id === e.source.topic.code)!;
    const outcomes = [...topic.rules.map((r) => r.outcome), topic.otherwise];
    const cut = (s: string) => (s.length <= 139 ? s : `${s.slice(0, 138)}…`);
    // The summary is a rule's own, or the engine's "missing information" (engine.ts) — in the card's language.
    expect(outcomes.some((x) => x.summary.en && e.summary === cut(x.summary.en)) || e.summary.startsWith('Missing information:'), e.summary).toBe(true);
    expect(outcomes.some((x) => n.summary === cut(x.summary.nb)) || n.summary.startsWith('Mangler opplysninger:'), n.summary).toBe(true);
    expect(e.summary).not.toBe(n.summary);
    expect(e.source.topic.display).toBe(topic.title.en);
    for (const w of words(e)) expect(w, w).not.toMatch(NORWEGIAN);
    expect(e.links?.[0].label).toMatch(/^Referral advice: /);
    expect(n.links?.[0].label).toMatch(/^Henvisningsråd: /);
    if (e.overrideReasons) expect(e.overrideReasons[0].display).toMatch(/^[A-Z][a-z]/);
  });

  it('the least-rights card (unconfirmed user) follows the language too', async () => {
    const en = await call(body('PractitionerRole/unknown-role', head), 'en');
    const nb = await call(body('PractitionerRole/unknown-role', head), 'nb');
    const [e] = en.json().cards as Card[];
    const [n] = nb.json().cards as Card[];
    expect(e.detail).toMatch(/referral rights are not confirmed/);
    expect(e.detail).not.toMatch(/Henvisningsretten/);
    expect(n.detail).toMatch(/Henvisningsretten din er ikke bekreftet/);
  });
});
