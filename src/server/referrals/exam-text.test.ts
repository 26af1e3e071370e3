import { describe, expect, it } from 'vitest';
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
    ['MR lumbosakralcolumna', 'SNA0GG'],
    ['CT abdomen og bekken', 'SSL0AD'],
    ['CT abdomen', 'SSD0AD'],
    ['ultralyd skulder', 'SNB0BK'],
    ['sng0ag', 'SNG0AG'],
  ])('%s → %s', (text, code) => {
    expect(examFromText(text, catalog)).toBe(code);
  });

  it.each([['MR'], ['kne'], ['MR eller CT kne'], ['MR columna'], [''], ['Bildediagnostikk av kne']])('is unsure about %j (no card)', (text) => {
    expect(examFromText(text, catalog)).toBeNull();
  });
});
