// Modality kinds as a department speaks of them. DICOM has two codes for plain X-ray — CR (computed
// radiography, image plates) and DX (digital radiography; DICOM PS3.3 C.7.3.1.1.1 "Modality") —
// that radiographers, referrers and leaders all call "røntgen": an approval, a rule or a choice for
// plain X-ray means both. Shared by the server's rules and the web app's forms.

/** The DICOM codes of plain X-ray; the first is the kind's own code. */
export const PLAIN_XRAY: readonly string[] = ['DX', 'CR'];

/** The kind of a modality code: 'DX' for both plain X-ray codes, else the code itself. */
export function modalityKind(code: string): string {
  return PLAIN_XRAY.includes(code) ? PLAIN_XRAY[0] : code;
}

/** Every code of the kind of `code` (both plain X-ray codes for either; else the code alone). */
export function codesOfKind(code: string): string[] {
  return PLAIN_XRAY.includes(code) ? [...PLAIN_XRAY] : [code];
}

/** The codes of `codes` with one per kind, in their order (plain X-ray as 'DX'). */
export function oneCodePerKind(codes: readonly string[]): string[] {
  return [...new Set(codes.map(modalityKind))];
}
