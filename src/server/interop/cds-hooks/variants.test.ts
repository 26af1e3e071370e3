// Variants of the CDS Hooks interoperability kinds (../shared/cases/interop 07–10) through the real
// app with signed JWTs: the fhirServer allow-list against every URL spelling that could carry the
// token elsewhere (two real listeners record every request), the user's referral rights for every
// form of userId, Norwegian identifiers in the prefetched Patient, English exam names, and CDS URLs
// with a trailing slash.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FH_OID, FNR_OID, DNR_OID, makeSyntheticFnr } from '../../directory/identifiers.ts';
import type { TestCdsClient } from '../../testing/cds-client.ts';
import {
  CHIRO_HPR,
  createCdsEhrFixture,
  GP_HPR,
  type CdsEhrFixture,
  type Seen,
  NCRP_SYSTEM as NCRP,
  CDS_SIGN as SIGN,
  CDS_SELECT as SELECT,
  KNEE_ORDER as knee,
  CDS_PATIENT as patient,
  cdsHookBody as body,
  draftOrder,
} from '../../testing/cds-ehr.ts';
import type { TestContext } from '../../testing/harness.ts';
import { allowedFhirServer, parseAllowList } from './fhir-server.ts';
import { HPR_CATEGORY_SYSTEMS, HPR_SYSTEM } from './user.ts';

let f: CdsEhrFixture;
let t: TestContext;
let client: TestCdsClient;
let chiroPersonId: string;
let gpPersonId: string;
let seen: Seen[];
let allowedBase: string;
let origin: string;
let evilOrigin: string;

beforeAll(async () => {
  f = await createCdsEhrFixture();
  ({ t, client, gpPersonId, seen, allowedBase, origin, evilOrigin } = f);
  chiroPersonId = f.chiroPersonId;
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url = SIGN) =>
  t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await client.sign(url)}` } });
const rating = (res: { json(): { cards?: { extension: { radvis: { rating: string } } }[] } }) => res.json().cards?.[0]?.extension.radvis.rating;

describe('fhirServer allow-list variants (kind 09): the token never leaves the allowed base', () => {
  const fetchBody = (fhirServer: string) => ({
    ...body(`Practitioner/${gpPersonId}`, {
      order: knee,
      prefetch: null,
      extra: {
        fhirServer,
        fhirAuthorization: { access_token: 'secret-token-9', token_type: 'Bearer', expires_in: 300, scope: 'user/Patient.read', subject: 'radvis' },
      },
    }),
    context: { userId: `Practitioner/${gpPersonId}`, patientId: 'p-ok', draftOrders: { resourceType: 'Bundle', entry: [knee] } },
  });

  it('refuses every escaping or ambiguous spelling; fetches only canonical URLs under the base', async () => {
    const hostPort = () => origin.slice('http://'.length);
    const evil = () => evilOrigin.slice('http://'.length);
    const refused = [
      `${allowedBase}/../internal-admin`,
      `${allowedBase}/./../internal-admin`,
      `${allowedBase}/%2e%2e/internal-admin`,
      `${allowedBase}/%2E%2E/internal-admin`,
      `${allowedBase}/%2e./internal-admin`,
      `${allowedBase}/.%2E/internal-admin`,
      `${allowedBase}/%252e%252e/internal-admin`,
      `${allowedBase}%2F..%2Finternal-admin`,
      `${allowedBase}/..%2Finternal-admin`,
      `${allowedBase}/..%2finternal-admin`,
      `${allowedBase}/..%5Cinternal-admin`,
      `${allowedBase}\\..\\internal-admin`,
      `http://${hostPort()}\\fhir`,
      `http://${hostPort()}//fhir`,
      `${allowedBase}//x`,
      `${allowedBase}/x//`,
      `http://${hostPort()}/fhirx`,
      `http://${hostPort()}/fhi`,
      `http://${hostPort()}/FHIR`,
      `http://${hostPort()}/`,
      `http://${hostPort()}`,
      `http://user@${hostPort()}/fhir`,
      `http://user:pw@${hostPort()}/fhir`,
      `http://${hostPort()}@${evil()}/fhir`,
      `http://${hostPort()}:@${evil()}/fhir`,
      `http://${evil()}/fhir`,
      `http://${evil()}#@${hostPort()}/fhir`,
      `http://${evil()}?@${hostPort()}/fhir`,
      `${allowedBase}?x=/../internal-admin`,
      `${allowedBase}#/../internal-admin`,
      `${allowedBase}/%00`,
      `${allowedBase}/%0d%0aX:y`,
      `https://${hostPort()}/fhir`,
      `http://localhost:${origin.split(':')[2]}/fhir`,
      `http://127.0.0.1.:${origin.split(':')[2]}/fhir`,
      `http://[::1]:${origin.split(':')[2]}/fhir`,
      `http://[::ffff:127.0.0.1]:${origin.split(':')[2]}/fhir`,
      `HTTP://${hostPort()}/fhir/../internal-admin`,
      `ftp://${hostPort()}/fhir`,
      `javascript:alert(1)//${hostPort()}/fhir`,
      ` ${allowedBase}`,
      `${allowedBase} `,
      `${allowedBase}\t`,
    ];
    for (const u of refused) {
      seen.length = 0;
      const res = await call(fetchBody(u));
      expect({ u, status: res.statusCode, type: res.json().resourceType }).toEqual({
        u,
        status: res.statusCode < 500 ? res.statusCode : 200,
        type: 'OperationOutcome',
      });
      expect({ u, seen }).toEqual({ u, seen: [] });
    }
    const allowed: [string, string][] = [
      [allowedBase, '/fhir/Patient/p-ok'],
      [`${allowedBase}/`, '/fhir/Patient/p-ok'],
      [`HTTP://${hostPort()}/fhir`, '/fhir/Patient/p-ok'],
      [`http://${hostPort().toUpperCase()}/fhir`, '/fhir/Patient/p-ok'],
      [`${allowedBase}/./`, '/fhir/Patient/p-ok'],
      [`${allowedBase}/x/..`, '/fhir/Patient/p-ok'],
      [`http://${hostPort()}/%66hir`, '/fhir/Patient/p-ok'],
      [`${allowedBase}/tenant`, '/fhir/tenant/Patient/p-ok'],
    ];
    for (const [u, path] of allowed) {
      seen.length = 0;
      const res = await call(fetchBody(u));
      expect({ u, status: res.statusCode }).toEqual({ u, status: 200 });
      expect({ u, seen }).toEqual({ u, seen: [{ host: 'allowed', url: path, auth: 'Bearer secret-token-9' }] });
    }
  });

  it('compares normalized URLs: default ports, IPv6, case, trailing dot (unit level)', () => {
    const list = parseAllowList(['https://epj.example.no/api/fhir', 'http://[::1]:8080/fhir', 'http://epj.example.no:80/r4']);
    const ok = (u: string) => allowedFhirServer(u, list) !== null;
    for (const u of [
      'https://epj.example.no:443/api/fhir',
      'HTTPS://EPJ.EXAMPLE.NO/api/fhir',
      'https://epj.example.no/api/fhir/',
      'http://[::1]:8080/fhir',
      'http://[0:0:0:0:0:0:0:1]:8080/fhir',
      'http://epj.example.no/r4',
      'http://epj.example.no:80/r4/x',
    ])
      expect(ok(u), u).toBe(true);
    for (const u of [
      'https://epj.example.no:8443/api/fhir',
      'http://epj.example.no/api/fhir',
      'https://epj.example.no./api/fhir',
      'https://epj.example.no.evil.example/api/fhir',
      'https://evil.example/epj.example.no/api/fhir',
      'https://epj.example.no/api/fhir2',
      'https://epj.example.no/API/fhir',
      'http://[::1]:8081/fhir',
      'http://[::2]:8080/fhir',
      'http://[::1]/fhir',
      'http://epj.example.no:8080/r4',
      'https://epj.example.no/r4',
      'https://epj.example.no/api/fhir/%2e%2e/%2e%2e/admin',
      'https://epj.example.no/api/fhir/..;/admin',
      // Percent-encoding in the host: a trailing dot, a dot or a letter written %2e / %65.
      'https://epj.example.no%2e/api/fhir',
      'https://epj%2eexample.no/api/fhir',
      'https://%65pj.example.no/api/fhir',
      'http://[::1%25lo]:8080/fhir',
    ])
      expect(ok(u), u).toBe(false);
    // An IPv4 host with an encoded trailing dot is refused as the plain trailing dot is.
    const local = parseAllowList(['http://127.0.0.1:34001/fhir']);
    for (const u of ['http://127.0.0.1%2e:34001/fhir', 'http://127.0.0.1.:34001/fhir', 'http://127%2e0.0.1:34001/fhir'])
      expect(allowedFhirServer(u, local), u).toBeNull();
  });

  it('an incomplete fhirAuthorization, or one that is not a Bearer token, is a 400 and nothing is fetched (CDS Hooks 2.0: all five fields REQUIRED, token_type fixed Bearer)', async () => {
    const full = { access_token: 'secret-token-9', token_type: 'Bearer', expires_in: 300, scope: 'user/Patient.read', subject: 'radvis' };
    const withAuth = (auth: object) => ({ ...fetchBody(allowedBase), fhirAuthorization: auth });
    const drop = (k: keyof typeof full) => Object.fromEntries(Object.entries(full).filter(([x]) => x !== k));
    for (const [label, auth, field] of [
      ['no access_token', drop('access_token'), 'fhirAuthorization'],
      ['no token_type', drop('token_type'), 'fhirAuthorization'],
      ['no expires_in', drop('expires_in'), 'fhirAuthorization'],
      ['no scope', drop('scope'), 'fhirAuthorization'],
      ['no subject', drop('subject'), 'fhirAuthorization'],
      ['an empty access_token', { ...full, access_token: '' }, 'fhirAuthorization.access_token'],
      ['token_type MAC', { ...full, token_type: 'MAC' }, 'fhirAuthorization.token_type'],
      ['token_type DPoP', { ...full, token_type: 'DPoP' }, 'fhirAuthorization.token_type'],
    ] as const) {
      seen.length = 0;
      const res = await call(withAuth(auth));
      expect({ label, status: res.statusCode, type: res.json().resourceType }).toEqual({ label, status: 400, type: 'OperationOutcome' });
      expect({ label, field: res.json().issue[0].expression[0] }).toMatchObject({ label, field: expect.stringContaining(field) });
      expect({ label, seen }).toEqual({ label, seen: [] });
    }
    // RFC 6749 §5.1: the token type is case-insensitive; a patient (CDS Hooks 2.0, conditional) may come along.
    for (const auth of [
      { ...full, token_type: 'bearer' },
      { ...full, scope: 'patient/Patient.read', patient: 'p-ok' },
    ]) {
      seen.length = 0;
      const res = await call(withAuth(auth));
      expect(res.statusCode).toBe(200);
      expect(seen).toEqual([{ host: 'allowed', url: '/fhir/Patient/p-ok', auth: 'Bearer secret-token-9' }]);
    }
  });
});

describe('CDS userId forms (kind 08)', () => {
  it('finds the same limited rights through every form of the user, and full rights for a physician', async () => {
    const limited: [string, object?][] = [
      [`Practitioner/${CHIRO_HPR}`],
      [`Practitioner/${chiroPersonId}`],
      [`PractitionerRole/r1`, { prefetch: { user: { resourceType: 'PractitionerRole', id: 'r1', practitioner: { reference: `Practitioner/${CHIRO_HPR}` } } } }],
      [
        `PractitionerRole/r2`,
        { prefetch: { user: { resourceType: 'PractitionerRole', id: 'r2', practitioner: { reference: `Practitioner/${chiroPersonId}` } } } },
      ],
      [
        `PractitionerRole/r3`,
        { prefetch: { user: { resourceType: 'PractitionerRole', practitioner: { identifier: { system: HPR_SYSTEM, value: CHIRO_HPR } } } } },
      ],
      [
        `PractitionerRole/r4`,
        {
          prefetch: {
            user: { resourceType: 'PractitionerRole', id: 'r4', practitioner: { reference: 'Practitioner/ext-x' } },
            practitioner: { resourceType: 'Practitioner', id: 'ext-x', identifier: [{ system: HPR_SYSTEM, value: CHIRO_HPR }] },
          },
        },
      ],
      [`Practitioner/ext-y`, { prefetch: { user: { resourceType: 'Practitioner', id: 'ext-y', identifier: [{ system: HPR_SYSTEM, value: CHIRO_HPR }] } } }],
      // A role coded as physician does not widen a chiropractor's rights.
      [
        `PractitionerRole/r5`,
        {
          prefetch: {
            user: {
              resourceType: 'PractitionerRole',
              id: 'r5',
              code: [{ coding: [{ system: HPR_CATEGORY_SYSTEMS[0], code: 'LE' }] }],
              practitioner: { reference: `Practitioner/${CHIRO_HPR}` },
            },
          },
        },
      ],
      [
        `PractitionerRole/r6`,
        {
          prefetch: {
            user: {
              resourceType: 'Bundle',
              type: 'searchset',
              entry: [
                { resource: { resourceType: 'PractitionerRole', id: 'r6', practitioner: { reference: 'Practitioner/ext-z' } }, search: { mode: 'match' } },
                {
                  resource: { resourceType: 'Practitioner', id: 'ext-z', identifier: [{ system: HPR_SYSTEM, value: CHIRO_HPR }] },
                  search: { mode: 'include' },
                },
              ],
            },
          },
        },
      ],
      [
        `Practitioner/ext-chiro`,
        {
          extra: {
            fhirServer: allowedBase,
            fhirAuthorization: { access_token: 'tok', token_type: 'Bearer', expires_in: 60, scope: 'user/*.read', subject: 'radvis' },
          },
        },
      ],
      [
        `PractitionerRole/role-ki`,
        {
          extra: {
            fhirServer: allowedBase,
            fhirAuthorization: { access_token: 'tok', token_type: 'Bearer', expires_in: 60, scope: 'user/*.read', subject: 'radvis' },
          },
        },
      ],
    ];
    for (const [userId, o] of limited) {
      for (const url of [SIGN, SELECT]) {
        const res = await call(body(userId, { ...o, hook: url === SIGN ? 'order-sign' : 'order-select' }), url);
        expect({ userId, url, status: res.statusCode, rating: rating(res) }).toEqual({ userId, url, status: 200, rating: 'not_allowed' });
        expect(res.json().cards[0].indicator).toBe('critical');
      }
    }
    for (const [userId, o] of [
      [`Practitioner/${GP_HPR}`],
      [`Practitioner/${gpPersonId}`],
      [
        `PractitionerRole/role-le`,
        {
          extra: {
            fhirServer: allowedBase,
            fhirAuthorization: { access_token: 'tok', token_type: 'Bearer', expires_in: 60, scope: 'user/*.read', subject: 'radvis' },
          },
        },
      ],
    ] as [string, object?][]) {
      const res = await call(body(userId, o));
      expect({ userId, status: res.statusCode }).toEqual({ userId, status: 200 });
      expect({ userId, rating: rating(res) }).not.toEqual({ userId, rating: 'not_allowed' });
    }
  });

  it('an unknown role or a user prefetch the client could not make → least rights (a critical card, rights unconfirmed); a missing userId → 412 asking for the user; malformed userId → 400', async () => {
    for (const [userId, o] of [
      ['PractitionerRole/nobody'],
      ['PractitionerRole/r9', { prefetch: { user: null } }],
      ['PractitionerRole/r9', { prefetch: { user: { resourceType: 'OperationOutcome', issue: [] } } }],
      [
        'PractitionerRole/r9',
        { prefetch: { user: { resourceType: 'PractitionerRole', id: 'someone-else', practitioner: { reference: `Practitioner/${GP_HPR}` } } } },
      ],
    ] as [string | undefined, object?][]) {
      const res = await call(body(userId, o));
      expect({ userId, o, status: res.statusCode }).toEqual({ userId, o, status: 200 });
      expect(
        res
          .json()
          .cards.some(
            (c: { indicator: string; extension: { radvis: { referralRights?: string } } }) =>
              c.indicator === 'critical' && c.extension.radvis.referralRights === 'unconfirmed',
          ),
      ).toBe(true);
    }
    const none = await call(body(undefined));
    expect({ status: none.statusCode, type: none.json().resourceType }).toEqual({ status: 412, type: 'OperationOutcome' });
    expect(none.json().issue[0].expression).toEqual(['prefetch.user']);
    for (const userId of [
      'Patient/1',
      'Practitioner',
      'Practitioner/',
      'Practitioner/a/b',
      'practitioner/1',
      'Practitioner/has space',
      'http://x/Practitioner/1',
      '',
    ]) {
      const res = await call(body(userId));
      expect({ userId, status: res.statusCode, type: res.json().resourceType }).toEqual({ userId, status: 400, type: 'OperationOutcome' });
    }
    // Exams every referrer may order need no user.
    expect((await call(body('PractitionerRole/nobody', { order: knee }))).statusCode).toBe(200);
  });
});

describe('Norwegian identifiers in the CDS Patient (kind 07)', () => {
  it('derives age and sex from fødselsnummer, D-number and synthetic numbers; FH-nummer tells neither (412); bad check digits → 400', async () => {
    const synth = makeSyntheticFnr('1968-04-02', 'F', 5)!;
    const synthD = makeSyntheticFnr('1968-04-02', 'F', 9, { dNumber: true })!;
    for (const [system, value] of [
      [FNR_OID, synth],
      [DNR_OID, synthD],
      [FNR_OID, synthD],
    ]) {
      const res = await call(
        body(`Practitioner/${GP_HPR}`, {
          order: knee,
          prefetch: { patient: { resourceType: 'Patient', id: 'demo-patient', identifier: [{ system, value }] } },
        }),
      );
      expect({ system, value, status: res.statusCode, n: res.json().cards?.length }).toEqual({ system, value, status: 200, n: 1 });
    }
    const fhOnly = await call(
      body(`Practitioner/${GP_HPR}`, {
        order: knee,
        prefetch: { patient: { resourceType: 'Patient', id: 'demo-patient', identifier: [{ system: FH_OID, value: '81234567802' }] } },
      }),
    );
    expect([400, 412]).toContain(fhOnly.statusCode);
    for (const [system, value] of [
      [FNR_OID, '31836000068'],
      [DNR_OID, '52838510052'],
      [FNR_OID, '3183600006'],
      [FH_OID, '71234567890'],
    ]) {
      const res = await call(body(`Practitioner/${GP_HPR}`, { order: knee, prefetch: { patient: { ...patient, identifier: [{ system, value }] } } }));
      expect({ system, value, status: res.statusCode, type: res.json().resourceType }).toEqual({ system, value, status: 400, type: 'OperationOutcome' });
      expect(res.json().issue[0].expression[0]).toMatch(/^prefetch\.patient\.identifier/);
    }
    // Other identifier systems are not ours to check.
    const mrn = await call(
      body(`Practitioner/${GP_HPR}`, { order: knee, prefetch: { patient: { ...patient, identifier: [{ system: 'http://epj.example.no/mrn', value: 'x' }] } } }),
    );
    expect(mrn.statusCode).toBe(200);
  });
});

describe('English exam names (kind 10)', () => {
  // Each English name gives the same card as the Norwegian name of the exam (the notes are the topics' own questions).
  it.each([
    ['MRI L-spine', 'MR korsrygg', 'korsrygg', 'Smerter i 6 uker'],
    ['MR LS spine', 'MR LS-columna', 'korsrygg', 'Smerter i 6 uker'],
    ['lumbar spine X-ray', 'Røntgen lumbosakralcolumna', 'korsrygg', 'Smerter i 6 uker'],
    ['CAT scan lumbar spine', 'CT korsrygg', 'korsrygg', 'Smerter i 6 uker'],
    ['MRI of the left knee', 'MR venstre kne', 'kne', 'Smerter i 6 uker'],
    ['knee radiograph', 'Røntgen kne', 'kne-rontgen', 'Smerter i 6 uker'],
    ['XR knee', 'rtg kne', 'kne-rontgen', 'Smerter i 6 uker'],
    ['plain film knee', 'rtg kne', 'kne-rontgen', 'Smerter i 6 uker'],
    ['X-ray shoulder', 'Røntgen skulder', 'skulder', 'Smerter i 6 uker'],
    ['MRI brain', 'MR caput', 'hodepine', 'Hodepine i 3 mnd'],
    ['MRI head', 'MR hode', 'hodepine', 'Hodepine i 3 mnd'],
    ['MRI neck', 'MR nakke', 'nakke', 'Smerter i 6 uker'],
    ['C-spine X-ray', 'Røntgen nakke', 'nakke', 'Smerter i 6 uker'],
    ['MRI cervical spine', 'MR cervikalcolumna', 'nakke', 'Smerter i 6 uker'],
    ['CT cervical spine', 'CT nakke', 'nakke-traume', 'Smerter i 6 uker'],
    ['CTPA', 'CT lungeemboli', 'lungeemboli', 'Mistenkt lungeemboli, dyspné'],
    ['CT pulmonary angiogram', 'CT toraks', 'lungeemboli', 'Mistenkt lungeemboli, dyspné'],
    ['CT chest PE protocol', 'CT thorax', 'lungeemboli', 'Mistenkt lungeemboli, dyspné'],
    ['CT sinuses', 'CT bihuler', 'bihuler', 'Smerter i 6 uker'],
    ['Sinus X-ray', 'rtg bihuler', 'bihuler', 'Smerter i 6 uker'],
    ['Pelvic ultrasound', 'UL bekken', 'ovarialcyste', 'Ovarialcyste 3 cm'],
    ['US ovaries', 'ultralyd ovarier', 'ovarialcyste', 'Ovarialcyste 3 cm'],
    ['Transvaginal ultrasound', 'UL bekken', 'ovarialcyste', 'Ovarialcyste 3 cm'],
    ['MRI pelvis', 'MR bekken', 'ovarialcyste', 'Ovarialcyste 3 cm'],
    ['MRI hip', 'MR hofte', 'hofte', 'Smerter i 6 uker'],
    ['Hip X-ray', 'rtg hofte', 'hofte', 'Smerter i 6 uker'],
    ['MRI thoracic spine', 'MR brystrygg', 'brystrygg', 'Smerter i 6 uker'],
    ['T-spine radiograph', 'rtg torakalcolumna', 'brystrygg', 'Smerter i 6 uker'],
    ['MRI SI joints', 'MR SI-ledd', 'si-ledd', 'Smerter i 6 uker'],
    ['MRI sacroiliac joints', 'MR iliosakralledd', 'si-ledd', 'Smerter i 6 uker'],
    // breakit27: the everyday "lower back" (examWords joins it to one body word).
    ['MRI lower back', 'MR korsrygg', 'korsrygg', 'Smerter i 6 uker'],
    ['Low back X-ray', 'rtg korsrygg', 'korsrygg', 'Smerter i 6 uker'],
  ])('%s (as %s) → a %s card', async (english, norwegian, topic, note) => {
    const topics = async (text: string) => {
      const res = await call(
        body('Practitioner/123', {
          hook: 'order-select',
          order: { resource: { resourceType: 'ServiceRequest', id: 'o1', status: 'draft', intent: 'plan', code: { text }, note: [{ text: note }] } },
        }),
        SELECT,
      );
      expect(res.statusCode).toBe(200);
      return res.json().cards.map((c: { extension: { radvis: { topic: string } } }) => c.extension.radvis.topic);
    };
    expect(await topics(norwegian)).toEqual([topic]);
    expect(await topics(english)).toEqual([topic]);
  });
});

describe('Nynorsk exam names (kind 10, nynorsk)', () => {
  // Each Nynorsk name (Nynorskordboka forms) gives the same card as the bokmål name of the exam.
  it.each([
    ['MR hovud', 'MR hode', 'hodepine', 'Hovudverk i tre månader'],
    ['MR-undersøking av hovudet', 'MR caput', 'hodepine', 'Hovudverk i tre månader'],
    ['Røntgen skuldra', 'Røntgen skulder', 'skulder', 'Vondt i skuldra i 6 veker'],
    ['CT av biholene', 'CT bihuler', 'bihuler', 'Tett i nasen i 6 veker'],
    ['MR columna lumbalis', 'MR korsrygg', 'korsrygg', 'Vondt i korsryggen i 6 veker'],
  ])('%s (as %s) → a %s card', async (nynorsk, bokmal, topic, note) => {
    const topics = async (text: string) => {
      const res = await call(
        body('Practitioner/123', {
          hook: 'order-select',
          order: { resource: { resourceType: 'ServiceRequest', id: 'o1', status: 'draft', intent: 'order', code: { text }, note: [{ text: note }] } },
        }),
        SELECT,
      );
      expect(res.statusCode).toBe(200);
      return res.json().cards.map((c: { extension: { radvis: { topic: string } } }) => c.extension.radvis.topic);
    };
    expect(await topics(bokmal)).toEqual([topic]);
    expect(await topics(nynorsk)).toEqual([topic]);
  });
});

describe('unknown CDS services (breaker14)', () => {
  it('are a 404 OperationOutcome whatever the body holds, for the service and its feedback, and nothing is stored', async () => {
    for (const [url, payload] of [
      ['/cds-services/nope', { hook: 'order-sign', hookInstance: crypto.randomUUID(), context: {} }],
      ['/cds-services/nope', body('Practitioner/123')],
      ['/cds-services/nope/feedback', { feedback: [] }],
      ['/cds-services/nope/feedback', { feedback: [{ card: crypto.randomUUID(), outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] }],
    ] as const) {
      const res = await call(payload, url);
      expect({ url, status: res.statusCode, type: res.json().resourceType }).toEqual({ url, status: 404, type: 'OperationOutcome' });
    }
    // A known service with the same bad body is still a 400 about the body.
    const bad = await call({ hook: 'order-sign', hookInstance: crypto.randomUUID(), context: {} });
    expect(bad.statusCode).toBe(400);
  });
});

describe('CDS URLs with a trailing slash', () => {
  it('are served as without it, with the JWT aud as called', async () => {
    const services = await t.app.inject({ url: '/cds-services/' });
    expect(services.statusCode).toBe(200);
    expect(services.json().services).toHaveLength(2);
    const res = await call(body(`Practitioner/${CHIRO_HPR}`), `${SIGN}/`);
    expect(res.statusCode).toBe(200);
    expect(rating(res)).toBe('not_allowed');
    // aud naming the URL without the slash also holds (the same endpoint).
    const other = await t.app.inject({
      method: 'POST',
      url: `${SIGN}/`,
      payload: body(`Practitioner/${CHIRO_HPR}`),
      headers: { authorization: `Bearer ${await client.sign(SIGN)}` },
    });
    expect(other.statusCode).toBe(200);
    // aud of another endpoint does not.
    const wrong = await t.app.inject({
      method: 'POST',
      url: `${SIGN}/`,
      payload: body(`Practitioner/${CHIRO_HPR}`),
      headers: { authorization: `Bearer ${await client.sign(SELECT)}` },
    });
    expect(wrong.statusCode).toBe(401);
    const fb = await t.app.inject({
      method: 'POST',
      url: `${SIGN}/feedback/`,
      payload: { feedback: [{ card: res.json().cards[0].uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] },
      headers: { authorization: `Bearer ${await client.sign(`${SIGN}/feedback/`)}` },
    });
    expect(fb.statusCode).toBe(200);
    // FHIR URLs are served without their trailing slash too (breakit27; read-params.breakit27.test.ts).
    expect((await t.app.inject({ url: '/fhir/metadata/' })).statusCode).toBe(200);
  });
});

describe('prefetch forms: present, absent, null, partial, a Bundle, another patient (CDS Hooks 2.0 §Prefetch)', () => {
  const withPrefetch = (p: object | null, extra: object = {}) => ({ ...body(`Practitioner/${gpPersonId}`), prefetch: p === null ? undefined : p, ...extra });
  // allowedBase is set in beforeAll, after this block is collected.
  const atServer = () => ({ fhirServer: allowedBase });
  const okContext = (b: ReturnType<typeof body>) => ({ ...b, context: { ...b.context, patientId: 'p-ok' } });

  it('uses the context patient only: a searchset Bundle with it works, another patient’s record is never used', async () => {
    const asBundle = await call(withPrefetch({ patient: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: patient }] } }));
    expect(asBundle.statusCode, asBundle.body).toBe(200);
    expect(rating(asBundle)).toBeDefined();
    // Someone else's Patient (or a Bundle of two) is not this patient's data: 412 asking for it, not advice on the wrong person.
    for (const p of [
      { ...patient, id: 'someone-else' },
      { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: patient }, { resource: { ...patient, id: 'p2' } }] },
      { resourceType: 'Bundle', type: 'searchset', entry: [] },
      { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] },
    ]) {
      const res = await call(withPrefetch({ patient: p }));
      expect({ p: JSON.stringify(p).slice(0, 60), status: res.statusCode }).toEqual({ p: JSON.stringify(p).slice(0, 60), status: 412 });
      expect(res.json().issue[0].expression).toEqual(['prefetch.patient']);
    }
  });

  it('absent, null or another patient’s prefetch is read from the allowed fhirServer instead; the wrong id is never used', async () => {
    for (const [name, p] of [
      ['absent', null],
      ['null', { patient: null }],
      ['other id', { patient: { ...patient, id: 'someone-else', birthDate: '2015-01-01' } }],
      ['partial (user only)', { user: { resourceType: 'Practitioner', id: 'x' } }],
    ] as const) {
      const before = seen.length;
      const res = await call(okContext(withPrefetch(p, atServer()) as ReturnType<typeof body>));
      expect({ name, status: res.statusCode }, res.body).toEqual({ name, status: 200 });
      expect(
        seen.slice(before).some((s) => s.host === 'allowed' && s.url === '/fhir/Patient/p-ok'),
        name,
      ).toBe(true);
    }
  });
});

describe('CDS requests of the wrong JSON type (issue 7: refused, never coerced)', () => {
  /** Every leaf of a value with its path. */
  const leaves = (v: unknown, path: (string | number)[] = []): (string | number)[][] =>
    v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k])) : [path];
  const setAt = (v: object, path: (string | number)[], value: unknown) => {
    const copy = structuredClone(v) as Record<string | number, unknown>;
    let o = copy;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    o[path[path.length - 1]] = value;
    return copy;
  };
  const counts = async () => {
    const db = t.db.kysely;
    const n = async (table: 'advice_event' | 'cds_feedback') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { advice: await n('advice_event'), feedback: await n('cds_feedback') };
  };

  it('every field of an order-select request given as another JSON type → 400 OperationOutcome naming it, and no advice stored', async () => {
    const valid = {
      ...body(`Practitioner/${gpPersonId}`, { hook: 'order-select', order: knee }),
      fhirServer: allowedBase,
      fhirAuthorization: { access_token: 'tok', token_type: 'Bearer', expires_in: 300, scope: 'user/Patient.read', subject: 'radvis' },
      context: {
        userId: `Practitioner/${gpPersonId}`,
        patientId: 'demo-patient',
        encounterId: 'enc-1',
        selections: ['ServiceRequest/draft-1'],
        draftOrders: {
          resourceType: 'Bundle',
          entry: [
            {
              resource: {
                ...knee.resource,
                code: { coding: [{ system: NCRP, code: 'SNG0AG' }], text: 'MR kne' },
                subject: { reference: 'Patient/demo-patient' },
              },
            },
          ],
        },
      },
    };
    expect((await call(valid, SELECT)).statusCode).toBe(200);
    const before = await counts();
    const wrong = (x: unknown): unknown[] =>
      typeof x === 'string' ? [12345, 1e300, true, null, [x], { value: x }] : typeof x === 'number' ? [String(x), true, null, [x]] : [];
    const failures: string[] = [];
    let tried = 0;
    for (const path of leaves(valid)) {
      const original = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], valid);
      for (const value of wrong(original)) {
        tried++;
        const res = await call(setAt(valid, path, value), SELECT);
        const field = path.join('.');
        const oo = res.json();
        // The issue names the field, or the element holding it (`subject: must be a Reference`).
        const names = [field, ...(path.length > 1 ? [path.slice(0, -1).join('.')] : [])];
        const named =
          oo.resourceType === 'OperationOutcome' &&
          (oo.issue as { expression?: string[] }[]).some((i) => i.expression !== undefined && names.includes(i.expression[0]));
        if (res.statusCode !== 400 || !named) failures.push(`${field} = ${JSON.stringify(value)} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(tried).toBeGreaterThan(80);
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('feedback fields of the wrong type → 400 and nothing stored', async () => {
    const valid = {
      feedback: [
        {
          card: crypto.randomUUID(),
          outcome: 'overridden',
          overrideReason: { reason: { system: 'http://example.org', code: 'x', display: 'X' }, userComment: 'nei' },
          outcomeTimestamp: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const url = `${SIGN}/feedback`;
    const before = await counts();
    const failures: string[] = [];
    for (const path of leaves(valid))
      for (const value of [5, false, null, ['x']]) {
        const res = await call(setAt(valid, path, value), url);
        if (res.statusCode !== 400 || res.json().resourceType !== 'OperationOutcome')
          failures.push(`${path.join('.')} = ${JSON.stringify(value)} → ${res.statusCode}`);
      }
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});

describe('hookInstance and feedback as CDS Hooks 2.0 defines them (interop15)', () => {
  const count = async (table: 'advice_event' | 'cds_feedback') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('hookInstance must be a UUID: other strings → 400 OperationOutcome naming it, and no advice stored', async () => {
    const uuid = crypto.randomUUID();
    // Wait for the group commit of earlier calls so the count is steady.
    const valid = await call({ ...body(`Practitioner/${gpPersonId}`, { order: knee }), hookInstance: uuid.toUpperCase() });
    expect(valid.statusCode).toBe(200);
    const before = await count('advice_event');
    for (const hookInstance of ['not-a-uuid', `urn:uuid:${uuid}`, uuid.replaceAll('-', ''), `${uuid}0`, ` ${uuid}`, 'h', '']) {
      const res = await call({ ...body(`Practitioner/${gpPersonId}`, { order: knee }), hookInstance });
      expect(res.statusCode, hookInstance).toBe(400);
      expect(res.json().resourceType).toBe('OperationOutcome');
      expect(
        res.json().issue.some((i: { expression?: string[] }) => i.expression?.[0] === 'hookInstance'),
        hookInstance,
      ).toBe(true);
    }
    expect(await count('advice_event')).toBe(before);
  });

  it('an empty context.patientId or userId is a malformed request (400 naming it), not a request for prefetch', async () => {
    const before = await count('advice_event');
    for (const field of ['patientId', 'userId'] as const) {
      const b = body(`Practitioner/${gpPersonId}`, { order: knee }) as { context: Record<string, unknown> };
      const res = await call({ ...b, context: { ...b.context, [field]: '' } });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(res.json().issue), field).toContain(field);
    }
    expect(await count('advice_event')).toBe(before);
  });

  it('feedback: outcome and its fields must agree (cds-fb-2, cds-fb-3), card and suggestion ids are UUIDs; refused entries store nothing', async () => {
    const url = `${SIGN}/feedback`;
    // The feedback is about a card this service issued, with the suggestion it offered (§Feedback;
    // feedback on other cards is refused, see variants16 and breakit21-cds).
    const back = draftOrder({ coding: [{ system: NCRP, code: 'SNA0GG' }] }, 'Korsryggsmerter i 2 uker. Ingen røde flagg.');
    const issued = (await call(body(`Practitioner/${gpPersonId}`, { order: back }))).json().cards[0] as { uuid: string; suggestions: { uuid: string }[] };
    const post = async (entry: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url,
        payload: { feedback: [{ card: issued.uuid, outcomeTimestamp: '2026-12-01T08:00:00Z', ...entry }] },
        headers: { authorization: `Bearer ${await client.sign(url)}` },
      });
    const suggestion = [{ id: issued.suggestions[0]!.uuid }];
    // A reason the card offered (fixb26: a reason the card never offered is refused, feedback.breakit26.test.ts).
    const reason = { reason: { system: 'https://radvis.no/fhir/CodeSystem/override-reason', code: 'patient-preference', display: 'Pasientens ønske' } };
    const cases: [string, Record<string, unknown>, number, string?][] = [
      ['accepted with a suggestion', { outcome: 'accepted', acceptedSuggestions: suggestion }, 200],
      ['overridden with a coded reason', { outcome: 'overridden', overrideReason: reason }, 200],
      [
        'overridden with a reason the card did not offer',
        { outcome: 'overridden', overrideReason: { reason: { system: 'http://example.org/override', code: 'patient-preference' } } },
        400,
      ],
      ['overridden with a comment only', { outcome: 'overridden', overrideReason: { userComment: 'Pasienten er allerede henvist' } }, 200],
      ['overridden without a reason', { outcome: 'overridden' }, 200],
      ['overridden with an empty acceptedSuggestions', { outcome: 'overridden', acceptedSuggestions: [] }, 200],
      ['accepted without suggestions', { outcome: 'accepted' }, 400, 'feedback.0.acceptedSuggestions'],
      ['overridden with accepted suggestions', { outcome: 'overridden', acceptedSuggestions: suggestion }, 400, 'feedback.0.acceptedSuggestions'],
      ['accepted with an override reason', { outcome: 'accepted', acceptedSuggestions: suggestion, overrideReason: reason }, 400, 'feedback.0.overrideReason'],
      ['an empty override reason', { outcome: 'overridden', overrideReason: {} }, 400, 'feedback.0.overrideReason'],
      ['a card that is not a UUID', { outcome: 'overridden', card: 'card-1' }, 400, 'feedback.0.card'],
      ['a suggestion id that is not a UUID', { outcome: 'accepted', acceptedSuggestions: [{ id: 'sug-1' }] }, 400, 'feedback.0.acceptedSuggestions.0.id'],
      ['a timestamp that is no instant', { outcome: 'overridden', outcomeTimestamp: '2026-02-30T25:00:00Z' }, 400],
    ];
    const failures: string[] = [];
    for (const [name, entry, status, field] of cases) {
      const before = await count('cds_feedback');
      const res = await post(entry);
      const stored = (await count('cds_feedback')) - before;
      const named = field === undefined || (res.json().issue ?? []).some((i: { expression?: string[] }) => i.expression?.[0] === field);
      if (res.statusCode !== status || stored !== (status === 200 ? 1 : 0) || !named)
        failures.push(`${name}: ${res.statusCode}, ${stored} stored, ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
