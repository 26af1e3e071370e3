// A LIS's training record as a PDF (PDFKit, A4; the built-in Helvetica covers Norwegian letters):
// the plan with rotations, every goal with its state, competence approvals, reading statistics and
// supervision meetings. Suitability notes are never printed (they are for supervisor and leader only).
// Texts from src/shared/i18n/training.ts in the requester's language (the UI language the user
// chose), like the record page; exam names come in that language from the view (recordView).
import PDFDocument from 'pdfkit';
import type { RecordView } from '../../shared/api/training.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';

const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };
const date = (s: string) => s.slice(0, 10).split('-').reverse().join('.');

/** Renders the record (without suitability notes) with the texts of `locale` (default bokmål); resolves with the PDF bytes. */
export function recordPdf(v: RecordView, generatedAt = new Date(), locale: Locale = 'nb'): Promise<Buffer> {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const years = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 48,
      lang: INTL_LOCALE[locale],
      info: { Title: t('trn.pdf.title', { name: v.lis.name }), Author: 'Radvis' },
    });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    const h = (t: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(t).moveDown(0.3).font('Helvetica').fontSize(10);
    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(t('trn.pdf.title', { name: v.lis.name }));
    doc.font('Helvetica').fontSize(10).moveDown(0.3);
    doc.text(`${v.plan.name} · ${v.organization}`);
    doc.text(t('trn.pdf.supervisorStart', { supervisor: v.supervisor.name, date: date(v.startDate) }));
    doc.text(
      `${t('trn.pdf.counts', { goals: v.counts.goals, approved: v.counts.approved, completed: v.counts.completed, overdue: v.counts.overdue })}${v.behind ? t('trn.pdf.behind') : ''}`,
    );
    doc
      .fillColor('#555')
      .text(t('trn.pdf.printed', { date: date(generatedAt.toISOString()) }))
      .fillColor('black');

    h(t('trn.pdf.rotations'));
    for (const r of v.rotations)
      doc.text(
        `${t('trn.pdf.rotation', {
          from: years(r.fromYears),
          to: years(r.toYears),
          start: date(r.plannedStart),
          end: date(r.plannedEnd),
          place: `${r.trust} ${r.hospital} ${r.section}${r.external ? t('trn.pdf.external') : ''}`,
          goals: r.goalNumbers.length,
        })}${r.complete ? t('trn.pdf.rotationComplete') : ''}`,
      );

    h(t('trn.pdf.goals'));
    for (const g of v.goals) {
      const a = g.assessment ? ` · ${g.assessment.by} ${date(g.assessment.at)}${g.assessment.plan ? t('trn.pdf.plan', { plan: g.assessment.plan }) : ''}` : '';
      doc.text(
        `${t('trn.goal.number', { n: g.number })} ${g.title ?? t('trn.pdf.goalNoTitle')}: ${t(`trn.state.${g.state}`)}${g.overdue ? t('trn.pdf.overdue') : ''}${g.activityCount ? t('trn.pdf.activities', { n: g.activityCount }) : ''}${a}`,
      );
    }

    h(t('trn.pdf.approvals'));
    if (v.approvals.length === 0) doc.text(t('trn.pdf.noApprovals'));
    for (const a of v.approvals)
      doc.text(
        `${t('trn.pdf.approved', { exam: a.examName, date: date(a.approvedAt) })}${a.approvedBy ? t('trn.pdf.by', { name: a.approvedBy }) : ''}${a.withdrawnAt ? `${t('trn.pdf.withdrawn', { date: date(a.withdrawnAt) })}${a.withdrawnBy ? t('trn.pdf.by', { name: a.withdrawnBy }) : ''}${a.withdrawalReason ? ` (${a.withdrawalReason})` : ''}` : ''}`,
      );

    h(t('trn.pdf.readingStats'));
    if (v.readingStats.byExamType.length === 0) doc.text(t('trn.pdf.noReports'));
    for (const s of v.readingStats.byExamType)
      doc.text(
        t('trn.pdf.stat', {
          exam: s.examName,
          reports: s.reports,
          alone: s.finalAlone,
          reviewed: s.reviewed,
          grades:
            Object.entries(s.grades)
              .map(([k, n]) => `RADPEER ${k}: ${n}`)
              .join(', ') || '–',
        }),
      );

    h(t('trn.pdf.supervision'));
    if (v.meetings.length === 0) doc.text(t('trn.pdf.noMeetings'));
    for (const m of v.meetings) {
      doc.text(
        t('trn.pdf.meeting', {
          kind: t(m.kind === 'group' ? 'trn.pdf.meeting.group' : 'trn.pdf.meeting.individual'),
          date: date(m.heldAt ?? m.plannedAt),
          planned: m.heldAt ? '' : t('trn.pdf.planned'),
          supervisor: m.supervisor,
          themes: m.themes.map((x) => t(`trn.theme.${x}`)).join(', '),
        }),
      );
      if (m.summary) doc.text(m.summary, { indent: 12 });
      for (const a of m.actions)
        doc.text(`${t('trn.pdf.action', { text: a.text })}${a.dueDate ? t('trn.pdf.due', { date: date(a.dueDate) }) : ''}${a.done ? t('trn.pdf.done') : ''}`, {
          indent: 12,
        });
    }
    doc.end();
  });
}
