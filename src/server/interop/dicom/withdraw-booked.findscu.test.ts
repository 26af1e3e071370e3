// flow29 (issue 8, a department's walk): "Trekk tilbake" after the exam is booked, the whole path
// with real DICOM peers. The rule Radvis follows, as a RIS does (IHE Scheduled Workflow: the order
// placer may cancel an order until the modality has begun it, RAD TF-2 RAD-2/RAD-4 "order cancel"
// and RAD-6 "Modality Procedure Step In Progress"):
// - while booked and not begun, the referrer may withdraw: the step is cancelled (the machine's time
//   is free again), dcmtk's findscu no longer gets the item from the Modality Worklist, and the
//   referral's history shows the department who withdrew it and why;
// - once the modality has reported the exam begun (MPPS N-CREATE IN PROGRESS), the referrer's page no
//   longer offers it and a withdrawal is refused (409) with nothing changed: the item stays the
//   modality's, which completes or discontinues it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { as, createTestContext, login, type TestContext } from '../../testing/harness.ts';
import { CASES_DIR, dumpToDcm, findscuWorklist, sendOnOneAssociation, tempDir } from '../../testing/dicom.ts';
import { bookingFixture, futureWorkingDay } from '../../booking/booking.fixture.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { createDicomListener, type DicomListener } from './server.ts';
import { dimse, SOP } from './dimse.ts';

const T = 180_000;
let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let listener: DicomListener;
let tmp: string;
let query: string;
let mrAe: string;
let secretary: ReturnType<typeof as>;
let referrer: ReturnType<typeof as>;
let day: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
  mrAe = (await t.db.kysely.selectFrom('modality').select('ae_title').where('id', '=', f.mr).executeTakeFirstOrThrow()).ae_title;
  const silent = { info() {}, warn() {}, error() {} };
  listener = createDicomListener({ db: t.db.kysely, aeTitle: 'RADVIS', port: 0, host: '127.0.0.1', log: silent });
  await listener.start();
  tmp = tempDir('radvis-withdraw-');
  query = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), tmp);
  day = futureWorkingDay(6);
}, T);
afterAll(async () => {
  await listener?.stop();
  await t?.close();
});

/** Books an accepted referral on the MR at `start`; returns its id, version and accession number. */
async function booked(start: string) {
  const r = await f.referral();
  const res = await secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version: 1, modalityId: f.mr, date: day, start } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: r.id, version: res.json().version as number, accession: res.json().accessionNumber as string };
}

/** What the MR gets from its worklist for `accession` (dcmtk findscu -W, as the machine's AE title). */
async function worklistOf(accession: string) {
  const r = await findscuWorklist(listener.port(), tmp, query, { aet: mrAe, keys: [`(0008,0050)=${accession}`] });
  expect(r.status).toBe('Success');
  return r.answers.map((a) => a.AccessionNumber);
}

/** The referral's row in the referrer's "Mine henvisninger" (GET /api/referrals/mine): whether it offers "Trekk tilbake". */
async function listedMayWithdraw(id: string): Promise<boolean | undefined> {
  const res = await referrer({ url: '/api/referrals/mine?limit=100' });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { rows: { id: string; may_withdraw: boolean }[] }).rows.find((x) => x.id === id)?.may_withdraw;
}

describe('the referrer withdraws a booked exam', () => {
  it('before the exam starts: the time is freed, findscu no longer gets it, the department sees who and why', { timeout: T }, async () => {
    const r = await booked('09:00');
    expect(await worklistOf(r.accession)).toEqual([r.accession]);
    const page = (await referrer({ url: `/api/referrals/${r.id}/status` })).json();
    expect(page).toMatchObject({ status: 'scheduled', mayWithdraw: true, appointment: { date: day, time: '09:00', started: false } });
    expect(await listedMayWithdraw(r.id)).toBe(true);

    const w = await referrer({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: r.version, text: 'Bedre, trenger ikke MR' } });
    expect(w.statusCode, w.body).toBe(200);
    expect(await worklistOf(r.accession)).toEqual([]);
    // The machine's time is free: another referral books the same slot.
    const again = await booked('09:00');
    expect(await worklistOf(again.accession)).toEqual([again.accession]);
    // The department's page names the withdrawal and its reason; no time is shown for the ended referral.
    const view = (await secretary({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(view.status).toBe('cancelled');
    expect(view.appointment).toBeNull();
    expect(view.events.at(-1)).toMatchObject({ kind: 'withdrawn', reason: 'Bedre, trenger ikke MR' });
    expect((await referrer({ url: `/api/referrals/${r.id}/status` })).json()).toMatchObject({ mayWithdraw: false, appointment: null });
  });

  it('after the modality began it (MPPS IN PROGRESS): not offered, refused with 409, nothing changed', { timeout: T }, async () => {
    const r = await booked('10:00');
    const step = await t.db.kysely
      .selectFrom('scheduled_procedure_step as s')
      .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
      .select(['s.id', 's.sps_id', 'rp.study_instance_uid', 'rp.requested_procedure_id'])
      .where('rp.referral_id', '=', r.id)
      .executeTakeFirstOrThrow();
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Oslo',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(Date.now() - 60_000))
        .map((x) => [x.type, x.value]),
    );
    const nowOslo = { date: `${parts.year}${parts.month}${parts.day}`, time: `${parts.hour}${parts.minute}${parts.second}` };
    const create = new dimse.requests.NCreateRequest(SOP.mpps, newDicomUid());
    create.setDataset(
      new dimse.Dataset({
        SpecificCharacterSet: 'ISO_IR 192',
        PerformedProcedureStepStatus: 'IN PROGRESS',
        PerformedProcedureStepID: 'PPS1',
        PerformedStationAETitle: mrAe,
        // Now in Oslo (a start in the future beyond the clock skew is refused, 0x0106).
        PerformedProcedureStepStartDate: nowOslo.date,
        PerformedProcedureStepStartTime: nowOslo.time,
        Modality: 'MR',
        StudyID: '1',
        ScheduledStepAttributesSequence: [
          {
            StudyInstanceUID: step.study_instance_uid,
            AccessionNumber: r.accession,
            RequestedProcedureID: step.requested_procedure_id,
            ScheduledProcedureStepID: step.sps_id,
          },
        ],
      }),
    );
    expect((await sendOnOneAssociation([create], listener.port(), mrAe)).statuses).toEqual([0x0000]);
    const page = (await referrer({ url: `/api/referrals/${r.id}/status` })).json();
    expect(page).toMatchObject({ mayWithdraw: false, appointment: { time: '10:00', started: true } });
    // "Mine henvisninger" no longer offers it either (the list row's may_withdraw, same rule).
    expect(await listedMayWithdraw(r.id)).toBe(false);
    const version = (await t.db.kysely.selectFrom('referral').select('version').where('id', '=', r.id).executeTakeFirstOrThrow()).version;
    const w = await referrer({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version } });
    expect(w.statusCode).toBe(409);
    const after = await t.db.kysely
      .selectFrom('referral as x')
      .innerJoin('requested_procedure as rp', 'rp.referral_id', 'x.id')
      .innerJoin('scheduled_procedure_step as s', 's.requested_procedure_id', 'rp.id')
      .select(['x.status', 'x.version', 's.status as step'])
      .where('x.id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'scheduled', version, step: 'in_progress' });
  });
});
