// interop16: new variants of the CDS Hooks interoperability kinds (../shared/cases/interop 08–10)
// and the feedback rule, through the real app with signed JWTs: the user's rights when a prefetched
// Bundle or a PractitionerRole names more than one practitioner, an absolute practitioner reference,
// other spellings of the allowed fhirServer's host and port, English notes on the other topics, and
// feedback naming a card Radvis never issued (CDS Hooks 2.0 §Feedback).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCdsClient } from '../../testing/cds-client.ts';
import {
  CHIRO_HPR,
  createCdsEhrFixture,
  GP_HPR,
  type CdsEhrFixture,
  type Seen,
  CDS_SIGN as SIGN,
  CDS_SELECT as SELECT,
  KNEE_ORDER as knee,
  cdsHookBody as body,
} from '../../testing/cds-ehr.ts';
import type { TestContext } from '../../testing/harness.ts';
import { allowedFhirServer, parseAllowList } from './fhir-server.ts';
import { HPR_CATEGORY_SYSTEMS, HPR_SYSTEM } from './user.ts';

let f: CdsEhrFixture;
let t: TestContext;
let client: TestCdsClient;
let gpPersonId: string;
let seen: Seen[];
let allowedBase: string;
let origin: string;
let evilOrigin: string;

beforeAll(async () => {
  f = await createCdsEhrFixture();
  ({ t, client, gpPersonId, seen, allowedBase, origin, evilOrigin } = f);
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url = SIGN) =>
  t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await client.sign(url)}` } });
const rating = (res: { json(): { cards?: { extension: { radvis: { rating: string } } }[] } }) => res.json().cards?.[0]?.extension.radvis.rating;

const AUTH = { access_token: 'tok', token_type: 'Bearer', expires_in: 60, scope: 'user/*.read', subject: 'radvis' };
const KI = { code: { coding: [{ system: HPR_CATEGORY_SYSTEMS[0], code: 'KI' }] } };
const LE = { code: { coding: [{ system: HPR_CATEGORY_SYSTEMS[0], code: 'LE' }] } };

describe('the user behind more than one name (kind 08; CDS Hooks 2.0 order-sign/order-select userId)', () => {
  it('a Bundle with several Practitioners: the role’s own practitioner decides, not the first one listed', async () => {
    const res = await call(
      body('PractitionerRole/r16a', {
        prefetch: {
          user: {
            resourceType: 'Bundle',
            type: 'searchset',
            entry: [
              { resource: { resourceType: 'PractitionerRole', id: 'r16a', practitioner: { reference: 'Practitioner/ext-ki16' } } },
              { resource: { resourceType: 'Practitioner', id: 'ext-le16', qualification: [LE] } },
              { resource: { resourceType: 'Practitioner', id: 'ext-ki16', identifier: [{ system: HPR_SYSTEM, value: CHIRO_HPR }] } },
            ],
          },
        },
      }),
    );
    expect({ status: res.statusCode, rating: rating(res) }).toEqual({ status: 200, rating: 'not_allowed' });
  });

  it('two names that disagree (two HPR numbers; a role’s practitioner reference and identifier): the narrower rights count, never the wider', async () => {
    const cases: [string, object][] = [
      [
        'Practitioner/ext-two',
        {
          prefetch: {
            user: {
              resourceType: 'Practitioner',
              id: 'ext-two',
              identifier: [
                { system: HPR_SYSTEM, value: GP_HPR },
                { system: HPR_SYSTEM, value: CHIRO_HPR },
              ],
            },
          },
        },
      ],
      [
        'PractitionerRole/r16b',
        {
          prefetch: {
            user: {
              resourceType: 'PractitionerRole',
              id: 'r16b',
              practitioner: { reference: `Practitioner/${GP_HPR}`, identifier: { system: HPR_SYSTEM, value: CHIRO_HPR } },
            },
          },
        },
      ],
      [
        'PractitionerRole/r16c',
        {
          prefetch: {
            user: {
              resourceType: 'PractitionerRole',
              id: 'r16c',
              practitioner: { reference: `Practitioner/${CHIRO_HPR}`, identifier: { system: HPR_SYSTEM, value: GP_HPR } },
            },
          },
        },
      ],
    ];
    for (const [userId, o] of cases) {
      const res = await call(body(userId, o));
      expect({ userId, status: res.statusCode, rating: rating(res) }).toEqual({ userId, status: 200, rating: 'not_allowed' });
    }
    // Agreeing names keep full rights; a physician who is also a chiropractor (LE and KI) is a physician.
    for (const [userId, o] of [
      [
        'PractitionerRole/r16d',
        {
          prefetch: {
            user: {
              resourceType: 'PractitionerRole',
              id: 'r16d',
              practitioner: { reference: `Practitioner/${GP_HPR}`, identifier: { system: HPR_SYSTEM, value: GP_HPR } },
            },
          },
        },
      ],
      ['Practitioner/ext-both', { prefetch: { user: { resourceType: 'Practitioner', id: 'ext-both', qualification: [KI, LE] } } }],
    ] as [string, object][]) {
      const res = await call(body(userId, o));
      expect({ userId, status: res.statusCode }).toEqual({ userId, status: 200 });
      expect({ userId, rating: rating(res) }).not.toEqual({ userId, rating: 'not_allowed' });
    }
  });

  it('an absolute practitioner reference is read from the allowed fhirServer only (§FHIR Resource Access); another server’s is never fetched (least rights)', async () => {
    seen.length = 0;
    const inside = await call(
      body('PractitionerRole/r16e', {
        prefetch: { user: { resourceType: 'PractitionerRole', id: 'r16e', practitioner: { reference: `${allowedBase}/Practitioner/ext-ki` } } },
        extra: { fhirServer: allowedBase, fhirAuthorization: AUTH },
      }),
    );
    expect({ status: inside.statusCode, rating: rating(inside) }).toEqual({ status: 200, rating: 'not_allowed' });
    expect(seen).toContainEqual({ host: 'allowed', url: '/fhir/Practitioner/ext-ki', auth: 'Bearer tok' });
    for (const reference of [
      `${evilOrigin}/fhir/Practitioner/ext-ki`,
      `${allowedBase}/../fhir2/Practitioner/ext-ki`,
      `${allowedBase}/x/Practitioner/ext-ki`,
      `${allowedBase}/Patient/ext-ki`,
    ]) {
      seen.length = 0;
      const res = await call(
        body('PractitionerRole/r16f', {
          prefetch: { user: { resourceType: 'PractitionerRole', id: 'r16f', practitioner: { reference } } },
          extra: { fhirServer: allowedBase, fhirAuthorization: AUTH },
        }),
      );
      // Not fetched, so the rights are unknown: deny by default (a critical card, rights unconfirmed).
      expect({ reference, status: res.statusCode, rights: res.json().cards?.[0]?.extension?.radvis?.referralRights }).toEqual({
        reference,
        status: 200,
        rights: 'unconfirmed',
      });
      expect({ reference, seen: seen.filter((s) => s.url.includes('ext-ki')) }).toEqual({ reference, seen: [] });
    }
  });
});

describe('other spellings of the allowed host and port (kind 09)', () => {
  it('full-width and ideographic characters, numeric IPv4 forms, a soft hyphen, leading-zero ports: refused, nothing fetched', async () => {
    const port = origin.split(':')[2];
    const fetchBody = (fhirServer: string) => ({
      ...body(`Practitioner/${gpPersonId}`, {
        order: knee,
        prefetch: null,
        extra: { fhirServer, fhirAuthorization: { ...AUTH, access_token: 'secret-token-16' } },
      }),
      context: { userId: `Practitioner/${gpPersonId}`, patientId: 'p-ok', draftOrders: { resourceType: 'Bundle', entry: [knee] } },
    });
    for (const u of [
      `http://１２７.０.０.１:${port}/fhir`,
      `http://127。0。0。1:${port}/fhir`,
      `http://2130706433:${port}/fhir`,
      `http://0177.0.0.1:${port}/fhir`,
      `http://0x7f.0.0.1:${port}/fhir`,
      `http://127.1:${port}/fhir`,
      `http://127.0.0.1\u00ad:${port}/fhir`,
      `http://127.0.0.1:0${port}/fhir`,
      `http://127.0.0.1:/fhir`,
      `http:/127.0.0.1:${port}/fhir`,
      `http://127.0.0.1:${port}/ｆhir`,
    ]) {
      seen.length = 0;
      const res = await call(fetchBody(u));
      expect({ u, status: res.statusCode }).toEqual({ u, status: 412 });
      expect({ u, seen }).toEqual({ u, seen: [] });
    }
    // The canonical spelling (any case) is still read.
    seen.length = 0;
    expect((await call(fetchBody(`HTTP://127.0.0.1:${port}/fhir`))).statusCode).toBe(200);
    expect(seen).toEqual([{ host: 'allowed', url: '/fhir/Patient/p-ok', auth: 'Bearer secret-token-16' }]);
  });

  it('the allow-list entries themselves must be canonical: the server refuses to start with another spelling (unit level)', () => {
    for (const entry of ['http://２130706433/fhir', 'http://127.1/fhir', 'http://bücher.example/fhir', 'http://epj.example.no:080/fhir'])
      expect(() => parseAllowList([entry]), entry).toThrow(/RADVIS_CDS_FHIR_SERVERS/);
    expect(() => parseAllowList(['http://xn--bcher-kva.example/fhir', 'http://[0:0:0:0:0:0:0:1]:8080/fhir', 'https://EPJ.example.no:443/fhir'])).not.toThrow();
    const list = parseAllowList(['http://xn--bcher-kva.example/fhir']);
    expect(allowedFhirServer('http://xn--bcher-kva.example/fhir/r4', list)).not.toBeNull();
    expect(allowedFhirServer('http://bücher.example/fhir', list)).toBeNull();
  });
});

describe('English notes on knee, shoulder, head injury and PE (kind 10)', () => {
  // Each note in the English a Norwegian record-system integrator might send. The card is the topic's
  // own answer for what the note says; where a note states something the reader does not yet
  // understand, the card is the honest "Mangler opplysninger" naming it (never no card, never a
  // confident answer built on a misreading). Ratings follow each topic's cited rule.
  it.each([
    ['MRI knee', 'Gradual onset left knee pain for 12 weeks, no trauma. No effusion, no locking. Query meniscal tear.', 'kne', ['needs_information']],
    ['MRI knee', 'Twisting injury 2 days ago, knee locked and unable to fully extend.', 'kne', ['appropriate', 'needs_information']],
    [
      'MRI knee',
      '65 year old with knee pain for 6 months, crepitus, suspected osteoarthritis. No X-ray yet.',
      'kne',
      ['usually_not_appropriate', 'needs_information'],
    ],
    ['MRI shoulder', 'Right shoulder pain for 6 weeks, painful arc, suspected impingement. No trauma, no weakness.', 'skulder', ['usually_not_appropriate']],
    [
      'MRI shoulder',
      'Fall on outstretched hand 3 weeks ago, unable to lift arm, suspected rotator cuff tear.',
      'skulder',
      ['appropriate', 'needs_information'],
    ],
    ['X-ray shoulder', 'Shoulder pain 3 months, reduced external rotation, ?frozen shoulder', 'skulder', ['usually_not_appropriate']],
    ['CT head', 'Fell and hit head, GCS 15, on warfarin, no loss of consciousness.', 'hodeskade', ['appropriate']],
    ['CT head', 'Minor head injury, GCS 15, no LOC, no vomiting, not on anticoagulants, no amnesia.', 'hodeskade', ['usually_not_appropriate']],
    ['CT head', 'Head injury with vomiting twice and GCS 13 two hours after the injury.', 'hodeskade', ['appropriate']],
    ['CTPA', 'Suspected PE, Wells score 2, D-dimer positive.', 'lungeemboli', ['appropriate']],
    ['CTPA', 'Shortness of breath, PE unlikely (Wells 1), D-dimer negative.', 'lungeemboli', ['usually_not_appropriate']],
    [
      'CT pulmonary angiogram',
      'Pleuritic chest pain, heart rate 110, recent long-haul flight. Wells score 6.',
      'lungeemboli',
      ['appropriate', 'needs_information'],
    ],
  ])('%s — %s → a %s card (%j)', async (text, note, topic, ratings) => {
    const res = await call(
      body('Practitioner/123', {
        hook: 'order-select',
        order: { resource: { resourceType: 'ServiceRequest', id: 'o1', status: 'draft', intent: 'order', code: { text }, note: [{ text: note }] } },
      }),
      SELECT,
    );
    expect(res.statusCode).toBe(200);
    const cards = res.json().cards as { summary: string; extension: { radvis: { topic: string; rating: string } } }[];
    expect(cards.map((c) => c.extension.radvis.topic)).toEqual([topic]);
    expect(ratings).toContain(cards[0].extension.radvis.rating);
    if (cards[0].extension.radvis.rating === 'needs_information') expect(cards[0].summary).toMatch(/^Mangler opplysninger: \S/);
  });
});

describe('English exam names as orders are written, plurals and word order (kind 10)', () => {
  it.each([
    ['Bilateral knee X-rays', 'kne-rontgen'],
    ['X-rays of both knees', 'kne-rontgen'],
    ['X-ray right knee, standing', 'kne-rontgen'],
    ['Knee MRI left', 'kne'],
    ['MRI of the right shoulder', 'skulder'],
    ['Shoulder ultrasound', 'skulder'],
    ['Head CT', 'hodeskade'],
    ['CT head without contrast', 'hodeskade'],
    ['CT scans of the head', 'hodeskade'],
    ['CT pulmonary angiography', 'lungeemboli'],
    ['CT angiogram chest', 'lungeemboli'],
  ])('%s → a %s card', async (text, topic) => {
    const note = topic === 'hodeskade' ? 'Head injury, GCS 15, on apixaban' : topic === 'lungeemboli' ? 'Suspected PE, D-dimer positive' : 'Pain for 8 weeks';
    const res = await call(
      body('Practitioner/123', {
        hook: 'order-select',
        order: { resource: { resourceType: 'ServiceRequest', id: 'o1', status: 'draft', intent: 'order', code: { text }, note: [{ text: note }] } },
      }),
      SELECT,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().cards.map((c: { extension: { radvis: { topic: string } } }) => c.extension.radvis.topic)).toEqual([topic]);
  });
});

describe('feedback naming a card Radvis never issued (CDS Hooks 2.0 §Feedback)', () => {
  // §Feedback defines `card` as "the card.uuid from the CDS Hooks response" — the response this
  // service gave. Radvis used to accept any uuid (200, stored); issue 7 (breakit21) decided such
  // feedback is refused (400, nothing stored), so no client can write outcomes onto advice it never
  // got. Feedback for an issued card is stored each time it is sent (the spec allows repeats).
  it('is refused (400, nothing stored); feedback for an issued card is stored, the same feedback twice twice', async () => {
    const url = `${SIGN}/feedback`;
    const send = async (card: string) =>
      t.app.inject({
        method: 'POST',
        url,
        payload: { feedback: [{ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] },
        headers: { authorization: `Bearer ${await client.sign(url)}` },
      });
    const issued = await call(body(`Practitioner/${gpPersonId}`, { order: knee }));
    const issuedUuid = issued.json().cards[0].uuid as string;
    const unknown = crypto.randomUUID();
    for (const card of [issuedUuid, issuedUuid]) expect((await send(card)).statusCode).toBe(200);
    const refused = await send(unknown);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issue[0].expression).toEqual(['feedback.0.card']);
    const rows = await t.db.kysely.selectFrom('cds_feedback').select(['card_uuid', 'client']).where('card_uuid', 'in', [issuedUuid, unknown]).execute();
    expect(rows.filter((r) => r.card_uuid === unknown)).toHaveLength(0);
    expect(rows.filter((r) => r.card_uuid === issuedUuid)).toHaveLength(2);
    expect(new Set(rows.map((r) => r.client))).toEqual(new Set([client.id]));
  });
});
