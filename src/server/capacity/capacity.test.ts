// The capacity API on a real database with a synthetic region: population-driven scenarios from
// Radvis' own exams, the Helse Vest preset through the API, CSV and PDF, projection import with
// refusals naming line and column, scenarios shared within a region (and hidden from others),
// version conflicts, the fleet, on-call costing, and the roles.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityMeta, FleetResponse, Scenario, ScenarioComparison, ScenarioResult } from '../../shared/api/capacity.ts';
import { refreshAggregates } from '../analytics/store.ts';
import { loadIndicators } from '../analytics/indicators.ts';
import { loadRegion } from '../synthetic/load.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { invalidateModelData, seedDemoEquipment, seedDemoScenarios } from './service.ts';

let t: TestContext;
let analyst: Session;
let leader: Session;
let otherLeader: Session;
let radiographer: Session;
let leaderUserId: string;
const NOW = new Date('2026-06-30T12:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  const region = await loadRegion(t.db, { scope: 'vest', referrals: 3000, seed: 11, now: NOW, years: 2 });
  const db = t.db.kysely;
  await refreshAggregates(db, loadIndicators());
  // As the demo does (synthetic/demo.ts): the generated exams are a sample of a real year.
  await db
    .insertInto('app_meta')
    .values({ key: 'demo', value: JSON.stringify({ samplingFraction: region.samplingFraction }) })
    .execute();
  invalidateModelData(db);
  await db.insertInto('organization').values({ id: 'hf-test-nord', kind: 'hf', name: 'Testforetaket i nord', region_id: 'nord' }).execute();
  const a = await createUser(db, { grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }] });
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: region.handles.largestDepartmentId }] });
  const o = await createUser(db, { grants: [{ role: 'department_leader', organizationId: 'hf-test-nord' }] });
  const r = await createUser(db, { grants: [{ role: 'radiographer', organizationId: region.handles.largestDepartmentId }], profession: 'radiographer' });
  analyst = await login(t.app, a.username, a.password);
  leader = await login(t.app, l.username, l.password);
  leaderUserId = l.userId;
  otherLeader = await login(t.app, o.username, o.password);

  radiographer = await login(t.app, r.username, r.password);
});

afterAll(async () => {
  await t?.close();
});

/** A PDF's text as a reader shows it (poppler's pdftotext, reading order), whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-capacity-pdf-')), 'c.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const lever = (percent: number) => ({ percent, fromYear: 2026, toYear: 2035 });

describe('scenarios from Radvis data', () => {
  it('projects demand from use per 10,000 and the (synthetic) projection, and levers lower the need', async () => {
    const meta = (await as(t.app, leader)({ url: '/api/capacity/meta' })).json<CapacityMeta>();
    expect(meta.regions.map((r) => r.id)).toEqual(['vest']);
    expect(meta.projection.kind).toBe('synthetic');
    const base = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'region', scopeId: 'vest' } });
    expect(base.statusCode).toBe(200);
    const r = base.json<ScenarioResult>();
    expect(r.baseYear).toBe(2025);
    expect(r.targetYear).toBe(2040);
    expect(r.basis).toMatchObject({ demand: 'population', projection: 'synthetic', rateYear: 2025 });
    expect(r.examTypes).toEqual(expect.arrayContaining(['CT', 'MR']));
    // An ageing population needs more: demand and FTE grow, and the gap starts at zero.
    const first = r.years[0];
    const last = r.years.at(-1)!;
    expect(first.gap.radiologist).toBeCloseTo(0, 1);
    expect(last.need.radiologist).toBeGreaterThan(first.need.radiologist);
    expect(last.capacityIndex).toBeGreaterThan(1);
    // Scaled to a real year's volume (demo sampling fraction): Helse Vest has tens of radiologist FTE, not fractions.
    expect(first.need.radiologist).toBeGreaterThan(10);

    const withAi = (
      await as(
        t.app,
        leader,
      )({
        method: 'POST',
        url: '/api/capacity/compute',
        payload: { scope: 'region', scopeId: 'vest', levers: { ai: lever(20), overuse: { percent: { MR: 30 }, fromYear: 2026, toYear: 2035 } } },
      })
    ).json<ScenarioResult>();
    const l2040 = withAi.years.at(-1)!;
    expect(l2040.need.radiologist).toBeLessThan(last.need.radiologist);
    expect(l2040.needWithoutMeasures.radiologist).toBeCloseTo(last.need.radiologist, 1);
    expect(l2040.exams.MR).toBeCloseTo(last.exams.MR * 0.7, 0);
  });

  it('reproduces the Helse Vest plan through the API from its preset', async () => {
    const meta = (await as(t.app, analyst)({ url: '/api/capacity/meta' })).json<CapacityMeta>();
    const preset = meta.presets.find((p) => p.id === 'helse-vest-2040')!;
    const r = (await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/compute', payload: preset.params })).json<ScenarioResult>();
    const y = r.years.find((x) => x.year === 2040)!;
    expect(Math.abs(y.need.radiologist - 143)).toBeLessThanOrEqual(3);
    expect(Math.abs(y.need.radiographer - 419)).toBeLessThanOrEqual(3);
    expect(Math.abs(y.needWithoutMeasures.radiologist - r.staff.radiologist - 43)).toBeLessThanOrEqual(3);
  });

  it('exports the result as CSV', async () => {
    const res = await as(
      t.app,
      leader,
    )({ method: 'POST', url: '/api/capacity/compute?format=csv', payload: { scope: 'area', scopeId: 'bergen', targetYear: 2030 } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    // The StatBank title line as the analytics tables (what, years, where, how; when made), a blank line, the table.
    const [title, blank, ...lines] = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // (Quoted in the file: the title holds the separator ";".)
    expect(title.replace(/^"|"$/g, '')).toMatch(
      /^Radvis – kapasitetsbehov i årsverk etter år og yrkesgruppe, 20\d\d–2030\. Utvalg: Område: Bergen\. Metode: Etterspørsel: bruk per 10 000 innbyggere fra Radvis-data \(20\d\d\) ganget med befolkningsframskrivingen; Befolkningsframskriving: [^.]+\. Laget \d{1,2}\. \p{L}+ \d{4} kl\. \d{2}:\d{2} \(norsk tid\)\.$/u,
    );
    expect(blank).toBe('');
    expect(lines[0]).toBe('Område;År;Yrkesgruppe;Behov (årsverk);Behov uten tiltak (årsverk);I dag (årsverk);Gap (årsverk);Kapasitetsindeks');
    expect(lines).toHaveLength(1 + 6 * 4);
    // The profession in words, not its code (issue 8).
    expect(lines[1]).toMatch(/^Bergen;2025;Radiolog;/);
    expect(res.body).not.toMatch(/;(radiologist|radiographer|reporting_radiographer|lis);/);
    expect(res.body).toContain(';Beskrivende radiograf;');
  });

  it('refuses percentages outside 0–100, a lever ending before it starts and unknown areas, with problem+json', async () => {
    for (const payload of [
      { scope: 'region', scopeId: 'vest', levers: { ai: lever(120) } },
      { scope: 'region', scopeId: 'vest', levers: { equipment: lever(-5) } },
      { scope: 'region', scopeId: 'vest', levers: { overuse: { percent: { MR: 101 }, fromYear: 2026, toYear: 2030 } } },
      { scope: 'region', scopeId: 'vest', levers: { ai: { percent: 10, fromYear: 2035, toYear: 2030 } } },
      { scope: 'area', scopeId: 'atlantis' },
      { scope: 'region', scopeId: 'vest', demand: { kind: 'stated', growthPercent: 27, byYear: 2040, baseYear: 2025 } },
    ]) {
      const res = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/compute', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lets only analysts and department leaders in, and a leader only into their own region', async () => {
    expect((await as(t.app, radiographer)({ url: '/api/capacity/meta' })).statusCode).toBe(403);
    expect((await as(t.app, leader)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'region', scopeId: 'nord' } })).statusCode).toBe(403);
    expect((await as(t.app, leader)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'country' } })).statusCode).toBe(403);
    expect((await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'country' } })).statusCode).toBe(200);
  });
});

describe('saved scenarios', () => {
  it('are named, shared within the region, hidden from other regions, and refuse stale versions', async () => {
    const payload = { name: 'KI og kveldsdrift', params: { scope: 'region', scopeId: 'vest', levers: { ai: lever(15), eveningShifts: lever(20) } } };
    const created = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/scenarios', payload });
    expect(created.statusCode).toBe(201);
    const s = created.json<Scenario>();
    expect(s).toMatchObject({ name: 'KI og kveldsdrift', regionId: 'vest', version: 1, editable: true });
    expect((await as(t.app, leader)({ method: 'POST', url: '/api/capacity/scenarios', payload })).statusCode).toBe(409);
    // Shared: the analyst sees it; a leader in Helse Nord does not.
    expect((await as(t.app, analyst)({ url: '/api/capacity/scenarios' })).json<Scenario[]>().map((x) => x.id)).toContain(s.id);
    expect((await as(t.app, otherLeader)({ url: '/api/capacity/scenarios' })).json<Scenario[]>()).toEqual([]);
    expect((await as(t.app, otherLeader)({ url: `/api/capacity/scenarios/${s.id}` })).statusCode).toBe(404);
    // Update with the version read; a second update with the same version is stale.
    const upd = await as(t.app, analyst)({ method: 'PUT', url: `/api/capacity/scenarios/${s.id}`, payload: { ...payload, name: 'KI, kveld', version: 1 } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json<Scenario>().version).toBe(2);
    expect((await as(t.app, leader)({ method: 'PUT', url: `/api/capacity/scenarios/${s.id}`, payload: { ...payload, version: 1 } })).statusCode).toBe(409);
    // Result, CSV and PDF of the saved scenario.
    const res = await as(t.app, leader)({ url: `/api/capacity/scenarios/${s.id}/result` });
    expect(res.json<ScenarioResult>().years.at(-1)!.machinesNeeded.CT).toBeGreaterThan(0);
    expect((await as(t.app, leader)({ url: `/api/capacity/scenarios/${s.id}/result?format=csv` })).headers['content-type']).toContain('text/csv');
    const pdf = await as(t.app, leader)({ url: `/api/capacity/scenarios/${s.id}/report.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // In bokmål by default, in English for a user who chose English: headings, levers and professions.
    const nbText = pdfText(pdf.rawPayload);
    expect(nbText).toContain('Kapasitetsscenario: KI, kveld');
    expect(nbText).toContain('Behov for årsverk (gap ved uendret bemanning i parentes)');
    expect(nbText).toMatch(/KI \(kortere beskrivetid\): 15 %/);
    expect((await as(t.app, leader)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const enText = pdfText((await as(t.app, leader)({ url: `/api/capacity/scenarios/${s.id}/report.pdf` })).rawPayload);
      expect(enText).toContain('Capacity scenario: KI, kveld');
      expect(enText).toContain('FTE needed (gap at constant staff in brackets)');
      expect(enText).toContain('Levers');
      expect(enText).toContain('Radiologist (today ');
      expect(enText).not.toContain('Behov for årsverk');
      expect(enText).not.toContain('Virkemidler');
    } finally {
      await as(t.app, leader)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
    // A scenario with invalid parameters is not saved.
    const bad = await as(
      t.app,
      leader,
    )({ method: 'POST', url: '/api/capacity/scenarios', payload: { name: 'Feil', params: { scope: 'region', scopeId: 'vest', levers: { ai: lever(200) } } } });
    expect(bad.statusCode).toBe(400);
    expect((await as(t.app, leader)({ url: '/api/capacity/scenarios' })).json<Scenario[]>()).toHaveLength(1);
    expect((await as(t.app, otherLeader)({ method: 'DELETE', url: `/api/capacity/scenarios/${s.id}` })).statusCode).toBe(404);
    expect((await as(t.app, leader)({ method: 'DELETE', url: `/api/capacity/scenarios/${s.id}` })).statusCode).toBe(204);
    expect((await as(t.app, leader)({ url: '/api/capacity/scenarios' })).json<Scenario[]>()).toEqual([]);
  });
});

describe('saved scenarios compared side by side', () => {
  const save = async (name: string, params: object) => {
    const res = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/scenarios', payload: { name, params } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Scenario>();
  };

  it('gives each scenario its own result, one shared line without measures, the target years, and CSV; other regions 404, bad ids 400', async () => {
    const ai = await save('Sammenlign: KI', { scope: 'region', scopeId: 'vest', levers: { ai: lever(25) } });
    const evening = await save('Sammenlign: kveld og belastning', {
      scope: 'region',
      scopeId: 'vest',
      targetYear: 2035,
      levers: { eveningShifts: lever(30), workload: { percent: { radiologist: 10, radiographer: 5 }, fromYear: 2026, toYear: 2035 } },
    });
    const bergen = await save('Sammenlign: Bergen', { scope: 'area', scopeId: 'bergen', levers: { ai: lever(25) } });
    const ids = [ai.id, evening.id];

    const res = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${ids.join(',')}` });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json<ScenarioComparison>();
    expect(c.scenarios.map((x) => x.scenario.name)).toEqual(['Sammenlign: KI', 'Sammenlign: kveld og belastning']);
    // Each scenario's numbers are its own result, as GET scenarios/{id}/result gives them.
    for (const [i, id] of ids.entries()) {
      const own = (await as(t.app, leader)({ url: `/api/capacity/scenarios/${id}/result` })).json<ScenarioResult>();
      expect(c.scenarios[i].result).toEqual(own);
    }
    const [a, e] = c.scenarios.map((x) => x.result);
    expect(a.years.at(-1)!.need.radiologist).toBeLessThan(a.years.at(-1)!.needWithoutMeasures.radiologist);
    expect(e.years.at(-1)!.year).toBe(2035);
    // Same region, base year and demand: one line without measures, over the longer scenario's years.
    expect(c.sameBase).toBe(true);
    expect(c.baseDifferences).toEqual([]);
    expect(c.targetYears).toEqual([2035, 2040]);
    expect(c.withoutMeasures!.map((y) => y.year)).toEqual(a.years.map((y) => y.year));
    expect(c.withoutMeasures!.at(-1)!.need).toEqual(a.years.at(-1)!.needWithoutMeasures);
    expect(c.withoutMeasures!.find((y) => y.year === 2035)!.need).toEqual(e.years.at(-1)!.needWithoutMeasures);

    // Another area is other base data: said, and no shared line.
    const mixed = (await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${ai.id},${bergen.id}` })).json<ScenarioComparison>();
    expect(mixed.sameBase).toBe(false);
    expect(mixed.baseDifferences).toContain('area');
    expect(mixed.withoutMeasures).toBeNull();

    // CSV: one row per scenario, year and profession, the profession and scenario in words.
    const csv = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${ids.join(',')}&format=csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    const [title, blank, ...lines] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(title.replace(/^"|"$/g, '')).toMatch(
      /^Radvis – kapasitetsscenarioer side om side, 20\d\d–20\d\d\. Utvalg: Scenarioer: Sammenlign: KI \(Helse Vest\); [^.]+\. Laget /,
    );
    expect(blank).toBe('');
    expect(lines[0]).toBe('Scenario;Område;År;Yrkesgruppe;Behov (årsverk);Behov uten tiltak (årsverk);I dag (årsverk);Gap (årsverk);Maskiner som trengs');
    expect(lines).toHaveLength(1 + (a.years.length + e.years.length) * 4);
    expect(lines[1]).toMatch(/^Sammenlign: KI;Helse Vest;2025;Radiolog;/);
    expect(csv.body).not.toContain(ai.id);

    // Access: a leader in another region gets 404 (the scenarios are not revealed), a radiographer 403.
    expect((await as(t.app, otherLeader)({ url: `/api/capacity/scenarios/compare?ids=${ids.join(',')}` })).statusCode).toBe(404);
    expect((await as(t.app, radiographer)({ url: `/api/capacity/scenarios/compare?ids=${ids.join(',')}` })).statusCode).toBe(403);
    expect((await as(t.app, analyst)({ url: `/api/capacity/scenarios/compare?ids=${ids.join(',')}` })).statusCode).toBe(200);
    expect((await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${ai.id},no-such-scenario` })).statusCode).toBe(404);

    // Bad input: one id, five, the same twice, a malformed id, none — problem+json 400.
    for (const q of [
      `ids=${ai.id}`,
      `ids=${[ai.id, evening.id, bergen.id, 'x1', 'x2'].join(',')}`,
      `ids=${ai.id},${ai.id}`,
      `ids=${ai.id},${encodeURIComponent('a b')}`,
      `ids=${ai.id},`,
      '',
      `ids=${ids.join(',')}&format=xml`,
    ]) {
      const bad = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?${q}` });
      expect(bad.statusCode, q).toBe(400);
      expect(bad.headers['content-type'], q).toContain('application/problem+json');
    }
    for (const s of [ai, evening, bergen]) expect((await as(t.app, leader)({ method: 'DELETE', url: `/api/capacity/scenarios/${s.id}` })).statusCode).toBe(204);
  });

  it('prints the comparison as a PDF in the user’s language: base data, what differs, a table per target year, a chart per profession; 400/403/404 as the API', async () => {
    const none = await save('Utskrift: uten tiltak', { scope: 'region', scopeId: 'vest' });
    // No lever touches radiographers' minutes here, so for radiographers this line lies on the one without measures.
    const ai = await save('Utskrift: KI 25 %', { scope: 'region', scopeId: 'vest', targetYear: 2035, levers: { ai: lever(25) } });
    const ids = `${none.id},${ai.id}`;
    const c = (await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${ids}` })).json<ScenarioComparison>();
    const res = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare/report.pdf?ids=${ids}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Sammenligning av kapasitetsscenarioer');
    expect(text).toContain('Scenarioer: Utskrift: uten tiltak, Utskrift: KI 25 %.');
    expect(text).toContain('bygger på samme grunnlag');
    // What differs, in words: the target year and the AI lever (no ids or codes).
    expect(text).toMatch(/Hva som skiller scenarioene .*Planår 2040 2035/);
    expect(text).toMatch(/KI \(kortere beskrivetid\) ikke brukt 25 % 2026–2035/);
    expect(text).not.toContain(none.id);
    // A table per target year with each scenario's own need (and gap), then the shared need without measures.
    const nb1 = (v: number) => v.toLocaleString('nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(c.targetYears).toEqual([2035, 2040]);
    for (const year of c.targetYears) expect(text).toContain(`Behov for årsverk i ${year} med tiltak`);
    const ai2035 = c.scenarios[1].result.years.find((y) => y.year === 2035)!;
    expect(text).toContain(`Utskrift: KI 25 % ${nb1(ai2035.need.radiologist)} (`);
    expect(text).toContain(`Uten tiltak (felles) ${nb1(c.withoutMeasures!.at(-1)!.need.radiologist)}`);
    // A chart per profession, drawn as vector text (legend and years) from the SVG; coinciding lines said.
    expect(text).toContain('Behov for årsverk per år og yrkesgruppe');
    expect(text).toMatch(/Radiograf .*Utskrift: uten tiltak \(= /);
    expect(text).toMatch(/Like linjer: «Utskrift: uten tiltak», «Utskrift: KI 25 %» og «Uten tiltak \(felles\)»/);

    // In English for a user who chose English.
    expect((await as(t.app, leader)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const en = pdfText((await as(t.app, leader)({ url: `/api/capacity/scenarios/compare/report.pdf?ids=${ids}` })).rawPayload);
      expect(en).toContain('Comparison of capacity scenarios');
      expect(en).toContain('What differs between the scenarios');
      expect(en).toContain('FTE needed in 2040 with measures');
      expect(en).not.toContain('Hva som skiller');
    } finally {
      await as(t.app, leader)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }

    // Access and bad input as the comparison: another region 404, a radiographer 403, bad ids 400.
    expect((await as(t.app, otherLeader)({ url: `/api/capacity/scenarios/compare/report.pdf?ids=${ids}` })).statusCode).toBe(404);
    expect((await as(t.app, radiographer)({ url: `/api/capacity/scenarios/compare/report.pdf?ids=${ids}` })).statusCode).toBe(403);
    for (const q of [`ids=${none.id}`, `ids=${none.id},${none.id}`, '', `ids=${ids}&format=csv`]) {
      const bad = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare/report.pdf?${q}` });
      expect(bad.statusCode, q).toBe(400);
      expect(bad.headers['content-type'], q).toContain('application/problem+json');
    }
    for (const s of [none, ai]) expect((await as(t.app, leader)({ method: 'DELETE', url: `/api/capacity/scenarios/${s.id}` })).statusCode).toBe(204);
  });
});

describe('projection import', () => {
  const head = '"region";"kjønn";"alder";"statistikkvariabel";"år";"Framskrevet folkemengde 1. januar"';
  function rows(region: string, year: number, n: (age: number) => number): string[] {
    const out: string[] = [];
    for (const sex of ['Menn', 'Kvinner'])
      for (let a = 0; a <= 100; a++) out.push(`"${region}";"${sex}";"${a} år";"Hovedalternativet (MMMM)";"${year}";${n(a)}`);
    return out;
  }

  it('refuses a bad file with line and column and changes nothing; only analysts may import', async () => {
    const bad = [head, ...rows('4601 Bergen', 2040, () => 100)];
    bad[10] = bad[10].replace(';100', ';-1');
    bad[20] = bad[20].replace('4601 Bergen', '9999 Ukjent');
    const res = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/projection', payload: { label: 'Feil fil', csv: bad.join('\n') } });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ errors: { field: string; message: string }[] }>().errors;
    expect(fields[0]).toMatchObject({ field: 'linje 11, kolonne 6 (Framskrevet folkemengde 1. januar)' });
    expect(fields[1].field).toBe('linje 21, kolonne 1 (region)');
    expect((await t.db.kysely.selectFrom('capacity_projection').select('area_id').execute()).length).toBe(0);
    const good = [head, ...rows('4601 Bergen', 2040, () => 100)].join('\n');
    expect((await as(t.app, leader)({ method: 'POST', url: '/api/capacity/projection', payload: { label: 'x', csv: good } })).statusCode).toBe(403);
  });

  it('imports a good file, which then replaces the synthetic projection for that area and year', async () => {
    const before = (
      await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'area', scopeId: 'bergen' } })
    ).json<ScenarioResult>();
    // Twice the people of every age in 2040 than the synthetic projection has anywhere near.
    const csv = [head, ...rows('4601 Bergen', 2040, (a) => (a < 90 ? 12000 : 2000))].join('\r\n');
    const res = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/projection', payload: { label: 'Test MMMM 2040', csv } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ areas: ['bergen'], years: [2040], cells: 38, alternative: 'Hovedalternativet (MMMM)' });
    const after = (
      await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'area', scopeId: 'bergen' } })
    ).json<ScenarioResult>();
    expect(after.basis.projection).toBe('imported');
    expect(after.years.at(-1)!.need.radiologist).not.toBeCloseTo(before.years.at(-1)!.need.radiologist, 0);
    expect(after.years[0].need.radiologist).toBeCloseTo(before.years[0].need.radiologist, 6);
  });
});

describe('fleet and on-call', () => {
  it('plans replacements by year from installation years and flags machines at risk', async () => {
    const r0 = await as(t.app, leader)({ url: '/api/capacity/fleet?horizon=2040' });
    expect(r0.statusCode, r0.body).toBe(200);
    const f0 = r0.json<FleetResponse>();
    expect(f0.machines.length).toBeGreaterThan(0);
    expect(f0.machines.every((m) => m.risk.includes('unknown-age'))).toBe(true);
    const m = f0.machines.find((x) => x.kind === 'CT')!;
    expect((await as(t.app, leader)({ method: 'PUT', url: `/api/capacity/fleet/${m.id}`, payload: { installedYear: 2015 } })).statusCode).toBe(204);
    expect((await as(t.app, leader)({ method: 'PUT', url: `/api/capacity/fleet/${m.id}`, payload: { installedYear: 1800 } })).statusCode).toBe(400);
    expect((await as(t.app, otherLeader)({ method: 'PUT', url: `/api/capacity/fleet/${m.id}`, payload: { installedYear: 2020 } })).statusCode).toBe(403);
    const f = (await as(t.app, leader)({ url: '/api/capacity/fleet?horizon=2040' })).json<FleetResponse>();
    const ct = f.machines.find((x) => x.id === m.id)!;
    const thisYear = new Date().getUTCFullYear();
    expect(ct).toMatchObject({ installedYear: 2015, lifetimeYears: 10, replacementYear: thisYear, risk: expect.arrayContaining(['age']) });
    const due = f.plan.filter((p) => (p.byKind.CT ?? 0) > 0).map((p) => p.year);
    expect(due).toEqual([thisYear, thisYear + 10].filter((y) => y <= 2040));
    expect(f.plan.find((p) => p.year === thisYear)!.investmentNok).toBe(12_000_000);
    const csv = await as(t.app, leader)({ url: '/api/capacity/fleet?format=csv' });
    expect(csv.body).toContain('Installert år');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
      new RegExp(`^Radvis – utstyrsparken med utskiftingsår og utnyttelse, ${thisYear}–2040\\. Utvalg: Region: Helse Vest\\. Laget `),
    );
    // Machine kind and risk in words (issue 8).
    expect(csv.body).toMatch(/;CT;2015;10;/);
    expect(csv.body).toMatch(/;Gammel(, |\r\n|$)/m);
    expect(csv.body).not.toMatch(/;age(\r|$| )/m);
    // The demo step fills the other machines' years, deterministically, and keeps the one set.
    await seedDemoEquipment(t.db.kysely, thisYear);
    await seedDemoEquipment(t.db.kysely, thisYear);
    const f2 = (await as(t.app, leader)({ url: '/api/capacity/fleet?horizon=2040' })).json<FleetResponse>();
    expect(f2.machines.filter((x) => x.risk.includes('unknown-age'))).toEqual([]);
    expect(f2.machines.find((x) => x.id === m.id)!.installedYear).toBe(2015);
    expect(f2.machines.every((x) => x.installedYear! < thisYear && x.installedYear! >= thisYear - 14)).toBe(true);
    expect(f2.plan.reduce((s, p) => s + p.machines, 0)).toBeGreaterThanOrEqual(f2.machines.length);
  });

  it('costs the Helse Nord on-call change at about 17.5 MNOK a year and refuses a bad cost', async () => {
    const meta = (await as(t.app, leader)({ url: '/api/capacity/meta' })).json<CapacityMeta>();
    const res = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/on-call', payload: meta.onCallCase.request });
    expect(res.json()).toEqual({ netFte: -15.8, annualCostChangeNok: -17_380_000, annualSavingNok: 17_380_000 });
    expect(
      (await as(t.app, leader)({ method: 'POST', url: '/api/capacity/on-call', payload: { items: [{ label: 'x', fteChange: 1 }], costPerFteNok: 0 } }))
        .statusCode,
    ).toBe(400);
  });

  it('describes every capacity route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/capacity/'));
    expect(paths.length).toBeGreaterThanOrEqual(8);
    expect(doc.paths['/api/capacity/compute'].post.responses['200']).toBeDefined();
  });
});

describe('the demo', () => {
  it('saves two scenarios of its region once, which its leader can open and compare', async () => {
    await t.db.kysely.deleteFrom('capacity_scenario').where('region_id', '=', 'vest').execute();
    await seedDemoScenarios(t.db.kysely, 'vest', leaderUserId, 2026);
    const first = await t.db.kysely.selectFrom('capacity_scenario').select(['id', 'version']).where('region_id', '=', 'vest').orderBy('id').execute();
    // Again (a restart of the demo): the region's scenarios stay as they are.
    await seedDemoScenarios(t.db.kysely, 'vest', leaderUserId, 2026);
    expect(await t.db.kysely.selectFrom('capacity_scenario').select(['id', 'version']).where('region_id', '=', 'vest').orderBy('id').execute()).toEqual(first);
    const list = (await as(t.app, leader)({ url: '/api/capacity/scenarios' })).json<{ id: string; name: string }[]>();
    expect(list.map((x) => x.name).sort()).toEqual(['KI og oppgavedeling (demo)', 'Uten tiltak (demo)']);
    const res = await as(t.app, leader)({ url: `/api/capacity/scenarios/compare?ids=${list.map((x) => x.id).join(',')}` });
    expect(res.statusCode).toBe(200);
    const cmp = res.json<ScenarioComparison>();
    expect(cmp.scenarios).toHaveLength(2);
    // The same base (one shared line without measures); the levers are what differs.
    expect(cmp.withoutMeasures).not.toBeNull();
  });

  it('computes its scenarios before saving them: before the analytics aggregates are built it refuses and saves nothing', async () => {
    // As a fresh demo is before its first build: exams loaded, aggregates not yet built.
    const fresh = await createTestContext();
    try {
      await loadRegion(fresh.db, { scope: 'vest', referrals: 400, seed: 3, now: NOW, years: 2 });
      const db = fresh.db.kysely;
      const u = await createUser(db, { grants: [{ role: 'department_leader', organizationId: 'rhf-vest' }] });
      const saved = () => db.selectFrom('capacity_scenario').select('name').where('region_id', '=', 'vest').execute();
      await expect(seedDemoScenarios(db, 'vest', u.userId, 2026)).rejects.toThrow(/Ingen undersøkelsesdata/);
      expect(await saved()).toEqual([]);
      // Once built (main.ts builds them before the server reports ready), both are saved and answer at once.
      await refreshAggregates(db, loadIndicators());
      await seedDemoScenarios(db, 'vest', u.userId, 2026);
      expect((await saved()).map((x) => x.name).sort()).toEqual(['KI og oppgavedeling (demo)', 'Uten tiltak (demo)']);
      const session = await login(fresh.app, u.username, u.password);
      const list = (await as(fresh.app, session)({ url: '/api/capacity/scenarios' })).json<{ id: string }[]>();
      const res = await as(fresh.app, session)({ url: `/api/capacity/scenarios/compare?ids=${list.map((x) => x.id).join(',')}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<ScenarioComparison>().scenarios[0].result.years.at(-1)!.need.radiologist).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });
});
