import { describe, expect, it } from 'vitest';
import { colourStep, TILE_COLUMNS, TILE_POSITIONS, TILE_ROWS } from './tile-map.ts';

describe('tile map of the referral areas', () => {
  it('places all 21 areas on distinct tiles inside the grid', () => {
    const positions = Object.values(TILE_POSITIONS);
    expect(positions).toHaveLength(21);
    expect(new Set(positions.map((p) => `${p.col},${p.row}`)).size).toBe(21);
    for (const p of positions) {
      expect(p.col).toBeLessThan(TILE_COLUMNS);
      expect(p.row).toBeLessThan(TILE_ROWS);
    }
  });
  it('keeps north to the top: Finnmark above Bergen above Stavanger', () => {
    expect(TILE_POSITIONS.finnmark.row).toBeLessThan(TILE_POSITIONS.bergen.row);
    expect(TILE_POSITIONS.bergen.row).toBeLessThan(TILE_POSITIONS.stavanger.row);
    expect(TILE_POSITIONS.bergen.col).toBeLessThan(TILE_POSITIONS.ostfold.col);
  });
  it('colour steps', () => {
    expect(colourStep(null, 0, 10)).toBeNull();
    expect(colourStep(0, 0, 10)).toBe(0);
    expect(colourStep(10, 0, 10)).toBe(4);
    expect(colourStep(5, 5, 5)).toBe(2);
  });
});
