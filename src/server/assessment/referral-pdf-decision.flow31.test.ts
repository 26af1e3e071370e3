// flow31 (issue 8 §2): the referral PDF carries the department's decision and the booked time, as the
// referrer's page shows them — who assessed it and when, the priority and the exam's due date, where
// the exam is done, and once booked the time, the machine as people call it and the site. Read back
// with poppler's pdftotext, as a person's PDF reader would show it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let radiologist: ReturnType<typeof as>;
let secretary: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
const dir = mkdtempSync(path.join(tmpdir(), 'radvis-pdf-decision-'));

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function pdfText(referralId: string, n: number): Promise<string> {
  const res = await gp({ url: `/api/referrals/${referralId}/pdf` });
  expect(res.statusCode, res.body).toBe(200);
  const file = path.join(dir, `${n}.pdf`);
  writeFileSync(file, res.rawPayload);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('the referral PDF with the department’s decision and the booked time', () => {
  it('accepted: who assessed it, priority, due date and place; booked: the time, machine and site', async () => {
    const r = await f.referral({ status: 'submitted' });
    await t.db.kysely.insertInto('referral_event').values({ referral_id: r.id, kind: 'submitted', from_status: null, to_status: 'submitted' }).execute();
    let text = await pdfText(r.id, 1);
    expect(text).not.toContain('Vurdert');
    expect(text).not.toContain('Time ');

    const due = futureWorkingDay(20);
    const acc = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/accept`,
      payload: { version: 1, priorityCategory: 'within_weeks', examDueDate: due },
    });
    expect(acc.statusCode, acc.body).toBe(200);
    text = await pdfText(r.id, 2);
    expect(text).toMatch(/Vurdert \d{1,2}\. \p{L}+ \d{4}, Rita Radiolog/u);
    expect(text).toContain('Innen 6 uker');
    expect(text).toContain('Undersøkelsen gjøres ved');

    const day = futureWorkingDay(10);
    const b = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: acc.json().version, modalityId: f.mr, date: day, start: '09:15' },
    });
    expect(b.statusCode, b.body).toBe(201);
    text = await pdfText(r.id, 3);
    const spelled = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
    expect(text).toContain(`Time ${spelled} kl. 09:15, MR 1 Testby, Testby sjukehus`);
    // The place is in the booked time's line now, not repeated on its own.
    expect(text).not.toContain('Undersøkelsen gjøres ved');
  });
});
