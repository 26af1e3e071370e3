// The views' shapes on the table suppression: a list with its total, a unit × year grid whose
// unit totals another view shows.
import { describe, expect, it } from 'vitest';
import { protectGrid, protectList } from './small-counts.ts';

describe('protectList', () => {
  it('hides a second unit beside a lone small one, and every count of a hidden row', () => {
    const rows = [
      { referrals: 120, closed: 12 },
      { referrals: 5, closed: 0 },
      { referrals: 40, closed: 3 },
    ];
    const h = protectList(rows, 'referrals', ['referrals', 'closed']);
    expect(h.map((x) => x.referrals)).toEqual([false, true, true]);
    // Closed: the hidden rows' counts go with them; 3 is small anyway.
    expect(h.map((x) => x.closed)).toEqual([false, true, true]);
  });
});

describe('protectGrid', () => {
  it('one year: the year column is protected, relying on the units’ period totals the process view hides too', () => {
    const grid = [48, 11, 5, 39, 104].map((referrals) => [{ referrals }]);
    const h = protectGrid(grid, 1, 'referrals', ['referrals']);
    const hidden = h.cells.map((r) => r[0].referrals);
    expect(hidden[2]).toBe(true);
    expect(hidden.filter(Boolean).length + Number(h.yearTotals[0].referrals)).toBeGreaterThanOrEqual(2);
    // The process view (same units over the period) hides the same two.
    expect(
      protectList(
        grid.map((r) => r[0]),
        'referrals',
        ['referrals'],
      ).map((x) => x.referrals),
    ).toEqual(hidden);
  });

  it('two years: a small year of a unit is closed in within its unit and within its year', () => {
    const grid = [
      [{ referrals: 60 }, { referrals: 4 }],
      [{ referrals: 50 }, { referrals: 70 }],
      [{ referrals: 80 }, { referrals: 90 }],
    ];
    const h = protectGrid(grid, 2, 'referrals', ['referrals']);
    const cells = h.cells.map((r) => r.map((x) => x.referrals));
    expect(cells[0][1]).toBe(true);
    expect(cells[0].filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(cells.map((r) => r[1]).filter(Boolean).length + Number(h.yearTotals[1].referrals)).toBeGreaterThanOrEqual(2);
  });

  it('never uses a unit-year without a row as a complement: the reader reads it as 0', () => {
    // Found on generated data: a closed count hidden with its row, its only partner a year with no row.
    const grid = [
      [{ closed: 0 }, undefined],
      [{ closed: 40 }, { closed: 30 }],
      [{ closed: 25 }, { closed: 20 }],
    ];
    const h = protectGrid(grid, 2, 'closed', ['closed']);
    expect(h.cells[0][1].closed).toBe(false);
  });
});
