// A tile map of the 21 hospital referral areas: one square per area on a grid, placed roughly as
// the areas lie (north at the top; the Oslo areas as a cluster), since no boundary data is at
// hand. Pure data and functions, tested without a browser.

/** Grid position (column, row) per referral area id; 5 columns × 10 rows. */
export const TILE_POSITIONS: Readonly<Record<string, { col: number; row: number }>> = {
  finnmark: { col: 4, row: 0 },
  unn: { col: 3, row: 1 },
  nordland: { col: 2, row: 2 },
  helgeland: { col: 2, row: 3 },
  'nord-trondelag': { col: 2, row: 4 },
  'more-og-romsdal': { col: 0, row: 5 },
  'st-olav': { col: 1, row: 5 },
  forde: { col: 0, row: 6 },
  innlandet: { col: 2, row: 6 },
  bergen: { col: 0, row: 7 },
  'vestre-viken': { col: 1, row: 7 },
  diakonhjemmet: { col: 2, row: 7 },
  lovisenberg: { col: 3, row: 7 },
  akershus: { col: 4, row: 7 },
  fonna: { col: 0, row: 8 },
  telemark: { col: 1, row: 8 },
  vestfold: { col: 2, row: 8 },
  ous: { col: 3, row: 8 },
  ostfold: { col: 4, row: 8 },
  stavanger: { col: 0, row: 9 },
  sorlandet: { col: 1, row: 9 },
};

export const TILE_COLUMNS = 5;
export const TILE_ROWS = 10;

/**
 * Colour class 0–4 of a value within [min, max] (quintile-like equal steps), or null for no value;
 * used for the tile colours with a legend.
 */
export function colourStep(value: number | null, min: number, max: number, steps = 5): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (max <= min) return Math.floor(steps / 2);
  return Math.min(steps - 1, Math.max(0, Math.floor(((value - min) / (max - min)) * steps)));
}

/** Sequential blue scale (light → dark), readable with dark text on the first three steps. */
export const TILE_COLOURS = ['#e6f0ff', '#b3d1ff', '#66a3ff', '#0067c5', '#00347d'];
