// breakit31: FHIR edges found from outside (issue 7), through the real app and the record system's
// API client (testing/fhir-variants.ts):
// - date search values at minute precision (R4 search.html#date: "the minutes SHALL be present if
//   an hour is present" — seconds and zone optional) are read, at the minute's precision;
// - refusals carry the issue's stable reason (Radvis issue-reason CodeSystem) and its text in the
//   caller's language, the same for search, conditional create and create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_REASON_SYSTEM } from '../../http/errors.ts';
import { type TestContext } from '../../testing/harness.ts';
import {
  EPJ,
  FNR,
  fhirGet,
  fhirPost,
  openFhirVariantWorld,
  referralCount,
  type FhirVariantWorld,
  matchIds as ids,
  variantReferral as referral,
  withCheckDigits,
  type SearchBundle as B,
} from '../../testing/fhir-variants.ts';
import { FNR_OID } from '../../directory/identifiers.ts';
import { withZeroSeconds } from './search.ts';

let t: TestContext;
let made: FhirVariantWorld['made'];
beforeAll(async () => {
  ({ t, made } = await openFhirVariantWorld());
}, 10 * 60_000);
afterAll(() => t.close());

type Issue = { code: string; details: { coding: { system: string; code: string }[]; text: string }; expression?: string[] };
const reasons = (body: { issue: Issue[] }) => body.issue.map((i) => i.details.coding.find((c) => c.system === ISSUE_REASON_SYSTEM)?.code);
const q = (s: string) => s.replace(/\|/g, '%7C').replace(/\+/g, '%2B');

describe('date search at minute precision (R4 search.html#date)', () => {
  it('withZeroSeconds puts seconds into a minute-precision value only', () => {
    expect(withZeroSeconds('ge2026-12-01T10:00')).toBe('ge2026-12-01T10:00:00');
    expect(withZeroSeconds('2026-12-01T10:00+01:00')).toBe('2026-12-01T10:00:00+01:00');
    expect(withZeroSeconds('lt2026-12-01T10:00Z')).toBe('lt2026-12-01T10:00:00Z');
    for (const v of ['2026-12-01', '2026-12-01T10:00:00Z', '2026-12-01T10', 'ge2026']) expect(withZeroSeconds(v)).toBe(v);
  });

  it('authored and _lastUpdated take hh:mm with or without a zone; the answer is the one the same instant to the second gives', async () => {
    // authoredOn as served (the receipt time when the client sent none).
    const served = (await fhirGet(t.app, `/fhir/ServiceRequest/${made.f1}`)).json<{ authoredOn?: string }>().authoredOn;
    expect(served).toBeTruthy();
    const at = new Date(served!);
    // The minute the referral was written in, in UTC and as +01:00.
    const minuteUtc = at.toISOString().slice(0, 16);
    const plusOne = new Date(at.getTime() + 3600_000).toISOString().slice(0, 16);
    for (const [param, value] of [
      ['authored', `ge${minuteUtc}Z`],
      ['authored', `ge${plusOne}+01:00`],
      ['authored', `${minuteUtc}Z`],
      ['authored', `ge${minuteUtc}`],
      ['_lastUpdated', `ge2020-01-01T00:00`],
      ['authored', `le${minuteUtc}Z,ge2999-01-01T00:00Z`],
    ]) {
      const res = await fhirGet(t.app, `/fhir/ServiceRequest?${param}=${q(value)}`);
      expect(res.statusCode, `${param}=${value} ${res.body.slice(0, 300)}`).toBe(200);
      expect(ids(res.json<B>()), `${param}=${value}`).toContain(made.f1);
    }
    // eq at the minute is the whole minute; a minute later matches nothing written in it.
    const later = new Date(at.getTime() + 60_000).toISOString().slice(0, 16);
    const res = await fhirGet(t.app, `/fhir/ServiceRequest?authored=${q(`${later}Z`)}`);
    expect(res.statusCode).toBe(200);
    expect(ids(res.json<B>())).not.toContain(made.f1);
  });

  it('an hour without minutes, or a minute out of range, is still refused (400) with the search-value reason', async () => {
    for (const v of ['2026-12-01T10', '2026-12-01T10:60', 'ge2026-12-01T24:00']) {
      const res = await fhirGet(t.app, `/fhir/ServiceRequest?authored=${q(v)}`);
      expect(res.statusCode, v).toBe(400);
      expect(reasons(res.json())).toEqual(['search-value-invalid']);
    }
  });
});

describe('OperationOutcome reasons through the app', () => {
  it('an unknown search parameter: its reason and a text naming it, in bokmål or English', async () => {
    const nb = await fhirGet(t.app, '/fhir/ServiceRequest?bogus=1&status=active');
    expect(nb.statusCode).toBe(400);
    expect(reasons(nb.json())).toEqual(['search-parameter-unsupported']);
    expect(nb.json().issue[0].details.text).toBe('Søkeparameteren «bogus» støttes ikke (se /fhir/metadata).');
    const en = await fhirGet(t.app, '/fhir/ServiceRequest?status:above=active', { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(reasons(en.json())).toEqual(['search-modifier-unsupported']);
    expect(en.json().issue[0].details.text).toMatch(/^The search parameter “status:above” is not supported/);
  });

  it('a lenient search reports what it left out with the same reason, its text in the caller’s language', async () => {
    for (const [lang, text] of [
      [undefined, 'Søkeparameteren «bogus» støttes ikke (se /fhir/metadata).'],
      ['en', 'The search parameter “bogus” is not supported (see /fhir/metadata).'],
    ] as const) {
      const res = await fhirGet(t.app, '/fhir/ServiceRequest?bogus=1&status=active', {
        prefer: 'handling=lenient',
        ...(lang ? { 'accept-language': lang } : {}),
      });
      expect(res.statusCode).toBe(200);
      const outcome = res
        .json<{ entry: { resource: { resourceType: string; issue: Issue[] }; search: { mode: string } }[] }>()
        .entry.find((e) => e.search.mode === 'outcome');
      expect(outcome?.resource.issue[0].details).toEqual({ coding: [{ system: ISSUE_REASON_SYSTEM, code: 'search-parameter-unsupported' }], text });
      expect(outcome?.resource.issue[0].code).toBe('not-supported');
    }
  });

  it('conditional create matching several referrals: 412 with issue type multiple-matches, nothing stored', async () => {
    const before = await referralCount(t.db.kysely);
    const res = await fhirPost(t.app, referral('b31-many'), { 'if-none-exist': `patient.identifier=${FNR_OID}|${FNR}` });
    expect(res.statusCode).toBe(412);
    expect(res.json().issue[0].code).toBe('multiple-matches');
    expect(reasons(res.json())).toEqual(['conditional-multiple-matches']);
    expect(await referralCount(t.db.kysely)).toBe(before);
  });

  it('an If-None-Exist parameter that is not allowed there keeps its own reason under the If-None-Exist field', async () => {
    const res = await fhirPost(t.app, referral('b31-ine'), { 'if-none-exist': `identifier=${EPJ}|var-f1&_count=1` });
    expect(res.statusCode).toBe(400);
    expect(res.json().issue[0].expression).toEqual(['If-None-Exist._count']);
    expect(reasons(res.json())).toEqual(['conditional-parameter-not-allowed']);
  });

  it('create with an unknown patient or referrer: 422, the reason says which, the text in the caller’s language', async () => {
    const patient = await fhirPost(t.app, referral('b31-pat', { subject: { identifier: { system: FNR_OID, value: withCheckDigits(318360100) } } }), {
      'accept-language': 'en',
    });
    expect(patient.statusCode, patient.body).toBe(422);
    expect(reasons(patient.json())).toEqual(['patient-unknown']);
    expect(patient.json().issue[0].details.text).toBe('Radvis finds no patient with this fødselsnummer or D-number.');
    const requester = await fhirPost(t.app, referral('b31-hpr', { requester: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '9999999' } } }));
    expect(requester.statusCode, requester.body).toBe(422);
    expect(reasons(requester.json())).toEqual(['referrer-unknown']);
    expect(requester.json().issue[0].details.text).toBe('Radvis kjenner ikke henviserens HPR-nummer.');
  });

  it('a read of a referral that is not there: resource-not-found', async () => {
    const res = await fhirGet(t.app, '/fhir/ServiceRequest/ref-nope', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(404);
    expect(reasons(res.json())).toEqual(['resource-not-found']);
    expect(res.json().issue[0].details.text).toBe('The resource you asked for was not found.');
  });
});

describe('a body with a byte order mark (RFC 8259 §8.1)', () => {
  it('is read alike as application/fhir+json and application/json: created once, the retry answered with it', async () => {
    const body = `\uFEFF${JSON.stringify(referral('b31-bom'))}`;
    const fhir = await fhirPost(t.app, body);
    expect(fhir.statusCode, fhir.body).toBe(201);
    const json = await fhirPost(t.app, body, { 'content-type': 'application/json' });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json().id).toBe(fhir.json().id);
  });
});

describe('the base URL (batch/transaction, system search): not in the CapabilityStatement', () => {
  it('is answered 405 with an empty Allow and the interaction reason, on every method and with a trailing slash', async () => {
    const bundle = JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: referral('b31-tx'), request: { method: 'POST', url: 'ServiceRequest' } }],
    });
    const before = await referralCount(t.db.kysely);
    for (const [method, url] of [
      ['POST', '/fhir'],
      ['POST', '/fhir/'],
      ['GET', '/fhir'],
      ['GET', '/fhir?_type=ServiceRequest'],
      ['POST', '/fhir/_search'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { authorization: 'Bearer x', 'content-type': 'application/fhir+json' },
        ...(method === 'POST' ? { payload: bundle } : {}),
      });
      expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBe(405);
      expect(res.headers.allow, `${method} ${url}`).toBe('');
      expect(reasons(res.json()), `${method} ${url}`).toEqual(['interaction-not-supported']);
    }
    expect(await referralCount(t.db.kysely)).toBe(before);
  });
});
