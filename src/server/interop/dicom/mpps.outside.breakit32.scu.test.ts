// breakit32 (issue 8, MPPS from outside): what a modality's own encoder may send to the MPPS SCP
// (PS3.4 Annex F; IHE RAD TF-2 RAD-6 / RAD-7), each data set written by dcmtk's dump2dcm and sent by
// dcmjs-dimse on a real association (sendOnOneAssociation). The DIMSE statuses are PS3.4 F.7.2.1
// (N-CREATE), F.7.2.2 (N-SET) and PS3.7 C.4:
// - a type 1 attribute missing → 0x0120, present and empty → 0x0121 (Table F.7.2-1 "1/1");
// - N-CREATE in any status but IN PROGRESS → 0x0106 (F.7.2.1.1: "IN PROGRESS" at creation);
// - the same SOP Instance UID twice → 0x0111; an N-SET of an unknown one → 0x0112;
// - an N-SET once COMPLETED or DISCONTINUED → 0x0110 with Error ID A710 (F.7.2.2.3, Table F.7.2-2);
// - an N-SET carrying an attribute Table F.7.2-1 marks "Not allowed" for N-SET → 0x0105;
// - DISCONTINUED with or without (0040,0281): both accepted, the reason kept when sent;
// - several series in (0040,0340): all kept with the step;
// - a Specific Character Set Radvis cannot read → 0x0106, nothing stored (decodeMppsText in mpps.ts);
// - a procedure not in the worklist (IHE RAD-6 "unscheduled case"; "Patient/procedure not matched"):
//   accepted, kept unlinked, no booked exam changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { datasetFromDump, mppsCreateRaw, mppsSetRaw, ppsOf, stepOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import type { Request } from './dimse.ts';

const T = 180_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-b32-');
}, T);
afterAll(async () => scp?.close());

async function send(reqs: Request[]) {
  return sendOnOneAssociation(reqs, scp.listener.port(), 'CT01');
}
const hex = (s: number) => `0x${s.toString(16).padStart(4, '0')}`;

/** One dump line: `(gggg,eeee) VR [value]`. */
const el = (tag: string, vr: string, value: string) => `(${tag}) ${vr} [${value}]`;
/** A sequence of items, each a list of dump lines. */
function seq(tag: string, items: string[][]): string[] {
  return [
    `(${tag}) SQ (Sequence with explicit length #=${items.length})`,
    ...items.flatMap((lines) => ['(fffe,e000) na (Item with explicit length #=0)', ...lines, '(fffe,e00d) na (ItemDelimitationItem for re-encoding)']),
    '(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)',
  ];
}

/** The scheduled step items of fixture step n (CT01: 1 and 3), or an unscheduled item (a new study, no ids). */
function scheduled(n: number | 'unscheduled'): string[] {
  if (n === 'unscheduled')
    return seq('0040,0270', [
      [
        el('0008,0050', 'SH', ''),
        ...seq('0008,1110', []),
        el('0020,000d', 'UI', newDicomUid()),
        el('0032,1060', 'LO', ''),
        el('0040,0007', 'LO', ''),
        el('0040,0009', 'SH', ''),
        el('0040,1001', 'SH', ''),
      ],
    ]);
  return seq('0040,0270', [
    [
      el('0008,0050', 'SH', `RV000${n}`),
      el('0020,000d', 'UI', `1.2.826.0.1.3680043.8.498.1000${n}`),
      el('0040,0009', 'SH', `SPS000${n}`),
      el('0040,1001', 'SH', `RP000${n}`),
    ],
  ]);
}

/** N-CREATE dump lines: IN PROGRESS for `step`; `drop` leaves attributes (by tag) out, `set` replaces values. */
function createLines(step: number | 'unscheduled', opts: { drop?: string[]; set?: Record<string, string>; charset?: string; name?: string } = {}): string[] {
  const base: [string, string, string][] = [
    ['0008,0005', 'CS', opts.charset ?? 'ISO_IR 192'],
    ['0008,0060', 'CS', 'CT'],
    ['0010,0010', 'PN', opts.name ?? (step === 'unscheduled' ? 'UKJENT^PASIENT' : 'ØSTBØ^ÅSE MARIT')],
    ['0010,0020', 'LO', ''],
    ['0020,0010', 'SH', '1'],
    ['0040,0241', 'AE', 'CT01'],
    ['0040,0244', 'DA', '20261130'],
    ['0040,0245', 'TM', '083500'],
    ['0040,0252', 'CS', 'IN PROGRESS'],
    ['0040,0253', 'SH', 'PPS32'],
    ['0040,0254', 'LO', 'CT thorax'],
  ];
  const lines = base.filter(([t]) => !opts.drop?.includes(t)).map(([t, vr, v]) => el(t, vr, opts.set?.[t] ?? v));
  return [...lines, ...scheduled(step)];
}

const create = (uid: string, lines: string[]) => mppsCreateRaw(uid, datasetFromDump(scp.tmp, `${lines.join('\n')}\n`));
const set = (uid: string, lines: string[]) => mppsSetRaw(uid, datasetFromDump(scp.tmp, `${lines.join('\n')}\n`));

/** A performed series item with `images` referenced CT images. */
function series(images: number): string[] {
  return [
    el('0008,0060', 'CS', 'CT'),
    el('0008,103e', 'LO', 'Thorax'),
    el('0018,1030', 'LO', 'THORAX'),
    el('0020,000e', 'UI', newDicomUid()),
    ...seq(
      '0008,1140',
      Array.from({ length: images }, () => [el('0008,1150', 'UI', '1.2.840.10008.5.1.4.1.1.2'), el('0008,1155', 'UI', newDicomUid())]),
    ),
  ];
}

const completedLines = (seriesItems: string[][]) => [
  el('0008,0005', 'CS', 'ISO_IR 192'),
  el('0040,0250', 'DA', '20261130'),
  el('0040,0251', 'TM', '085000'),
  el('0040,0252', 'CS', 'COMPLETED'),
  ...seq('0040,0340', seriesItems),
];

describe('N-CREATE refused: the DIMSE status of PS3.4 Table F.7.2-1 / PS3.7 C.4, nothing stored', () => {
  const cases: [string, string[], number][] = [
    ['Performed Station AE Title (0040,0241) missing', createLines(1, { drop: ['0040,0241'] }), 0x0120],
    ['Performed Procedure Step ID (0040,0253) missing', createLines(1, { drop: ['0040,0253'] }), 0x0120],
    ['Performed Procedure Step Start Date (0040,0244) empty', createLines(1, { set: { '0040,0244': '' } }), 0x0121],
    ['Modality (0008,0060) empty', createLines(1, { set: { '0008,0060': '' } }), 0x0121],
    ['Performed Procedure Step Status (0040,0252) missing', createLines(1, { drop: ['0040,0252'] }), 0x0120],
    ['Scheduled Step Attributes Sequence (0040,0270) missing', createLines(1).slice(0, 11), 0x0120],
    ['status COMPLETED at creation', createLines(1, { set: { '0040,0252': 'COMPLETED' } }), 0x0106],
    ['status DISCONTINUED at creation', createLines(1, { set: { '0040,0252': 'DISCONTINUED' } }), 0x0106],
  ];
  for (const [name, lines, status] of cases) {
    it(`${name} → ${hex(status)}`, { timeout: T }, async () => {
      const uid = newDicomUid();
      const out = await send([create(uid, lines)]);
      expect(out.statuses.map(hex)).toEqual([hex(status)]);
      expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
    });
  }
  it('the scheduled step is untouched by all of them', { timeout: T }, async () => {
    expect((await stepOf(scp.db.kysely, 'RV0001')).status).toBe('scheduled');
  });
});

describe('a Specific Character Set Radvis cannot read (PS3.3 C.12.1.1.2, PS3.5 6.1.2.3)', () => {
  it('N-CREATE in "ISO_IR 999" with a name in it → 0x0106 naming (0008,0005), nothing stored, the step still scheduled', { timeout: T }, async () => {
    const uid = newDicomUid();
    const lines = createLines(1, { charset: 'ISO_IR 999' });
    const out = await send([create(uid, lines)]);
    expect(out.statuses.map(hex)).toEqual(['0x0106']);
    expect(out.replies[0]?.getErrorComment()).toMatch(/SpecificCharacterSet/);
    expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
    expect((await stepOf(scp.db.kysely, 'RV0001')).status).toBe('scheduled');
  });
  it('N-CREATE with an unknown code extension ("ISO 2022 IR 6\\ISO 2022 IR 999") → 0x0106, nothing stored', { timeout: T }, async () => {
    const uid = newDicomUid();
    const out = await send([create(uid, createLines('unscheduled', { charset: 'ISO 2022 IR 6\\ISO 2022 IR 999' }))]);
    expect(out.statuses.map(hex)).toEqual(['0x0106']);
    expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
  });
  it(
    'N-SET DISCONTINUED whose reason is in a set Radvis cannot read → 0x0106, the step stays in progress; in UTF-8 it is then accepted',
    { timeout: T },
    async () => {
      const uid = newDicomUid();
      expect((await send([create(uid, createLines('unscheduled'))])).statuses).toEqual([0x0000]);
      const discontinue = (charset: string) =>
        set(uid, [
          el('0008,0005', 'CS', charset),
          el('0040,0252', 'CS', 'DISCONTINUED'),
          ...seq('0040,0281', [[el('0008,0100', 'SH', '110514'), el('0008,0102', 'SH', 'DCM'), el('0008,0104', 'LO', 'Feil protokoll på maskinen')]]),
        ]);
      expect((await send([discontinue('ISO_IR 999')])).statuses.map(hex)).toEqual(['0x0106']);
      expect((await ppsOf(scp.db.kysely, uid))?.status).toBe('in_progress');
      expect((await send([discontinue('ISO_IR 192')])).statuses.map(hex)).toEqual(['0x0000']);
      expect((await ppsOf(scp.db.kysely, uid))?.discontinuation_reason).toBe('DCM 110514 Feil protokoll på maskinen');
    },
  );
  it('the sets Radvis reads stay accepted: Latin-1 bytes under ISO_IR 100', { timeout: T }, async () => {
    const uid = newDicomUid();
    const dump = Buffer.from(`${createLines('unscheduled', { charset: 'ISO_IR 100', name: 'SÆTHER^BJØRN' }).join('\n')}\n`, 'latin1');
    const out = await send([mppsCreateRaw(uid, datasetFromDump(scp.tmp, dump))]);
    expect(out.statuses.map(hex)).toEqual(['0x0000']);
    const stored = (await ppsOf(scp.db.kysely, uid))?.attributes as { PatientName?: { Alphabetic?: string }[] } | undefined;
    expect(stored?.PatientName?.[0]?.Alphabetic).toBe('SÆTHER^BJØRN');
  });
});

describe('N-SET from outside (PS3.4 F.7.2.2)', () => {
  it('on an instance never created → 0x0112', { timeout: T }, async () => {
    const out = await send([set(newDicomUid(), [el('0040,0252', 'CS', 'IN PROGRESS')])]);
    expect(out.statuses.map(hex)).toEqual(['0x0112']);
  });

  it('the same N-CREATE twice → 0x0000 then 0x0111; the first is kept', { timeout: T }, async () => {
    const uid = newDicomUid();
    const lines = createLines('unscheduled');
    const out = await send([create(uid, lines), create(uid, createLines('unscheduled', { set: { '0040,0254': 'Other' } }))]);
    expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0111']);
    expect((await ppsOf(scp.db.kysely, uid))?.attributes).toMatchObject({ PerformedProcedureStepDescription: 'CT thorax' });
  });

  const fixed: [string, string[]][] = [
    ['Patient ID (0010,0020)', [el('0010,0020', 'LO', 'OTHER')]],
    ["Patient's Name (0010,0010)", [el('0008,0005', 'CS', 'ISO_IR 192'), el('0010,0010', 'PN', 'ANNEN^PASIENT')]],
    ['Performed Procedure Step Start Date (0040,0244)', [el('0040,0244', 'DA', '20261129')]],
    ['Performed Station AE Title (0040,0241)', [el('0040,0241', 'AE', 'MR01')]],
    ['Modality (0008,0060)', [el('0008,0060', 'CS', 'MR')]],
    ['Scheduled Step Attributes Sequence (0040,0270)', scheduled('unscheduled')],
  ];
  for (const [name, lines] of fixed) {
    it(`changing ${name}, fixed at N-CREATE ("Not allowed" in N-SET) → 0x0105; nothing of it is kept`, { timeout: T }, async () => {
      const uid = newDicomUid();
      expect((await send([create(uid, createLines('unscheduled'))])).statuses).toEqual([0x0000]);
      const before = (await ppsOf(scp.db.kysely, uid))?.attributes;
      expect((await send([set(uid, [...lines, el('0040,0254', 'LO', 'changed')])])).statuses.map(hex)).toEqual(['0x0105']);
      const after = await ppsOf(scp.db.kysely, uid);
      expect(after?.status).toBe('in_progress');
      expect(after?.attributes).toEqual(before);
    });
  }

  it('after DISCONTINUED and after COMPLETED, any N-SET → 0x0110 with Error ID A710', { timeout: T }, async () => {
    const [a, b] = [newDicomUid(), newDicomUid()];
    const out = await send([
      create(a, createLines('unscheduled')),
      set(a, [el('0040,0252', 'CS', 'DISCONTINUED')]),
      set(a, [el('0040,0252', 'CS', 'IN PROGRESS')]),
      set(a, [el('0040,0254', 'LO', 'late description')]),
      create(b, createLines('unscheduled')),
      set(b, completedLines([series(1)])),
      set(b, [el('0040,0252', 'CS', 'DISCONTINUED')]),
      set(b, completedLines([series(1)])),
    ]);
    expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0000', '0x0110', '0x0110', '0x0000', '0x0000', '0x0110', '0x0110']);
    for (const i of [2, 3, 6, 7]) expect(out.replies[i]?.getCommandDataset().getElement('ErrorID')).toBe(0xa710);
    expect((await ppsOf(scp.db.kysely, a))?.status).toBe('discontinued');
    expect((await ppsOf(scp.db.kysely, b))?.status).toBe('completed');
    expect((await ppsOf(scp.db.kysely, a))?.attributes).toMatchObject({ PerformedProcedureStepDescription: 'CT thorax' });
  });

  it('DISCONTINUED without a reason code → 0x0000, no reason kept; with one → 0x0000, the reason kept', { timeout: T }, async () => {
    const [a, b] = [newDicomUid(), newDicomUid()];
    const out = await send([
      create(a, createLines('unscheduled')),
      set(a, [el('0040,0252', 'CS', 'DISCONTINUED')]),
      create(b, createLines('unscheduled')),
      set(b, [
        el('0008,0005', 'CS', 'ISO_IR 192'),
        el('0040,0252', 'CS', 'DISCONTINUED'),
        ...seq('0040,0281', [[el('0008,0100', 'SH', '110503'), el('0008,0102', 'SH', 'DCM'), el('0008,0104', 'LO', 'Patient allergic to media/contrast')]]),
      ]),
    ]);
    expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0000', '0x0000', '0x0000']);
    expect(await ppsOf(scp.db.kysely, a)).toMatchObject({ status: 'discontinued', discontinuation_reason: null });
    expect(await ppsOf(scp.db.kysely, b)).toMatchObject({ status: 'discontinued', discontinuation_reason: 'DCM 110503 Patient allergic to media/contrast' });
  });
});

describe('performed series and unscheduled procedures', () => {
  it('COMPLETED with three series (one of 40 images) → 0x0000; every series kept with the step; the exam is performed', { timeout: T }, async () => {
    const uid = newDicomUid();
    const items = [series(40), series(1), series(3)];
    const out = await send([create(uid, createLines(3)), set(uid, completedLines(items))]);
    expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0000']);
    const pps = await ppsOf(scp.db.kysely, uid);
    expect(pps?.status).toBe('completed');
    const kept = (pps?.attributes as { PerformedSeriesSequence?: { SeriesInstanceUID?: string; ReferencedImageSequence?: unknown[] }[] } | undefined)
      ?.PerformedSeriesSequence;
    expect(kept?.map((s) => s.ReferencedImageSequence?.length)).toEqual([40, 1, 3]);
    expect(new Set(kept?.map((s) => s.SeriesInstanceUID)).size).toBe(3);
    expect((await stepOf(scp.db.kysely, 'RV0003')).performed_at).not.toBeNull();
  });

  it('a series without its Series Instance UID (0020,000e) → 0x0120; the step stays in progress', { timeout: T }, async () => {
    const uid = newDicomUid();
    const bad = series(1).filter((l) => !l.startsWith('(0020,000e)'));
    const out = await send([create(uid, createLines('unscheduled')), set(uid, completedLines([series(1), bad]))]);
    expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0120']);
    expect((await ppsOf(scp.db.kysely, uid))?.status).toBe('in_progress');
  });

  it(
    'a patient and accession not in the worklist (IHE RAD-6 unscheduled; "Patient/procedure not matched") → 0x0000, kept unlinked, completed',
    { timeout: T },
    async () => {
      const uid = newDicomUid();
      const lines = createLines('unscheduled', { set: { '0010,0020': 'UKJENT-1' } });
      const out = await send([create(uid, lines), set(uid, completedLines([series(2)]))]);
      expect(out.statuses.map(hex)).toEqual(['0x0000', '0x0000']);
      expect(await ppsOf(scp.db.kysely, uid)).toMatchObject({ status: 'completed', step_id: null });
    },
  );
});
