import { describe, expect, it } from 'vitest';
import type { ExamReportView } from '../../shared/api/reporting.ts';
import { initialSections, primaryAction, requiredFilled, shortcut } from './report-editor.ts';

const view = {
  referral: { clinicalQuestion: 'Meniskskade?' },
  template: {
    sections: [
      { id: 'clinical', title: 'Klinisk', rows: 2, required: false, default: null },
      { id: 'technique', title: 'Teknikk', rows: 1, required: false, default: 'Standard.' },
      { id: 'conclusion', title: 'Konklusjon', rows: 3, required: true, default: null },
    ],
  },
  report: null,
} as unknown as ExamReportView;

describe('report editor', () => {
  it('starts from the template defaults and the referrer’s question', () => {
    expect(initialSections(view)).toEqual({ clinical: 'Meniskskade?', technique: 'Standard.', conclusion: '' });
    expect(initialSections({ ...view, report: { sections: { clinical: '', conclusion: 'X' } } } as unknown as ExamReportView)).toEqual({
      clinical: '',
      technique: 'Standard.',
      conclusion: 'X',
    });
  });
  it('chooses the primary sign action by what the reader may do', () => {
    const none = { save: false, signPreliminary: false, finalize: false, countersign: false, addendum: false };
    expect(primaryAction({ ...none, countersign: true, finalize: true })).toBe('countersign');
    expect(primaryAction({ ...none, finalize: true, signPreliminary: true })).toBe('final');
    expect(primaryAction({ ...none, signPreliminary: true })).toBe('preliminary');
    expect(primaryAction(none)).toBeNull();
  });
  it('needs the required sections', () => {
    expect(requiredFilled(view, { conclusion: '  ' })).toBe(false);
    expect(requiredFilled(view, { conclusion: 'Normal' })).toBe(true);
  });
  it('maps the keyboard shortcuts', () => {
    const k = (key: string, m: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
      shortcut({ key, ctrlKey: false, metaKey: false, altKey: false, ...m });
    expect(k('s', { ctrlKey: true })).toEqual({ kind: 'save' });
    expect(k('Enter', { metaKey: true })).toEqual({ kind: 'sign' });
    expect(k('3', { altKey: true })).toEqual({ kind: 'section', index: 2 });
    expect(k('s')).toBeNull();
  });
});
