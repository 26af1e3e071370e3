// A DICOM modality code in the words people use ("Røntgen" for DX and CR, "Ultralyd" for US), in
// the page's language. Pure, so it is tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';
import { modalityKind } from '../../shared/modality-kind.ts';

/**
 * The name of modality `code` (DICOM PS3.3 C.7.3.1.1.1 Modality, e.g. 'DX', 'US', 'CT') through
 * `t`: the `modality.<kind>` message of its kind (plain X-ray's CR reads as DX's "Røntgen"), or
 * the code itself when no message names it (a modality Radvis has no words for yet).
 */
export function modalityName(t: (key: MessageKey) => string, code: string): string {
  const key = `modality.${modalityKind(code)}` as MessageKey;
  const name = t(key);
  return name === key ? code : name;
}
