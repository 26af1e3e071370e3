// Pure logic of the report editor: the text to start from, the primary sign action for this
// reader, and the keyboard shortcuts. Tested without a browser.
import type { ExamReportView } from '../../shared/api/reporting.ts';

export type EditorAction = 'save' | 'preliminary' | 'final' | 'countersign';

/** The sections to start the editor with: the report's text, else the template's defaults (and the referrer's question in "clinical"). */
export function initialSections(view: ExamReportView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of view.template.sections) {
    const saved = view.report?.sections[s.id];
    if (saved !== undefined) out[s.id] = saved;
    else if (s.id === 'clinical' && view.referral.clinicalQuestion) out[s.id] = view.referral.clinicalQuestion;
    else out[s.id] = s.default ?? '';
  }
  return out;
}

/** What Ctrl+Enter does: countersign when that is the reader's task, else finalize when allowed, else sign preliminary. */
export function primaryAction(may: ExamReportView['may']): EditorAction | null {
  if (may.countersign) return 'countersign';
  if (may.finalize) return 'final';
  if (may.signPreliminary) return 'preliminary';
  return null;
}

/** True when required sections have text (the server checks it too). */
export function requiredFilled(view: ExamReportView, sections: Record<string, string>): boolean {
  return view.template.sections.every((s) => !s.required || (sections[s.id] ?? '').trim().length > 0);
}

/** A keyboard event → editor command: Ctrl/Cmd+S save, Ctrl/Cmd+Enter sign, Alt+1–9 go to section n (0-based index). */
export function shortcut(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): { kind: 'save' } | { kind: 'sign' } | { kind: 'section'; index: number } | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && (e.key === 's' || e.key === 'S')) return { kind: 'save' };
  if (mod && e.key === 'Enter') return { kind: 'sign' };
  if (e.altKey && !mod && /^[1-9]$/.test(e.key)) return { kind: 'section', index: Number(e.key) - 1 };
  return null;
}
