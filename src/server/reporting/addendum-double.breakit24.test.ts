// breakit24 (outside tester): a double submit of an addendum (a double click, a browser retry) is
// stored twice. On the demo three simultaneous POST /api/reporting/exams/:examId/report/addenda
// with the same text by the same radiologist gave three 201s: three identical addenda on the final
// report, which can never be removed (addenda are the report's permanent record), and three
// notifications to the referrer. Simultaneous identical addenda should be stored once (the other
// answers 409, or the same id), as finalizing twice is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let rad: Session;

beforeAll(async () => {
  t = await createTestContext();
  reg = await createReadingRegion(t.db.kysely);
  await createReadingList(t.db.kysely, { name: 'Fjord alt', owner: reg.deptA });
  const a = await createReader(t.db.kysely, { org: reg.deptA, role: 'radiologist' });
  rad = await login(t.app, a.username, a.password);
});
afterAll(async () => t?.close());

describe('a double-submitted addendum (breakit24)', () => {
  it('is stored once, and the referrer is notified once', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    const fin = await as(
      t.app,
      rad,
    )({
      method: 'POST',
      url: `/api/reporting/exams/${e.examId}/report/final`,
      payload: { sections: { findings: 'Ingen brudd.', conclusion: 'Normal.' }, expectedVersion: null },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const post = () =>
      as(
        t.app,
        rad,
      )({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/addenda`, payload: { text: 'Tillegg: sammenlignet med forrige, uendret.' } });
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.every((r) => r.statusCode < 500)).toBe(true);
    const rows = await t.db.kysely
      .selectFrom('report_addendum')
      .innerJoin('report', 'report.id', 'report_addendum.report_id')
      .select('report_addendum.id')
      .where('report.exam_id', '=', e.examId)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
