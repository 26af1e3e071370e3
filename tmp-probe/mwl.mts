import { dimse } from '/work/main/src/server/interop/dicom/dimse.ts';
const { Client, requests } = dimse;
for (let i = 0; i < 6; i++) {
  await new Promise<void>((resolve) => {
    const t0 = performance.now();
    const lap = (l: string) => process.stdout.write(`${l} ${(performance.now() - t0).toFixed(1)}  `);
    const client = new Client();
    const rq = requests.CFindRequest.createWorklistFindRequest({ PatientName: '', ScheduledProcedureStepSequence: [{ ScheduledStationAETitle: 'ALERISROMR84', ScheduledProcedureStepStartDate: '20261130' }] });
    let n = 0;
    rq.on('response', (r: any) => { if (n++ === 0) lap('first'); if (r.getStatus() === 0) lap(`final(${n})`); });
    client.addRequest(rq);
    client.on('associationAccepted', () => lap('accepted'));
    client.on('associationReleased', () => lap('released'));
    client.on('closed', () => { lap('closed'); console.log(); resolve(); });
    client.send('127.0.0.1', 11199, 'ALERISROMR84', 'RADVIS', { associationLingerTimeout: 0 });
  });
}
process.exit(0);
