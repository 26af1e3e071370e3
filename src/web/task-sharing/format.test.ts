import { describe, expect, it } from 'vitest';
import { formatEstimate, formatPercent, reportCsv } from './format.ts';

describe('task-sharing formatting', () => {
  it('formats estimates and shares in Norwegian and English', () => {
    expect(formatEstimate({ value: 0.625, lower: 0.41, upper: 0.8349 }, 'nb')).toBe('0,63 (0,41–0,83)');
    expect(formatEstimate({ value: 0.625, lower: 0.41, upper: 0.8349 }, 'en')).toBe('0.63 (0.41–0.83)');
    expect(formatEstimate(null, 'nb')).toBe('–');
    expect(formatPercent(0.8333, 'nb')).toBe('83 %');
    expect(formatPercent(null, 'en')).toBe('–');
  });
  it('writes the groups as CSV with quoting', () => {
    const a = { n: 3, tooFew: true, percentAgreement: 2 / 3, kappaLinear: null, kappaQuadratic: null, ac2: { value: 0.5, lower: 0.1, upper: 0.9 }, matrix: [] };
    const csv = reportCsv(
      {
        departments: [],
        departmentId: null,
        samplePercent: 10,
        mayConfigure: false,
        from: '2026-01-01',
        to: '2026-12-31',
        minPairs: 10,
        categories: [],
        excluded: 0,
        overall: a,
        byModality: [],
        byExam: [{ key: 'x', label: 'MR kne; høyre', agreement: a }],
        byAssessor: [],
      },
      'nb',
    );
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    // Headings and groups in words (no internal names), booleans as ja/nei.
    expect(lines[0].startsWith('Gruppe;Navn;Antall par;Lik prioritet (andel);Kappa, lineær vekt;')).toBe(true);
    expect(lines[0].endsWith(';For få par')).toBe(true);
    expect(lines[1]).toBe('Samlet;;3;0,6667;;;;;;;0,5;0,1;0,9;ja');
    expect(lines[2].startsWith('Undersøkelse;"MR kne; høyre";3;')).toBe(true);
    const en = reportCsv(
      { ...JSON.parse(JSON.stringify({ overall: a })), departments: [], byModality: [], byExam: [], byAssessor: [] } as Parameters<typeof reportCsv>[0],
      'en',
    );
    const enLines = en.replace(/^\uFEFF/, '').split('\r\n');
    expect(enLines[0].startsWith('Group,Name,Pairs,Same priority (share),')).toBe(true);
    expect(enLines[1]).toBe('Overall,,3,0.6667,,,,,,,0.5,0.1,0.9,true');
  });
});
