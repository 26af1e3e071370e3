// Pure helpers of the consult pages and the leader's list page: a consult's target and a list's
// rules in words (never a code or an id), and the problem code of a failed request as a message.
import type { ConsultSummary } from '../../shared/api/consult.ts';
import type { ListDefinition } from '../../shared/api/reading.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "nevroradiologi, Helse Vidde" or "Ola Nordmann, Helse Vidde". */
export function targetText(c: Pick<ConsultSummary, 'target'>, t: T): string {
  return c.target.person
    ? t('rc.target.person', { name: c.target.person, trust: c.target.trust })
    : t('rc.target.subspecialty', { sub: c.target.subspecialty ?? '', trust: c.target.trust });
}

/** Refusals of applying an answer because the report changed meanwhile (reporting's 409s). */
const REPORT_STATE = new Set(['final-not-editable', 'not-final', 'already-final', 'stale-version', 'no-report']);
/** Refusals because reporting's rules do not let this reader change the report (403s). */
const REPORT_RIGHTS = new Set(['not-author', 'needs-countersign', 'not-reader']);

/** The message for a failed consult request, by the server's field message (same-trust, no-consultant, …) or status. */
export function consultErrorKey(status: number, fieldMessage: string | undefined): MessageKey {
  if (fieldMessage === 'same-trust') return 'rc.error.same-trust';
  if (fieldMessage === 'no-consultant') return 'rc.error.no-consultant';
  if (fieldMessage === 'already-applied') return 'rc.error.already-applied';
  if (fieldMessage && REPORT_STATE.has(fieldMessage)) return 'rc.error.report-state';
  if (fieldMessage && REPORT_RIGHTS.has(fieldMessage)) return 'rc.apply.none';
  if (status === 409) return 'rc.conflict';
  if (status === 403) return 'rc.forbidden';
  return 'rc.error';
}

/** A list's rules as sentences ("Modalitet: CT, MR"), in the rule order of the list form; [] = all exams. */
export function ruleLines(l: Pick<ListDefinition, 'rules'>, t: T): string[] {
  const r = l.rules;
  const join = (xs: string[]) => xs.join(', ');
  const out: string[] = [];
  if (r.modalities.length) out.push(t('rl.rule.modalities', { v: join(r.modalities) }));
  if (r.bodyParts.length) out.push(t('rl.rule.bodyParts', { v: join(r.bodyParts) }));
  if (r.exams.length) out.push(t('rl.rule.exams', { v: join(r.exams.map((e) => e.name)) }));
  if (r.priorities.length) out.push(t('rl.rule.priorities', { v: join(r.priorities.map((p) => t(`rd.priority.${p}` as MessageKey))) }));
  if (r.sites.length) out.push(t('rl.rule.sites', { v: join(r.sites.map((s) => s.name)) }));
  if (r.trusts.length) out.push(t('rl.rule.trusts', { v: join(r.trusts.map((s) => s.name)) }));
  if (r.subspecialty) out.push(t('rl.rule.subspecialty', { v: r.subspecialty }));
  return out;
}
