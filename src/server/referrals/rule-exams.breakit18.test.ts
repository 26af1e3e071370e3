// breakit18 (outside tester): the public advice page (/henvisningsrad/{topic}, GET /api/guidelines/{id})
// shows each rule's condition in words but not the exam a rule is limited to (the rule's
// exam_codes in content/guidelines/*.yaml). Readers are told "the first rule that fits applies",
// then see, for hodepine 1.2.0: "Gjelder når: Tordenskrallhodepine → Egnet 9/9" followed by
// "Gjelder når: Tordenskrallhodepine → Vanligvis ikke egnet 3/9" (the first is CT caput only, the
// second MR caput only); for skulder: "Traume: nei; røde flagg: nei → Vanligvis ikke egnet" reads
// as if any shoulder imaging were meant, though the rule is for X-ray only. A GP or an editor reads
// contradictory or wrong advice. Expectation: a rule limited to some exams says which (codes or
// names) in the public API, so the page can show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../directory/reference-data.ts';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { createTestContext, type TestContext } from '../testing/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { guidelines: GuidelineCatalogue.fromContent() });
  // The exam catalogue (content/codes/ncrp.csv), so names are the real names, never codes.
  await loadReferenceData(t.db.kysely);
});
afterAll(async () => t?.close());

describe('breakit18: public advice rules limited to some exams', () => {
  it('hodepine: the two thunderclap rules say which exam each is for', async () => {
    const topic = (await t.app.inject({ url: '/api/guidelines/hodepine' })).json() as { rules: Record<string, unknown>[] };
    const ct = topic.rules.find((r) => r.id === 'tordenskrall')!;
    const mr = topic.rules.find((r) => r.id === 'tordenskrall-mr')!;
    // Same words for the condition…
    expect(ct.when).toEqual(mr.when);
    // …so the rule must carry the exam it is limited to (as the topic carries its examCodes).
    expect(JSON.stringify(ct.examCodes ?? ct.exams ?? null)).toMatch(/SAA0AD/);
    expect(JSON.stringify(mr.examCodes ?? mr.exams ?? null)).toMatch(/SAA0AG/);
  });
});

// The kind: every rule of every topic that is limited to some exams names them, by name in both
// languages (never a bare code as the name), on the topic page and in the public catalogue.
describe('public advice: every exam-limited rule names its exams', () => {
  it('GET /api/guidelines/{id} for every topic', async () => {
    const pack = t.app.guidelines.current().pack;
    const limited = pack.topics.flatMap((tp) => tp.rules.filter((r) => r.examCodes).map((r) => ({ topic: tp.id, rule: r })));
    expect(limited.length).toBeGreaterThan(2);
    const codes = new Set((await t.db.kysely.selectFrom('exam_code').select('code').execute()).map((x) => x.code));
    expect(codes.size).toBeGreaterThan(10);
    for (const tp of new Set(limited.map((l) => l.topic))) {
      const detail = (await t.app.inject({ url: `/api/guidelines/${tp}` })).json() as {
        rules: { id: string; examCodes?: string[]; exams?: { code: string; name: string; nameEn: string }[] }[];
      };
      for (const { rule } of limited.filter((l) => l.topic === tp)) {
        const r = detail.rules.find((x) => x.id === rule.id)!;
        expect(r.examCodes, `${tp}/${rule.id}`).toEqual(rule.examCodes);
        expect(r.exams?.map((e) => e.code)).toEqual(rule.examCodes);
        for (const e of r.exams ?? []) {
          expect(codes.has(e.name), `${tp}/${rule.id}: name is a code`).toBe(false);
          expect(codes.has(e.nameEn), `${tp}/${rule.id}: English name is a code`).toBe(false);
        }
      }
      // A rule for every exam of the topic carries no limitation.
      for (const r of detail.rules) if (!pack.topics.find((x) => x.id === tp)!.rules.find((x) => x.id === r.id)!.examCodes) expect(r.exams).toBeUndefined();
    }
  });

  it('hofte: the red-flag rules for MR and X-ray say which exam, by name', async () => {
    const topic = (await t.app.inject({ url: '/api/guidelines/hofte' })).json() as { rules: { id: string; exams?: { name: string; nameEn: string }[] }[] };
    const mr = topic.rules.find((r) => r.id === 'rode-flagg-mr')!;
    const xr = topic.rules.find((r) => r.id === 'rode-flagg-rontgen')!;
    expect(mr.exams?.[0].name).toMatch(/MR/i);
    expect(xr.exams?.[0].name).toMatch(/røntgen/i);
    expect(xr.exams?.[0].nameEn).toMatch(/x-ray|radiograph/i);
  });

  it('GET /api/advice-catalogue: hodepine advice names the exam of each thunderclap rule', async () => {
    const cat = (await t.app.inject({ url: '/api/advice-catalogue?q=hodepine' })).json() as {
      topics: { id: string; advice: { when: { nb: string }; exams?: { name: string; nameEn: string }[] }[] }[];
    };
    const hode = cat.topics.find((x) => x.id === 'hodepine')!;
    const thunder = hode.advice.filter((a) => /tordenskrall/i.test(a.when.nb));
    expect(thunder.length).toBe(2);
    const names = thunder.map((a) => a.exams?.map((e) => e.name).join(','));
    expect(names[0]).toMatch(/CT/);
    expect(names[1]).toMatch(/MR/);
  });
});
