// Keyset paging of FHIR searches (paging.ts, R4 http.html#paging): next and previous links carry a
// `_cursor`, and following them in either direction yields the same matches in the same order as
// one large page — with ties in the sort key, NULL authored dates, every `_sort` Radvis applies,
// rows inserted between two pages, and cursors that are forged, mixed with `_offset` or reused
// under another sort refused with 400.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirGet, openFhirVariantWorld, referralCount, type FhirVariantWorld, type SearchBundle } from '../../testing/fhir-variants.ts';
import { encodeCursor } from './paging.ts';

let w: FhirVariantWorld;
const N = 40;
beforeAll(async () => {
  w = await openFhirVariantWorld();
  const db = w.t.db.kysely;
  const cols = (
    await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'referral' AND is_generated = 'NEVER' AND identity_generation IS NULL
        AND column_name NOT IN ('id', 'identifier_system', 'identifier_value', 'submitted_at', 'updated_at')`.execute(db)
  ).rows.map((r) => r.c);
  // Clones of one referral: authored dates with ties (g % 5), every seventh without one (NULL), and
  // microsecond-precise update times, so the keys exercise ties, NULLs and sub-millisecond order.
  await sql`INSERT INTO referral (id, submitted_at, updated_at, ${sql.join(cols.map((c) => sql.ref(c)))})
    SELECT 'cur-' || g,
      CASE WHEN g % 7 = 0 THEN NULL ELSE timestamptz '2026-01-01 08:00:00+00' + (g % 5) * interval '1 day' END,
      timestamptz '2026-02-01 08:00:00.000001+00' + (g % 3) * interval '1 microsecond',
      ${sql.join(cols.map((c) => sql.ref(`r.${c}`)))}
    FROM referral r, generate_series(1, ${N}) g WHERE r.id = ${w.made.f1}`.execute(db);
}, 120_000);
afterAll(() => w.t.close());

/** The ids of a Bundle's matches in answer order (testing/fhir-variants.ts matchIds sorts them). */
const matchIds = (b: SearchBundle) => (b.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource.id);
const strip = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
const link = (b: SearchBundle, rel: string) => b.link.find((l) => l.relation === rel)?.url;
async function page(url: string): Promise<SearchBundle> {
  const res = await fhirGet(w.t.app, url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json<SearchBundle>();
}

describe('keyset cursor paging of ServiceRequest search', () => {
  it.each(['', '_sort=authored', '_sort=-_id', '_sort=_lastUpdated,-authored', '_sort=-authored,_id'])(
    '%s: next from the first page and previous back from the last give one page of everything, in order',
    async (sort) => {
      const q = sort ? `${sort}&` : '';
      const all = await page(`/fhir/ServiceRequest?${q}_count=100`);
      const expected = matchIds(all);
      expect(expected.length).toBe(await referralCount(w.t.db.kysely));
      const forward: string[] = [];
      let last: SearchBundle | undefined;
      for (let url: string | undefined = `/fhir/ServiceRequest?${q}_count=7`; url;) {
        last = await page(url);
        forward.push(...matchIds(last));
        const next = link(last, 'next');
        if (next) expect(next).toContain('_cursor=');
        url = next ? strip(next) : undefined;
      }
      expect(forward).toEqual(expected);
      const backward: string[] = [];
      backward.unshift(...matchIds(last!));
      for (let prev = link(last!, 'previous'); prev;) {
        const b = await page(strip(prev));
        backward.unshift(...matchIds(b));
        prev = link(b, 'previous');
      }
      expect(backward).toEqual(expected);
    },
  );

  it('a row added between two pages neither repeats nor hides one already paged past', async () => {
    const first = await page('/fhir/ServiceRequest?_sort=authored&_count=5');
    const db = w.t.db.kysely;
    const after = matchIds(await page('/fhir/ServiceRequest?_sort=authored&_count=100')).slice(5);
    expect(after).toContain('cur-1');
    // cur-1 (not yet read) moves before the cursor: the rest of the walk is what followed the first
    // page, without it, and nothing from the first page comes again.
    await sql`UPDATE referral SET submitted_at = timestamptz '2000-01-01 00:00:00+00' WHERE id = 'cur-1'`.execute(db);
    const rest: string[] = [];
    for (let url = link(first, 'next'); url;) {
      const b = await page(strip(url));
      rest.push(...matchIds(b));
      url = link(b, 'next');
    }
    expect(rest).toEqual(after.filter((id) => id !== 'cur-1'));
    expect(new Set([...matchIds(first), ...rest]).size).toBe(matchIds(first).length + rest.length);
  });

  it('the page at an _offset links onwards by cursor; _offset past the cap, forged or misplaced cursors are 400', async () => {
    const b = await page('/fhir/ServiceRequest?_count=10&_offset=10');
    expect(link(b, 'next')).toContain('_cursor=');
    expect(link(b, 'previous')).toContain('_cursor=');
    const cursor = new URL(link(b, 'next')!).searchParams.get('_cursor')!;
    for (const bad of [
      `_cursor=${cursor}&_sort=-_id`,
      `_cursor=${cursor}&_offset=3`,
      '_cursor=not-a-cursor',
      '_cursor=%7B%7D',
      `_cursor=${encodeCursor({ direction: 'next', key: ['tomorrow', 'x'], sort: 'authored:desc,_id:desc' })}`,
      `_cursor=${encodeCursor({ direction: 'next', key: ['1', 'x', 'y'], sort: 'authored:desc,_id:desc' })}`,
      '_offset=10001',
    ]) {
      const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    }
  });
});
