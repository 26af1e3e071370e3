// On-call arrangements (vaktordninger): what changing one costs or saves a year, from the FTE it
// frees or needs × an average cost per FTE. The method and the test case are Helse Nord's
// diagnostics report (2023, §5.3 "Konkrete beregninger for endring av vakt i regionen"):
// net change −7 − 4.5 − 7 + 2.7 = −15.8 FTE at 1.1 MNOK per FTE ≈ 17.5 MNOK a year saved.

/** One line of an arrangement change: FTE freed (negative) or needed (positive). */
export interface OnCallItem {
  label: string;
  fteChange: number;
}

export interface OnCallResult {
  /** Σ fteChange (negative = FTE freed). */
  netFte: number;
  /** netFte × cost per FTE, NOK per year (negative = saving). */
  annualCostChangeNok: number;
  /** −annualCostChangeNok: what the change saves a year (NOK). */
  annualSavingNok: number;
}

/**
 * Costs an on-call arrangement change. Inputs: FTE changes per line, average cost per FTE in NOK
 * per year (Helse Nord used 1.1 MNOK). Throws RangeError on a non-finite number or a cost ≤ 0
 * (the HTTP schema refuses these before they get here).
 */
export function costOnCallChange(items: readonly OnCallItem[], costPerFteNok: number): OnCallResult {
  if (!Number.isFinite(costPerFteNok) || costPerFteNok <= 0) throw new RangeError('cost per FTE must be a positive number');
  let net = 0;
  for (const i of items) {
    if (!Number.isFinite(i.fteChange)) throw new RangeError(`FTE change of "${i.label}" is not a number`);
    net += i.fteChange;
  }
  // Round away float noise (−7 − 4.5 − 7 + 2.7 is −15.799999… in binary floating point).
  net = Math.round(net * 1000) / 1000;
  const change = Math.round(net * costPerFteNok);
  return { netFte: net, annualCostChangeNok: change, annualSavingNok: -change };
}
