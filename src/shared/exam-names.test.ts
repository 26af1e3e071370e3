import { describe, expect, it } from 'vitest';
import { readExamCatalog } from '../server/referrals/exam-text.fixture.ts';
import { examWords, searchExams } from './exam-names.ts';

const catalog = readExamCatalog();
const first = (q: string) => searchExams(q, catalog)[0]?.code;

describe('exam search with the words people use', () => {
  it.each([
    ['MR korsrygg', 'SNA0GG'],
    ['MR kors', 'SNA0GG'],
    ['CT hode', 'SAA0AD'],
    ['rtg kne', 'SNG0AA'],
    ['Røntgen kne', 'SNG0AA'],
    ['MR LS-columna', 'SNA0GG'],
    ['MR lumbal', 'SNA0GG'],
    ['ultralyd bekken', 'SSE0AK'],
    ['UL skulder', 'SNB0BK'],
    ['MR nakke', 'SNA0AG'],
    ['CT bihuler', 'SDX0AD'],
    ['knee MRI', 'SNG0AG'],
    ['CT lumbar spine', 'SNA0GD'],
    ['CTPA', 'SSC0AD'],
    ['MR hjerne', 'SAA0AG'],
    ['sng0ag', 'SNG0AG'],
  ])('%s finds %s first', (q, code) => {
    expect(first(q)).toBe(code);
  });

  it('keeps to the modality the query names', () => {
    expect(searchExams('MR skulder', catalog).map((e) => e.code)).toEqual(['SNB0BG']);
    expect(
      searchExams('skulder', catalog)
        .map((e) => e.modality)
        .sort(),
    ).toEqual(['CT', 'DX', 'MR', 'US']);
  });

  it('finds nothing for nothing or nonsense', () => {
    expect(searchExams('', catalog)).toEqual([]);
    expect(searchExams('   ', catalog)).toEqual([]);
    expect(searchExams('og', catalog)).toEqual([]);
    expect(searchExams('MR xyzzy', catalog)).toEqual([]);
  });

  it('joins hyphenated and multi-word names into one word', () => {
    expect(examWords('X-ray LS-columna, C-spine; computed tomography')).toEqual(['xray', 'lscolumna', 'cspine', 'computedtomography']);
  });
});
