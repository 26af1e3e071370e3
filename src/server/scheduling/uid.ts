// DICOM UIDs Radvis makes (Study Instance UID, MPPS SOP Instance UID when a modality leaves it to
// the SCP). Radvis has no registered organizational UID root, so it uses the UUID-derived root
// 2.25 (DICOM PS3.5 B.2, ITU-T X.667 / ISO/IEC 9834-8): "2.25." followed by a random (version 4)
// UUID read as one unsigned 128-bit decimal integer. At most 2 + 1 + 39 = 42 characters, within
// the 64 a UI may hold. A deployment with its own root can swap this one function.
import crypto from 'node:crypto';

/** A new globally unique DICOM UID under 2.25 (PS3.5 B.2). */
export function newDicomUid(): string {
  const hex = crypto.randomUUID().replaceAll('-', '');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** Whether a string is a syntactically valid DICOM UID (PS3.5 9.1: digits and dots, no leading zeros, ≤ 64). */
export function isDicomUid(s: string): boolean {
  return s.length > 0 && s.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(s);
}
