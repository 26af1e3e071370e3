// The per-column number formats of the CSV downloads for people (csv-columns.ts): each column with
// the precision its meaning has, as the page beside it shows it.
import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, toCsv } from './csv.ts';
import { CSV_COLUMN_FORMATS } from './csv-columns.ts';

/** One row written with the declared formats in the Norwegian dialect, as cells by column. */
function written(row: Record<string, unknown>): Record<string, string> {
  const columns = Object.keys(row);
  const line = toCsv(columns, [row], CSV_DIALECTS.nb, columns, { formats: CSV_COLUMN_FORMATS }).split('\r\n')[1].split(';');
  return Object.fromEntries(columns.map((c, i) => [c, line[i]]));
}

describe('CSV column formats', () => {
  it('rates per 10,000 and their limits with 1 decimal; counts whole', () => {
    expect(written({ events: 1234, crude_per_10000: 412.345678, standardized_per_10000: 398.96, lower: 371.049999, upper: 427.25, year: 2025 })).toEqual({
      events: '1234',
      crude_per_10000: '412,3',
      standardized_per_10000: '399,0',
      lower: '371,0',
      upper: '427,3', // 427.25 is exact in binary: rounded half away from zero, as the page
      year: '2025',
    });
  });

  it('shares as percentages with 1 decimal, as the page shows them; means of days and hours with 1 decimal', () => {
    expect(
      written({
        share: 0.123456,
        peerShare: 0.5,
        assessedInTimeShare: 0.987654,
        returnedShare: 0,
        privateShare: 0.0004,
        closedShare: 0.015,
        withdrawnShare: 0.01,
        endedShare: 0.025,
        shareOfClosed: 1,
        meanAssessmentWorkingDays: 3.456,
        meanDaysToExam: 21.04,
        meanHoursToPreliminary: 5.55,
        meanHoursToReport: 30,
      }),
    ).toEqual({
      share: '12,3',
      peerShare: '50,0',
      assessedInTimeShare: '98,8',
      returnedShare: '0,0',
      privateShare: '0,0',
      closedShare: '1,5',
      withdrawnShare: '1,0',
      endedShare: '2,5',
      shareOfClosed: '100,0',
      meanAssessmentWorkingDays: '3,5',
      meanDaysToExam: '21,0',
      meanHoursToPreliminary: '5,5', // 5.55 is 5.5499… as a double
      meanHoursToReport: '30,0',
    });
  });

  it('variation: extremal quotients and SCV with 2 decimals, the coefficient of variation (a percentage already) with 1', () => {
    expect(written({ eq1: 2.345678, eq2: 1.5, eq3: 1.2049, cv: 18.7654, scv: 3.14159, areas: 21 })).toEqual({
      eq1: '2,35',
      eq2: '1,50',
      eq3: '1,20',
      cv: '18,8',
      scv: '3,14',
      areas: '21',
    });
  });

  it('funnels: the target as a percentage like the shares, the overdispersion (φ about 1–5, τ² about 0.001) with 3 significant digits', () => {
    expect(written({ target: 0.0823456, phi: 2.345678, tau2: 0.00123456 })).toEqual({ target: '8,2', phi: '2,35', tau2: '0,00123' });
  });

  it('capacity: FTE with 1 decimal, the capacity index with 2, utilization as a whole percentage', () => {
    expect(written({ fte_need: 12.3456, gap: -0.04, capacity_index: 1.23456, utilization: 0.8765, replacement_cost_nok: 12500000 })).toEqual({
      fte_need: '12,3',
      gap: '0,0',
      capacity_index: '1,23',
      utilization: '88',
      replacement_cost_nok: '12500000',
    });
  });

  it('counts are whole numbers', () => {
    for (const c of [
      'events',
      'denominator',
      'numerator',
      'referrals',
      'performed',
      'preliminaryReported',
      'reported',
      'closed',
      'withdrawn',
      'count',
      'decisions',
    ])
      expect(CSV_COLUMN_FORMATS[c], c).toEqual({ kind: 'integer' });
  });
});
