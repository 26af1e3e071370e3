// Refused DICOM attempts go to the access log through the one gate (gate.ts logRefusal), like every
// other refused attempt (Normen; platform17 point a), and the server log holds no personal data.
// Real clients: dcmtk's echoscu and findscu against the listener; MPPS through the scheduling
// domain's functions on the same database (what the N-CREATE / N-SET handlers call).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../testing/factories.ts';
import { CASES_DIR, dumpToDcm, findscuWorklist, openWorklistScp, runTool, type WorklistScp } from '../../testing/dicom.ts';
import { startPerformedStep, updatePerformedStepStatus } from '../../scheduling/performed.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { createDicomListener, type DicomListener } from './server.ts';

const T = 180_000;
let scp: WorklistScp;
let listener: DicomListener;
const lines: string[] = [];
let query: string;
/** RV0002 (MR01) is moved to another trust's site: CT01 must not see it, MR01 still does. */
let movedPatient: string;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-dicom-refusals-', async (db, world) => {
    const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Annanfjord HF' });
    const site = await createOrganization(db, { kind: 'site', name: 'Annanfjord sjukehus', parentId: hf });
    const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Annanfjord', parentId: site });
    await db.updateTable('modality').set({ site_org_id: site }).where('ae_title', '=', 'MR01').execute();
    await db.updateTable('requested_procedure').set({ department_org_id: dept }).where('accession_number', '=', 'RV0002').execute();
    movedPatient = world.patients.get('RV0002')!;
  });
  // A second listener on the same database whose server log is kept, to read what it writes.
  const keep = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  listener = createDicomListener({
    db: scp.db.kysely,
    aeTitle: 'RADVIS',
    port: 0,
    host: '127.0.0.1',
    log: { info: keep('info'), warn: keep('warn'), error: keep('error') },
  });
  await listener.start();
  query = await dumpToDcm(path.join(CASES_DIR, 'queries', 'A_minimal.dump'), scp.tmp);
}, T);

afterAll(async () => {
  await listener?.stop();
  await scp?.close();
});

const refused = (context: string) =>
  scp.db.kysely
    .selectFrom('access_log')
    .select(['actor_name', 'patient_id', 'resource_type', 'resource_id', 'reason', 'organization_id'])
    .where('outcome', '=', 'refused')
    .where('context', '=', context)
    .orderBy('id')
    .execute();

describe('refused DICOM attempts are in the access log (through the gate)', () => {
  it('an unregistered calling AE title: rejected at association (PS3.8 9.3.4, reason 3) and one refused row', { timeout: T }, async () => {
    const before = (await refused('dicom-association')).length;
    const r = await runTool('echoscu', ['-aet', 'UNKNOWN9', '-aec', 'RADVIS', '127.0.0.1', String(listener.port())]);
    expect(r.code).not.toBe(0);
    const rows = (await refused('dicom-association')).slice(before);
    expect(rows).toEqual([
      {
        actor_name: 'DICOM-modalitet UNKNOWN9',
        patient_id: null,
        resource_type: 'DicomAssociation',
        resource_id: 'UNKNOWN9',
        reason: 'unregistered-modality',
        organization_id: null,
      },
    ]);
  });

  it('a wrong called AE title (reason 7) is refused and logged too', { timeout: T }, async () => {
    const before = (await refused('dicom-association')).length;
    const r = await runTool('echoscu', ['-aet', 'CT01', '-aec', 'NOTRADVIS', '127.0.0.1', String(listener.port())]);
    expect(r.code).not.toBe(0);
    expect((await refused('dicom-association')).slice(before).map((x) => [x.resource_id, x.reason])).toEqual([['CT01', 'called-ae-not-ours']]);
  });

  it('a query naming another site’s station (PS3.4 K.6.1.2.2 Scheduled Station AE Title) answers nothing of it and is logged', { timeout: T }, async () => {
    const before = (await refused('dicom-mwl')).length;
    const r = await findscuWorklist(listener.port(), scp.tmp, query, { aet: 'CT01', keys: ['(0040,0100)[0].ScheduledStationAETitle=MR01'] });
    expect(r.status).toMatch(/Success/);
    expect(r.answers).toEqual([]);
    const rows = (await refused('dicom-mwl')).slice(before);
    expect(rows.map((x) => [x.actor_name, x.resource_id, x.reason, x.patient_id])).toEqual([
      ['DICOM-modalitet CT01', 'station:MR01', 'outside-modality-sites', null],
    ]);
    // The own site's station is no refusal.
    const own = await findscuWorklist(listener.port(), scp.tmp, query, { aet: 'CT01', keys: ['(0040,0100)[0].ScheduledStationAETitle=US01'] });
    expect(own.answers.length).toBeGreaterThan(0);
    expect((await refused('dicom-mwl')).length).toBe(before + 1);
  });

  it('a probe for another site’s accession number or patient ID answers nothing and leaves a refused row for that patient', { timeout: T }, async () => {
    const before = (await refused('dicom-mwl')).length;
    const { fnr } = await scp.db.kysely.selectFrom('patient').select('fnr').where('id', '=', movedPatient).executeTakeFirstOrThrow();
    for (const key of ['(0008,0050)=RV0002', `(0010,0020)=${fnr}`]) {
      const r = await findscuWorklist(listener.port(), scp.tmp, query, { aet: 'CT01', keys: [key] });
      expect({ key, answers: r.answers.length }).toEqual({ key, answers: 0 });
    }
    const rows = (await refused('dicom-mwl')).slice(before);
    expect(rows.map((x) => [x.patient_id, x.resource_id, x.reason])).toEqual([
      [movedPatient, 'RV0002', 'outside-modality-sites'],
      [movedPatient, 'RV0002', 'outside-modality-sites'],
    ]);
    // The machine of that site still gets it, without a refusal.
    const mr = await findscuWorklist(listener.port(), scp.tmp, query, { aet: 'MR01', keys: ['(0008,0050)=RV0002'] });
    expect(mr.answers.length).toBe(1);
    expect((await refused('dicom-mwl')).length).toBe(before + 2);
  });

  it('MPPS: an N-CREATE for another site’s step is not linked and is logged; an N-SET of another machine’s step likewise', { timeout: T }, async () => {
    const db = scp.db.kysely;
    const rp = await db
      .selectFrom('requested_procedure as rp')
      .innerJoin('scheduled_procedure_step as s', 's.requested_procedure_id', 'rp.id')
      .select(['rp.accession_number', 'rp.study_instance_uid'])
      .where('rp.accession_number', '=', 'RV0002')
      .executeTakeFirstOrThrow();
    const scheduled = [{ accessionNumber: rp.accession_number, studyInstanceUid: rp.study_instance_uid }];
    const before = (await refused('dicom-mpps')).length;
    const foreign = newDicomUid();
    const created = await startPerformedStep(
      db,
      { aeTitle: 'CT01', client: '127.0.0.1' },
      { sopInstanceUid: foreign, scheduled, startedAt: null, attributes: {} },
    );
    expect(created).toEqual({ outcome: 'created', stepId: null, stepIds: [] });
    // MR01 (that site's machine) starts it properly; CT01 then tries to complete MR01's step.
    const own = newDicomUid();
    const mine = await startPerformedStep(db, { aeTitle: 'MR01', client: '127.0.0.1' }, { sopInstanceUid: own, scheduled, startedAt: null, attributes: {} });
    expect(mine.outcome === 'created' && mine.stepId !== null).toBe(true);
    const set = await updatePerformedStepStatus(
      db,
      { aeTitle: 'CT01', client: '127.0.0.1' },
      { sopInstanceUid: own, status: 'completed', endedAt: null, discontinuationReason: null, attributes: {} },
    );
    expect(set).toEqual({ outcome: 'no-such-instance' });
    const rows = (await refused('dicom-mpps')).slice(before);
    expect(rows.map((x) => [x.actor_name, x.patient_id, x.resource_id, x.reason])).toEqual([
      ['DICOM-modalitet CT01', movedPatient, foreign, 'outside-modality-sites'],
      ['DICOM-modalitet CT01', movedPatient, own, 'not-this-modality'],
    ]);
  });

  it('the server log holds no query values: a refused C-FIND is logged with its status only', { timeout: T }, async () => {
    lines.length = 0;
    const r = await findscuWorklist(listener.port(), scp.tmp, query, { aet: 'CT01', keys: ['(0010,0030)=19730405-19610203'] });
    expect(r.status).not.toMatch(/Success/);
    // The peer is told why (Error Comment); the server log is not told the value.
    expect(lines.some((l) => l.includes('C-FIND refused'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/19730405|19610203/);
  });
});
