// breakit24: countersigning is for a preliminary report that waits for it (needs_countersign,
// the countersign queue's filter in store.ts). A radiologist's own preliminary report (they may
// report the exam type alone, so needsCountersign is false) is not in anyone's queue, yet any other
// radiologist may "countersign" it through POST /api/reporting/exams/:examId/report/countersign:
// that finalizes a colleague's unfinished report under the other's name and files a RADPEER grade
// against a report nobody asked to have reviewed.
import { describe, expect, it } from 'vitest';
import { decideReportAction, type ReaderFacts, type ReportFacts } from './report-state.ts';

const otherRadiologist: ReaderFacts = { personId: 'rad2', mayReportAlone: true, supervisor: true };

describe('countersigning a report that does not wait for it (breakit24)', () => {
  it("refuses to countersign a radiologist's preliminary report that needs no countersigning", () => {
    const report: ReportFacts = { status: 'preliminary', authorPersonId: 'rad1', needsCountersign: false };
    expect(decideReportAction(report, otherRadiologist, 'countersign')).toEqual({ ok: false, refusal: 'not-awaiting-countersign' });
  });
  it('still countersigns a preliminary report that waits for it', () => {
    const report: ReportFacts = { status: 'preliminary', authorPersonId: 'lis', needsCountersign: true };
    expect(decideReportAction(report, otherRadiologist, 'countersign')).toMatchObject({ ok: true, status: 'final' });
  });
});
