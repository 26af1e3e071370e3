// platform17: the ordering user's referral rights are denied by default (point b), and new variants
// of the CDS Hooks interoperability kinds (../shared/cases/interop 08–10; point d) that the older
// variant files do not try: a PractitionerRole with several codes, more spellings of the allowed
// fhirServer (IPv6, userinfo, backslashes, double encoding, a trailing dot, default ports), and
// English exam texts. Each test names the CDS Hooks 2.0 / RFC 3986 section it checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCdsClient } from '../../testing/cds-client.ts';
import {
  createCdsEhrFixture,
  type CdsEhrFixture,
  type Seen,
  NCRP_SYSTEM as NCRP,
  CDS_SIGN as SIGN,
  CDS_SELECT as SELECT,
  draftOrder as order,
  KNEE_ORDER as knee,
  cdsHookBody as body,
} from '../../testing/cds-ehr.ts';
import type { TestContext } from '../../testing/harness.ts';
import { allowedFhirServer, parseAllowList } from './fhir-server.ts';
import { HPR_CATEGORY_SYSTEMS } from './user.ts';

let f: CdsEhrFixture;
let t: TestContext;
let client: TestCdsClient;
let seen: Seen[];
let origin: string;

beforeAll(async () => {
  f = await createCdsEhrFixture();
  ({ t, client, seen, origin } = f);
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url = SIGN) =>
  t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await client.sign(url)}` } });
type Card = { indicator: string; summary: string; detail?: string; suggestions?: unknown[]; extension: { radvis: Record<string, unknown> } };
const cardsOf = (res: { json(): { cards?: Card[] } }) => res.json().cards ?? [];
const unconfirmed = (c: Card) => c.extension.radvis.referralRights === 'unconfirmed';
const code = (c: string) => ({ code: { coding: [{ system: HPR_CATEGORY_SYSTEMS[0], code: c }] } });
const AUTH = { access_token: 'tok17', token_type: 'Bearer', expires_in: 60, scope: 'user/*.read', subject: 'radvis' };

describe('deny by default: a user Radvis cannot identify gets least rights (CDS Hooks 2.0 order-sign context.userId; point b)', () => {
  it.each(['Practitioner/ukjent-17', 'PractitionerRole/ukjent-17'])(
    '%s with no prefetch.user and no fhirServer: advice only, a critical card saying the rights are not confirmed, nothing that needs them',
    async (userId) => {
      const res = await call(body(userId));
      expect(res.statusCode).toBe(200);
      const cards = cardsOf(res);
      // The advice is still there (the hodepine topic), but it says the rights are not confirmed.
      expect(cards.map((c) => c.extension.radvis.topic)).toEqual(['hodepine']);
      expect(cards[0]).toMatchObject({ indicator: 'critical', extension: { radvis: { referralRights: 'unconfirmed' } } });
      expect(cards[0]!.detail).toMatch(/^\*\*Henvisningsretten din er ikke bekreftet: .+ krever full henvisningsrett\.\*\*/);
      // Nothing a chiropractor could not order is suggested.
      for (const s of (cards[0]!.suggestions ?? []) as { actions: { type: string }[] }[]) for (const a of s.actions) expect(a.type).toBe('delete');
    },
  );

  it.each(['Practitioner/ukjent-17', 'PractitionerRole/ukjent-17'])('%s ordering an exam every referrer may order gets the plain advice', async (userId) => {
    const cards = cardsOf(await call(body(userId, { order: knee })));
    expect(cards.length).toBe(1);
    expect(cards.some(unconfirmed)).toBe(false);
  });

  it.each(['Practitioner/ukjent-17', 'PractitionerRole/ukjent-17'])(
    '%s whose exam no advice covers still gets the rights card (it stands alone)',
    async (userId) => {
      // CT abdomen: no topic covers it, and only full referral rights do.
      const res = await call(body(userId, { order: order({ coding: [{ system: NCRP, code: 'SSD0AD' }] }, 'Magesmerter') }));
      expect(res.statusCode).toBe(200);
      const cards = cardsOf(res);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ indicator: 'critical', extension: { radvis: { topic: 'henvisningsrett', referralRights: 'unconfirmed' } } });
    },
  );

  it.each(['Practitioner/ukjent-17', 'PractitionerRole/ukjent-17'])(
    '%s without a patient: the 412 OperationOutcome (CDS Hooks 2.0 §HTTP Status Codes) also says the rights are not confirmed',
    async (userId) => {
      const res = await call(body(userId, { prefetch: null }));
      expect(res.statusCode).toBe(412);
      const oo = res.json();
      expect(oo.resourceType).toBe('OperationOutcome');
      expect(oo.issue.map((i: { expression?: string[] }) => i.expression?.[0])).toContain('prefetch.user');
      expect(JSON.stringify(oo)).toMatch(/Henvisningsretten din er ikke bekreftet/);
    },
  );

  it('a user the fhirServer answers for (allowed, normalized) is not affected: the record system’s physician gets the plain advice', async () => {
    seen.length = 0;
    f.resources.set('Practitioner/le-17', { resourceType: 'Practitioner', id: 'le-17', qualification: [code('LE')] });
    const res = await call(body('Practitioner/le-17', { extra: { fhirServer: f.allowedBase, fhirAuthorization: AUTH } }));
    expect(res.statusCode).toBe(200);
    expect(cardsOf(res).some(unconfirmed)).toBe(false);
    expect(seen.map((s) => s.url)).toContain('/fhir/Practitioner/le-17');
  });
});

describe('a PractitionerRole with several codes (kind 08; R4 PractitionerRole.code 0..*)', () => {
  const role = (codes: string[]) => ({ resourceType: 'PractitionerRole', id: 'r17', code: codes.map((c) => code(c).code) });
  it.each([
    [['LE', 'KI'], 'not_allowed'],
    [['KI', 'LE'], 'not_allowed'],
    [['MT', 'LE', 'XX'], 'not_allowed'],
  ])('codes %j with no practitioner: a role never widens, so the narrower kind counts (%s)', async (codes, rating) => {
    const cards = cardsOf(await call(body('PractitionerRole/r17', { prefetch: { user: role(codes) } })));
    expect(cards[0]?.extension.radvis.rating).toBe(rating);
  });

  it('codes KI and MT (two different limited kinds) cannot be told apart: least rights, rights not confirmed', async () => {
    const cards = cardsOf(await call(body('PractitionerRole/r17', { prefetch: { user: role(['KI', 'MT']) } })));
    expect(cards.some(unconfirmed)).toBe(true);
  });

  it('codes LE only, or an unrelated code (XX) beside LE: full rights', async () => {
    for (const codes of [['LE'], ['XX', 'LE']]) {
      const cards = cardsOf(await call(body('PractitionerRole/r17', { prefetch: { user: role(codes) } })));
      expect({ codes, unconfirmed: cards.some(unconfirmed), rating: cards[0]?.extension.radvis.rating }).toMatchObject({ codes, unconfirmed: false });
      expect(cards[0]?.extension.radvis.rating).not.toBe('not_allowed');
    }
  });
});

describe('more spellings of the allowed fhirServer (kind 09; RFC 3986 §6.2.2–6.2.3 normalization, WHATWG URL)', () => {
  const list = parseAllowList(['https://epj.example.no/fhir', 'http://[::1]:8080/fhir']);
  it.each([
    ['https://EPJ.Example.NO/fhir', true, 'host case (§6.2.2.1)'],
    ['HTTPS://epj.example.no/fhir/', true, 'scheme case and a trailing slash'],
    ['https://epj.example.no:443/fhir', true, 'the default port written out (§6.2.3)'],
    ['https://epj.example.no/fhir/a/..', true, 'a dot segment resolving inside (§6.2.2.3)'],
    ['https://epj.example.no/fhir/R4', true, 'a path below the base'],
    ['http://epj.example.no/fhir', false, 'another scheme'],
    ['https://epj.example.no:8443/fhir', false, 'another port'],
    ['https://epj.example.no./fhir', false, 'a trailing dot on the host'],
    ['https://epj.example.no/FHIR', false, 'path case (paths are case-sensitive)'],
    ['https://epj.example.no/fhir/%2e%2e/admin', false, 'an encoded dot segment leaving the base'],
    ['https://epj.example.no/fhir/%252e%252e/admin', false, 'a double-encoded dot segment (a later decoder could make it "..")'],
    ['https://epj.example.no/fhir%2f..%2fadmin', false, 'an encoded slash'],
    ['https://user:pw@epj.example.no/fhir', false, 'userinfo'],
    ['https://epj.example.no@evil.example/fhir', false, 'the allowed host as userinfo of another'],
    ['https://evil.example\\@epj.example.no/fhir', false, 'a backslash before @'],
    ['https://epj.example.no\\.evil.example/fhir', false, 'a backslash in the host'],
    ['http://[::1]:8080/fhir', true, 'the allowed IPv6 host'],
    ['http://[0:0:0:0:0:0:0:1]:8080/fhir', true, 'the same IPv6 address written in full'],
    ['http://[::ffff:127.0.0.1]:8080/fhir', false, 'an IPv4-mapped IPv6 address is another host'],
    ['http://[::1]:80/fhir', false, 'the IPv6 host on another port'],
  ])('%s → allowed %s (%s)', (url, allowed) => {
    expect(allowedFhirServer(url, list) !== null).toBe(allowed);
  });

  it('through the app: userinfo, a backslash, double encoding and a trailing dot on the allowed server’s own host send no request and no token', async () => {
    const port = origin.split(':')[2];
    for (const u of [
      `http://radvis@127.0.0.1:${port}/fhir`,
      `http://127.0.0.1:${port}\\@evil/fhir`,
      `http://127.0.0.1:${port}/fhir/%2e%2e/%2e%2e/x`,
      `http://127.0.0.1.:${port}/fhir`,
      `http://[::ffff:7f00:1]:${port}/fhir`,
    ]) {
      seen.length = 0;
      const res = await call({
        ...body('Practitioner/ukjent-17', { order: knee, prefetch: null, extra: { fhirServer: u, fhirAuthorization: { ...AUTH, access_token: 'secret-17' } } }),
        context: { userId: 'Practitioner/ukjent-17', patientId: 'p-ok', draftOrders: { resourceType: 'Bundle', entry: [knee] } },
      });
      expect({ u, status: res.statusCode }).toEqual({ u, status: 412 });
      expect({ u, seen }).toEqual({ u, seen: [] });
    }
  });
});

describe('English exam texts (kind 10)', () => {
  it.each([
    ['Lumbar spine MRI', 'Low back pain for 6 weeks', 'korsrygg'],
    ['MRI of the lumbar spine without contrast', 'Low back pain for 6 weeks', 'korsrygg'],
    ['MRI L spine', 'Smerter i 6 uker', 'korsrygg'],
    ['Knee MRI', 'Pain for 8 weeks', 'kne'],
    ['MRI of the head', 'Hodepine i 3 mnd', 'hodepine'],
    ['CT of the head', 'Head injury, GCS 15, on apixaban', 'hodeskade'],
  ])('%s (%s) → a %s card', async (text, note, topic) => {
    const res = await call(
      body('Practitioner/ukjent-17', {
        hook: 'order-select',
        order: { resource: { resourceType: 'ServiceRequest', id: 'o1', status: 'draft', intent: 'order', code: { text }, note: [{ text: note }] } },
      }),
      SELECT,
    );
    expect(res.statusCode).toBe(200);
    expect(cardsOf(res).map((c) => c.extension.radvis.topic)).toEqual([topic]);
  });
});
