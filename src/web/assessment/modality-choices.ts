// The modalities the accept form offers: one entry per kind of examination people know, in plain
// words. DICOM has two codes for plain X-ray — CR (computed radiography, image plates) and DX
// (digital radiography) — that radiographers and referrers both call "røntgen". Pure, so it is
// tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';
import { oneCodePerKind, PLAIN_XRAY } from '../../shared/modality-kind.ts';

/** DICOM modality codes of plain X-ray: one kind, "Røntgen" (shared/modality-kind.ts). */
const XRAY = PLAIN_XRAY;

/**
 * One choice per modality kind from `codes`, in their order: value the code sent with the decision,
 * label the message key of the kind's name. Plain X-ray is one choice: its value the current
 * choice when that is CR or DX (an exam booked as CR stays CR), else DX; its label "Røntgen".
 */
export function modalityChoices(codes: readonly string[], current: string): { value: string; label: MessageKey }[] {
  const out: { value: string; label: MessageKey }[] = [];
  for (const code of codes) {
    const xray = XRAY.includes(code);
    if (xray && out.some((c) => XRAY.includes(c.value))) continue;
    out.push({
      value: xray ? (XRAY.includes(current) ? current : 'DX') : code,
      label: `modality.${xray ? 'DX' : code}` as MessageKey,
    });
  }
  return out;
}

/**
 * The modality checkboxes to tick when a stored redirect rule is opened for a change: one per
 * kind, as the form offers them (`offered`, codes from `oneCodePerKind`). A rule stored with CR
 * before plain X-ray became one kind ticks "Røntgen" (DX); a code the form does not offer is left
 * out. Without this the CR rule opened with nothing ticked, and saving it unchanged would have
 * widened it to every modality (an empty list means all).
 */
export function ruleModalityChoices(stored: readonly string[], offered: readonly string[]): string[] {
  return oneCodePerKind(stored).filter((m) => offered.includes(m));
}
