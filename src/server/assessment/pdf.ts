// The referral as a PDF for the referrer (referral number and receipt), rendered on the server
// with PDFKit: the standard Helvetica font covers Norwegian letters (WinAnsi), so no font file is
// shipped. Texts come from the same i18n messages as the page, in the requester's language (the
// UI language the user chose; bokmål by default), and so do the exam names (the view's).
import PDFDocument from 'pdfkit';
import type { ReferralStatusView } from '../../shared/api/assessment.ts';
import type { ReferralReports } from '../../shared/api/reporting.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';

const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

/** The texts and date formats of one language. */
function wordsOf(locale: Locale) {
  const dateFmt = new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' });
  const timeFmt = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' });
  return {
    t: (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars),
    date: (iso: string | null) => (iso ? dateFmt.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '–'),
    timeFmt,
  };
}

/**
 * A PDF (A4) of the referral's status page: number, receipt, what was asked, where it stands (the
 * department's decision: who assessed it, priority, due date, place, and the booked time), the
 * thread, and the answer — each signed report with who signed it and when (a preliminary one headed
 * and marked as such), its text and any addenda. `reports` is what the referrer may see (the caller
 * has passed the access gate). Labels, dates and the priority in `locale` (default bokmål); the
 * exam names are the view's and the reports' (already in the requester's language).
 */
export function referralPdf(v: ReferralStatusView, reports: ReferralReports = [], printedAt = new Date(), locale: Locale = 'nb'): Promise<Buffer> {
  const { t, date, timeFmt } = wordsOf(locale);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      lang: INTL_LOCALE[locale],
      info: { Title: t('asm.ref.title', { n: v.referralNumber }), Creator: 'Radvis' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(t('asm.ref.title', { n: v.referralNumber }));
    doc
      .moveDown(0.3)
      .font('Helvetica')
      .fontSize(11)
      .text(t('asm.ref.receipt', { date: date(v.submittedAt) }));
    doc.moveDown(0.2).text(`${t('asm.view.status')}: ${t(`asm.status.${v.status}` as MessageKey)}`);
    doc.moveDown();
    const row = (label: MessageKey, value: string) => {
      doc.font('Helvetica-Bold').fontSize(10).text(t(label), { continued: false });
      doc.font('Helvetica').fontSize(11).text(value);
      doc.moveDown(0.4);
    };
    row('asm.ref.patient', `${v.patientName}, ${v.fnr.slice(0, 6)} ${v.fnr.slice(6)}`);
    row('asm.ref.exam', v.examName);
    row('asm.ref.question', v.clinicalQuestion ?? '–');
    row('asm.view.urgency', t(`ref.urgency.${v.urgency}` as MessageKey));
    row('asm.ref.to', v.departmentName);
    row('asm.ref.received', date(v.submittedAt));
    if (v.status === 'submitted' || v.status === 'info_requested') row('asm.ref.deadline', date(v.assessmentDueDate));
    // The department's decision as the referral page shows it (ReferralStatusPage): who assessed it,
    // the priority and due date, where the exam is done — and the booked time once there is one.
    if (v.assessedAt) row('asm.ref.assessed', v.assessedBy ? `${date(v.assessedAt)}, ${v.assessedBy}` : date(v.assessedAt));
    if (v.priority) row('asm.ref.priority', (locale === 'en' ? v.priority.en : undefined) ?? v.priority.nb);
    if (v.examDueDate) row('asm.ref.examDue', date(v.examDueDate));
    if (v.examSite && !v.appointment) row('asm.ref.place', v.examSite);
    if (v.appointment)
      row(
        'asm.decision.appointment',
        t('asm.decision.appointmentText', {
          day: date(v.appointment.date),
          time: v.appointment.time,
          machine: v.appointment.machineName,
          site: v.appointment.siteName,
        }),
      );
    if (v.returnReason)
      row('asm.ref.returned', `${t(`asm.return.${v.returnReason.reason}` as MessageKey)}${v.returnReason.text ? ` – «${v.returnReason.text}»` : ''}`);
    if (v.closure) {
      const why = [v.closure.reason ? t(`asm.close.reason.${v.closure.reason}` as MessageKey) : null, v.closure.text ? `«${v.closure.text}»` : null];
      row(v.closure.by === 'department' ? 'asm.ref.closed' : 'asm.ref.withdrawn', [date(v.closure.at), ...why].filter(Boolean).join(' – '));
    }
    if (v.messages.length) {
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(t('asm.ref.thread'));
      for (const m of v.messages) {
        doc
          .moveDown(0.3)
          .font('Helvetica-Oblique')
          .fontSize(9)
          .text(`${t(`asm.side.${m.side}` as MessageKey)} · ${m.author} · ${timeFmt.format(new Date(m.at))}`);
        doc.font('Helvetica').fontSize(11).text(m.body);
      }
    }
    if (reports.length) {
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor('#000000').text(t('rep.referrer.title'));
      for (const r of reports) {
        const preliminary = r.status === 'preliminary';
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(r.examName);
        doc
          .font('Helvetica')
          .fontSize(9)
          .text(t('rep.referrer.performed', { date: date(r.performedAt), department: r.department }));
        doc
          .font('Helvetica-Bold')
          .fontSize(10)
          .text(
            t(preliminary ? 'rep.referrer.preliminary' : 'rep.referrer.signed', {
              date: timeFmt.format(new Date(r.signedAt)),
              name: r.signedBy ?? r.department,
            }),
          );
        if (preliminary) doc.font('Helvetica-Bold').fontSize(10).fillColor('#a8050f').text(t('rep.referrer.preliminaryNote')).fillColor('#000000');
        doc.moveDown(0.3).font('Helvetica').fontSize(11).text(r.text);
        for (const a of r.addenda) {
          doc
            .moveDown(0.3)
            .font('Helvetica-Bold')
            .fontSize(10)
            .text(`${t('rep.addendum.by', { date: timeFmt.format(new Date(a.at)), name: a.by })}:`);
          doc.font('Helvetica').fontSize(11).text(a.text);
        }
      }
    }
    doc
      .moveDown(1.5)
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(`Radvis · ${timeFmt.format(printedAt)}`);
    doc.end();
  });
}
