// breakit32 (issue 8): a FHIR date search value without a time zone is in the server's local time
// (R4 search.html#date). Radvis serves Norway, so `authored=2026-03-30` is the Norwegian day
// 30 March (Europe/Oslo): 2026-03-29T22:00Z up to 2026-03-30T22:00Z, the day after summer time
// began; read as UTC it would miss a referral written at 00:30 Norwegian time. Referrals are
// written over HTTP with an authoredOn in an explicit offset and searched for with and without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirGet, fhirPost, openFhirVariantWorld, variantReferral, type FhirVariantWorld, type SearchBundle } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await openFhirVariantWorld();
  // Just after midnight and just before it, Norwegian time, around both 2026 changes.
  const written: Record<string, string> = {
    afterMidnightMarch: '2026-03-30T00:30:00+02:00', // 2026-03-29T22:30Z
    beforeMidnightOctober: '2026-10-25T23:30:00+01:00', // 2026-10-25T22:30Z
    changeNight: '2026-03-29T03:10:00+02:00', // 01:10Z, ten minutes after the change
  };
  for (const [k, authoredOn] of Object.entries(written)) {
    const res = await fhirPost(w.t.app, variantReferral(`breakit32-${k}`, { authoredOn }));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    ids[k] = res.json<{ id: string }>().id;
  }
}, 180_000);
afterAll(() => w?.t.close());

async function found(q: string): Promise<string[]> {
  const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?${q}&_count=100`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const all = (res.json<SearchBundle>().entry ?? []).map((e) => e.resource.id);
  return Object.keys(ids).filter((k) => all.includes(ids[k]));
}

describe('FHIR date search without a zone is Norwegian time (R4 search.html#date)', () => {
  it('a day is the Norwegian calendar day, summer time included', async () => {
    expect(await found('authored=2026-03-30')).toEqual(['afterMidnightMarch']);
    expect(await found('authored=2026-03-29')).toEqual(['changeNight']);
    expect(await found('authored=2026-10-25')).toEqual(['beforeMidnightOctober']);
    expect(await found('authored=2026-10-26')).toEqual([]);
  });
  it('with a zone the value is read as it says', async () => {
    expect(await found('authored=ge2026-03-29T22:00:00Z&authored=lt2026-03-30T00:00:00Z')).toEqual(['afterMidnightMarch']);
    expect(await found('authored=ge2026-03-29T22:00:00%2B02:00&authored=lt2026-03-30T02:00:00%2B02:00')).toEqual(['afterMidnightMarch']);
  });
  it('a time without a zone is a reading of the Norwegian clock on either side of the change', async () => {
    // 03:10 on 29 March is summer time (01:10Z): the minute 03:10 finds it; 02:10, which that night's
    // clock skips, is read an hour on (03:10) and finds it too.
    expect(await found('authored=2026-03-29T03:10')).toEqual(['changeNight']);
    expect(await found('authored=2026-03-29T02:10')).toEqual(['changeNight']);
    expect(await found('authored=ge2026-03-29T03:11&authored=lt2026-03-30')).toEqual([]);
    expect(await found('authored=ge2026-10-25T23:00&authored=lt2026-10-26T00:00')).toEqual(['beforeMidnightOctober']);
  });
});
