import { describe, expect, it } from 'vitest';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { readExamCatalog } from './exam-text.fixture.ts';
import { examFromText } from './exam-text.ts';

const catalog = readExamCatalog();

describe('free-text exam names to NCRP', () => {
  it.each([
    ['MR kne', 'SNG0AG'],
    ['mr kne', 'SNG0AG'],
    ['MR av venstre kne', 'SNG0AG'],
    ['MR-undersøkelse av kneet', 'SNG0AG'],
    ['MRI knee', 'SNG0AG'],
    ['Rtg. kne hø.', 'SNG0AA'],
    ['Røntgen thorax', 'SSC0AA'],
    ['CT caput', 'SAA0AD'],
    ['CT hode', 'SAA0AD'],
    ['MR korsrygg', 'SNA0GG'],
    ['MR LS-columna', 'SNA0GG'],
    ['MR lumbosakralcolumna', 'SNA0GG'],
    ['MR hele columna', 'SNA0KG'],
    ['MR Th-columna', 'SNA0BG'],
    ['MR SI-ledd', 'SNE0BG'],
    ['CT abdomen og bekken', 'SSL0AD'],
    ['CT abdomen', 'SSD0AD'],
    ['ultralyd skulder', 'SNB0BK'],
    ['sng0ag', 'SNG0AG'],
  ])('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });

  // English as record systems send it: short names, word orders, and CPT display texts
  // (cds-hooks sandbox PAMA tab; argonautproject/cds-hooks-for-pama scenario 1 "Lumbar spine CT").
  it.each([
    ['CT lumbar spine', 'SNA0GD'],
    ['Lumbar spine CT', 'SNA0GD'],
    ['MRI lumbar spine', 'SNA0GG'],
    ['L-spine MRI', 'SNA0GG'],
    ['X-ray lumbar spine', 'SNA0GA'],
    ['Computed tomography, lumbar spine; without contrast material', 'SNA0GD'],
    ['Magnetic resonance (eg, proton) imaging, spinal canal and contents, lumbar; without contrast material', 'SNA0GG'],
    ['Computed tomography, head or brain; without contrast material', 'SAA0AD'],
    ['CT head', 'SAA0AD'],
    ['MRI brain', 'SAA0AG'],
    ['CTPA', 'SSC0AD'],
    ['CT pulmonary angiography', 'SSC0AD'],
    ['MRI knee', 'SNG0AG'],
    ['knee x-ray', 'SNG0AA'],
    ['X-ray shoulder', 'SNB0BA'],
    ['MRI shoulder', 'SNB0BG'],
    ['Shoulder ultrasound', 'SNB0BK'],
    ['MRI cervical spine', 'SNA0AG'],
    ['C-spine X-ray', 'SNA0AA'],
    ['MRI thoracic spine', 'SNA0BG'],
    ['MRI sacroiliac joints', 'SNE0BG'],
    ['X-ray hip', 'SNF0AA'],
    ['CT sinuses', 'SDX0AD'],
    ['Pelvic ultrasound', 'SSE0AK'],
    ['Transvaginal ultrasound', 'SSE0AK'],
    ['Chest X-ray', 'SSC0AA'],
    ['CT neck', 'SSB0AD'],
  ])('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });

  // Nynorsk (Nynorskordboka headwords and inflections) and Latin word order, as record systems in
  // Vestland and Møre og Romsdal write them.
  it.each([
    ['MR hovud', 'SAA0AG'],
    ['CT hovud', 'SAA0AD'],
    ['CT av hovudet', 'SAA0AD'],
    ['MR-undersøking av hovudet', 'SAA0AG'],
    ['MR-undersøking av kneet', 'SNG0AG'],
    ['Røntgen skuldra', 'SNB0BA'],
    ['MR høgre skuldra', 'SNB0BG'],
    ['Røntgen hofta', 'SNF0AA'],
    ['CT biholer', 'SDX0AD'],
    ['CT av biholene', 'SDX0AD'],
    ['MR columna lumbalis', 'SNA0GG'],
    ['MR columna cervicalis', 'SNA0AG'],
  ])('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });

  it('maps every catalogue exam from its own Norwegian and English name', () => {
    for (const e of catalog) {
      expect(examFromText(e.name, catalog), e.name).toBe(e.code);
      if (e.name_en) expect(examFromText(e.name_en, catalog), e.name_en).toBe(e.code);
    }
  });

  it('covers every exam that has advice, in bokmål and English', () => {
    const covered = [...GuidelineCatalogue.fromContent().current().pack.byExam.keys()];
    expect(covered.length).toBeGreaterThan(5);
    for (const code of covered) {
      const e = catalog.find((c) => c.code === code);
      expect(e, `${code} is in content/codes/ncrp.csv`).toBeTruthy();
      expect(examFromText(e!.name, catalog)).toBe(code);
      expect(examFromText(e!.name_en ?? '', catalog)).toBe(code);
    }
  });

  it.each([
    ['MR'],
    ['kne'],
    ['MR eller CT kne'],
    ['MR columna'],
    ['MRI spine'],
    [''],
    ['Bildediagnostikk av kne'],
    ['Magnetic resonance (eg, proton) imaging, any joint of lower extremity; without contrast material'],
    ['CT or MRI knee'],
  ])('is unsure about %j (no card)', (text) => {
    expect(examFromText(text, catalog)).toBeNull();
  });
});

describe('every catalogue exam from common English (interop kind 10)', () => {
  // Generated from content/codes/ncrp.csv: each exam's English name with every everyday English
  // word for its modality, before or after the body part, maps back to the exam.
  const MODALITY_EN: Record<string, string[]> = {
    MR: ['MRI', 'MR', 'Magnetic resonance imaging'],
    CT: ['CT', 'Computed tomography', 'CAT scan'],
    DX: ['X-ray', 'XR', 'radiograph', 'plain film'],
    US: ['ultrasound', 'US', 'sonography'],
  };
  const LEADING: Record<string, RegExp> = { MR: /^MR\s+/, CT: /^CT\s+/, DX: /^X-ray\s+|\s*X-ray$/, US: /^US\s+/ };
  const rows = catalog
    .filter((e) => e.name_en)
    .flatMap((e) => {
      const body = e.name_en!.replace(LEADING[e.modality], '').trim();
      return MODALITY_EN[e.modality].flatMap((m) => [`${m} ${body}`, `${body} ${m}`, `${m} of the ${body}`].map((text) => [text, e.code] as const));
    });
  it('covers every exam with an English name', () => {
    expect(new Set(rows.map(([, c]) => c)).size).toBe(catalog.filter((e) => e.name_en).length);
  });
  it.each(rows)('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });
});

// breakit27 (interop kind 10): an exam named the way the clinic says it, by one of the two words
// its catalogue name gives ("UL halskar (carotis)": the parenthesis is another name for the same
// exam, not a second body part), or by everyday clinical words for the body part (renal,
// urography/urografi, lower back, carotid Doppler/duplex). These gave no card.
describe('exams named by an alternative in the catalogue name or an everyday clinical word', () => {
  it.each([
    ['UL carotis', 'SPA0AK'],
    ['UL halskar', 'SPA0AK'],
    ['Ultralyd carotis', 'SPA0AK'],
    ['Ultralyd halskar', 'SPA0AK'],
    ['Doppler carotis', 'SPA0AK'],
    ['Duplex carotis', 'SPA0AK'],
    ['Carotid ultrasound', 'SPA0AK'],
    ['Carotid artery ultrasound', 'SPA0AK'],
    ['US carotid', 'SPA0AK'],
    ['Carotid doppler', 'SPA0AK'],
    ['Carotid duplex ultrasound', 'SPA0AK'],
    ['Renal ultrasound', 'SKX0AK'],
    ['Ultrasound renal', 'SKX0AK'],
    ['CT urografi', 'SKX0AD'],
    ['CT-urografi', 'SKX0AD'],
    ['CT urography', 'SKX0AD'],
    ['CT urogram', 'SKX0AD'],
    ['MRI lower back', 'SNA0GG'],
    ['MRI low back', 'SNA0GG'],
    ['Lower back X-ray', 'SNA0GA'],
  ])('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });

  it.each([['UL hals'], ['CT back'], ['MRI back'], ['Doppler']])('stays unsure about %j', (text) => {
    expect(examFromText(text, catalog)).toBeNull();
  });
});
