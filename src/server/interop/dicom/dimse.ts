// dcmjs-dimse (MIT, https://github.com/PantelisGeorgiadis/dcmjs-dimse) is a CommonJS bundle whose
// named exports Node's ESM loader cannot see; load it through require once, typed by its .d.ts.
import { createRequire } from 'node:module';
import type * as Dimse from 'dcmjs-dimse';

const require = createRequire(import.meta.url);
export const dimse: typeof Dimse = require('dcmjs-dimse');

export type Association = Dimse.association.Association;
export type Request = Dimse.requests.Request;
export type CCancelRequest = Dimse.requests.CCancelRequest;
export type CEchoRequest = Dimse.requests.CEchoRequest;
export type CFindRequest = Dimse.requests.CFindRequest;
export type NCreateRequest = Dimse.requests.NCreateRequest;
export type NSetRequest = Dimse.requests.NSetRequest;
export type CEchoResponse = Dimse.responses.CEchoResponse;
export type CFindResponse = Dimse.responses.CFindResponse;
export type NCreateResponse = Dimse.responses.NCreateResponse;
export type NSetResponse = Dimse.responses.NSetResponse;

// The library logs every association and command at info level; Radvis logs its own events
// (without personal data) and keeps the library quiet.
dimse.log.setLevel('silent');

export const SOP = {
  verification: '1.2.840.10008.1.1',
  /** Modality Worklist Information Model – FIND (PS3.4 K.6.1). */
  worklistFind: '1.2.840.10008.5.1.4.31',
  /** Modality Performed Procedure Step (PS3.4 F.7). */
  mpps: '1.2.840.10008.3.1.2.3.3',
} as const;

export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
} as const;
