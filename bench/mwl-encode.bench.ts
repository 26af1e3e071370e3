// The cost of encoding worklist answers in-process, without network or database: dcmjs' encoding
// of the naturalized answer (what the SCP did until session 10) against Radvis' own encoder
// (src/server/interop/dicom/encode.ts), per answer data set, and dcmjs' encoding of one C-FIND
// response command set (shared among a C-FIND's pending responses since session 10). For
// direction when changing the encode path; the MWL target itself is measured by mwl.bench.ts.
//
//   npx tsx bench/mwl-encode.bench.ts [answers per round, default 2000] [rounds, default 5]
import { dimse, TS } from '../src/server/interop/dicom/dimse.ts';
import { encodeWorklistAnswer, parseWorklistQuery, worklistAnswer } from '../src/server/interop/dicom/worklist-query.ts';
import type { WorklistItem } from '../src/server/scheduling/worklist-item.ts';
import { machine } from './lib.ts';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 5);

const item: WorklistItem = {
  patientKey: 'p',
  patientId: '01018012345',
  patientFamilyName: 'Østbø',
  patientGivenName: 'Åse Marit',
  patientBirthDate: '1970-01-01',
  patientSex: 'F',
  accessionNumber: 'RV0000001',
  referringPhysician: 'Lege^Referent',
  studyInstanceUid: '2.25.123456789012345678901234567890123',
  requestedProcedureId: 'RP0000001',
  requestedProcedureDescription: 'CT thorax med kontrast',
  requestedProcedurePriority: 'ROUTINE',
  requestedProcedureComments: null,
  procedureCode: { value: 'SAA0AD', meaning: 'CT hode' },
  step: {
    modality: 'CT',
    stationAeTitle: 'CT01',
    stationName: 'CT 1',
    startDate: '20261130',
    startTime: '083000',
    performingPhysician: '',
    description: 'CT thorax',
    spsId: 'SPS0000001',
    status: 'scheduled',
  },
};
// The return keys of the bench's and the README's findscu query, with the SPS item.
const q = parseWorklistQuery({
  SpecificCharacterSet: 'ISO_IR 192',
  AccessionNumber: '',
  PatientName: '',
  PatientID: '',
  StudyInstanceUID: '',
  RequestedProcedureDescription: '',
  RequestedProcedureID: '',
  ScheduledProcedureStepSequence: [
    {
      ScheduledStationAETitle: 'CT01',
      ScheduledProcedureStepStartDate: '20261130',
      ScheduledProcedureStepStartTime: '',
      Modality: '',
      ScheduledProcedureStepID: '',
    },
  ],
});

function perCall(f: () => unknown): number {
  const t = performance.now();
  for (let i = 0; i < N; i++) f();
  return (performance.now() - t) / N;
}

const request = new dimse.requests.CFindRequest();
console.log(`machine: ${machine()}`);
for (let r = 1; r <= ROUNDS; r++) {
  const dcmjs = perCall(() => new dimse.Dataset(worklistAnswer(item, q), TS.explicitLittle).getDenaturalizedDataset());
  const ours = perCall(() => encodeWorklistAnswer(item, q, TS.explicitLittle).bytes);
  const command = perCall(() => {
    const rsp = dimse.responses.CFindResponse.fromRequest(request);
    rsp.setStatus(0xff00);
    return rsp.getCommandDataset().getDenaturalizedCommandDataset();
  });
  console.log(
    `round ${r}: per answer data set dcmjs ${(dcmjs * 1000).toFixed(1)} µs, radvis ${(ours * 1000).toFixed(1)} µs; per command set (dcmjs) ${(command * 1000).toFixed(1)} µs`,
  );
}
