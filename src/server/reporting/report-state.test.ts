import { describe, expect, it } from 'vitest';
import { answerChangedOnCountersign, decideConsultInsert, decideReportAction, refusalStatus, type ReaderFacts, type ReportFacts } from './report-state.ts';

const radiologist: ReaderFacts = { personId: 'rad', mayReportAlone: true, supervisor: true };
const lis: ReaderFacts = { personId: 'lis', mayReportAlone: false, supervisor: false };
const approvedLis: ReaderFacts = { personId: 'lis2', mayReportAlone: true, supervisor: false };
const r = (status: ReportFacts['status'], author: string, needsCountersign = false): ReportFacts => ({ status, authorPersonId: author, needsCountersign });

describe('report state machine', () => {
  it('a radiologist finalizes directly and both timestamps are set from a draft', () => {
    expect(decideReportAction(null, radiologist, 'finalize')).toEqual({
      ok: true,
      status: 'final',
      needsCountersign: false,
      stampPreliminary: true,
      stampFinal: true,
    });
  });
  it('a LIS report is preliminary and needs countersigning; the LIS cannot finalize it', () => {
    expect(decideReportAction(r('draft', 'lis'), lis, 'sign-preliminary')).toMatchObject({
      ok: true,
      status: 'preliminary',
      needsCountersign: true,
      stampPreliminary: true,
    });
    expect(decideReportAction(r('preliminary', 'lis', true), lis, 'finalize')).toEqual({ ok: false, refusal: 'needs-countersign' });
  });
  it('a LIS approved for the exam type finalizes alone', () => {
    expect(decideReportAction(null, approvedLis, 'finalize')).toMatchObject({ ok: true, status: 'final' });
    expect(decideReportAction(null, approvedLis, 'sign-preliminary')).toMatchObject({ ok: true, needsCountersign: false });
  });
  it('a specialist countersigns someone else’s preliminary report, never their own', () => {
    expect(decideReportAction(r('preliminary', 'lis', true), radiologist, 'countersign')).toMatchObject({
      ok: true,
      status: 'final',
      stampFinal: true,
      stampPreliminary: false,
    });
    expect(decideReportAction(r('preliminary', 'rad', true), radiologist, 'countersign')).toEqual({ ok: false, refusal: 'own-report' });
    expect(decideReportAction(r('preliminary', 'lis', true), approvedLis, 'countersign')).toEqual({ ok: false, refusal: 'not-supervisor' });
    expect(decideReportAction(r('draft', 'lis'), radiologist, 'countersign')).toEqual({ ok: false, refusal: 'not-awaiting-countersign' });
  });
  it('a final report is never edited or finalized again; it takes addenda', () => {
    expect(decideReportAction(r('final', 'rad'), radiologist, 'finalize')).toEqual({ ok: false, refusal: 'already-final' });
    expect(decideReportAction(r('final', 'rad'), radiologist, 'save')).toEqual({ ok: false, refusal: 'final-not-editable' });
    expect(decideReportAction(r('final', 'lis'), radiologist, 'countersign')).toEqual({ ok: false, refusal: 'already-final' });
    expect(decideReportAction(r('final', 'rad'), radiologist, 'addendum')).toMatchObject({ ok: true, status: 'final' });
    expect(decideReportAction(r('preliminary', 'rad'), radiologist, 'addendum')).toEqual({ ok: false, refusal: 'not-final' });
  });
  it('someone else’s draft is not mine to save or sign', () => {
    expect(decideReportAction(r('draft', 'lis'), radiologist, 'save')).toEqual({ ok: false, refusal: 'not-author' });
    expect(decideReportAction(r('draft', 'lis'), radiologist, 'finalize')).toEqual({ ok: false, refusal: 'not-author' });
  });
  it('state conflicts are 409 and missing rights 403', () => {
    expect(refusalStatus('already-final')).toBe(409);
    expect(refusalStatus('final-not-editable')).toBe(409);
    expect(refusalStatus('own-report')).toBe(403);
    expect(refusalStatus('no-report')).toBe(404);
  });
});

describe("a consultant's answer into the report text", () => {
  it("goes into no report as a new draft, and into its author's draft or preliminary report keeping the status", () => {
    expect(decideConsultInsert(null, lis)).toMatchObject({ ok: true, status: 'draft', needsCountersign: false });
    expect(decideConsultInsert(r('draft', 'lis'), lis)).toMatchObject({ ok: true, status: 'draft' });
    expect(decideConsultInsert(r('preliminary', 'lis', true), lis)).toMatchObject({ ok: true, status: 'preliminary', needsCountersign: true });
  });
  it("goes into a preliminary report awaiting countersigning by the supervising specialist, not into someone else's draft", () => {
    expect(decideConsultInsert(r('preliminary', 'lis', true), radiologist)).toMatchObject({ ok: true, status: 'preliminary', stampFinal: false });
    expect(decideConsultInsert(r('draft', 'lis'), radiologist)).toEqual({ ok: false, refusal: 'not-author' });
    expect(decideConsultInsert(r('preliminary', 'rad2'), approvedLis)).toEqual({ ok: false, refusal: 'not-author' });
  });
  it('never goes into a final report (an addendum instead)', () => {
    expect(decideConsultInsert(r('final', 'rad'), radiologist)).toEqual({ ok: false, refusal: 'final-not-editable' });
  });
});

describe('answerChangedOnCountersign (the referrer who saw a preliminary answer is told it changed)', () => {
  const before = { findings: 'Fraktur i distale radius.', conclusion: 'Distal radiusfraktur.' };
  it('grade 1 with the conclusion unchanged (findings edited, whitespace at the ends): not changed', () => {
    expect(answerChangedOnCountersign(before, { findings: 'Fraktur i distale radius, lett feilstilt.', conclusion: ' Distal radiusfraktur.\n' }, '1')).toBe(
      false,
    );
  });
  it('a changed conclusion is a change, whatever the grade', () => {
    expect(answerChangedOnCountersign(before, { ...before, conclusion: 'Ingen sikker fraktur.' }, '1')).toBe(true);
  });
  it('any discrepancy grade (2a, 2b, 3a, 3b) is a change, even with the text as it was', () => {
    for (const s of ['2a', '2b', '3a', '3b'] as const) expect(answerChangedOnCountersign(before, before, s)).toBe(true);
  });
  it('a template without a conclusion section: any section changed', () => {
    expect(answerChangedOnCountersign({ text: 'a' }, { text: 'a' }, '1')).toBe(false);
    expect(answerChangedOnCountersign({ text: 'a' }, { text: 'b' }, '1')).toBe(true);
  });
});
