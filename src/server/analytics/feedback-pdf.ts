// The printable feedback report to a practice (issue 10 point 5): a PDF with the practice's
// figures against anonymized peers and the funnel plots drawn on the server as SVG by ECharts
// (the same chart options as the web page, src/shared/analytics-charts.ts), embedded with
// svg-to-pdfkit. PDFKit's built-in Helvetica covers Norwegian letters (WinAnsi).
import { chartSvg } from '../pdf/chart-svg.ts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { FeedbackResponse, IndicatorResponse } from '../../shared/api/analytics.ts';
import { funnelOption } from '../../shared/analytics-charts.ts';

const POSITION: Record<FeedbackResponse['indicators'][number]['position'], string> = {
  above998: 'Klart høyere enn andre praksiser',
  above95: 'Høyere enn andre praksiser',
  within: 'Som andre praksiser',
  below95: 'Lavere enn andre praksiser',
  below998: 'Klart lavere enn andre praksiser',
  'too-few': 'For få henvisninger til å si noe',
};

/** The day in Norway as dd.mm.åååå (a report made at 00:30 Norwegian time carries that day, not UTC's). */
const osloDay = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' });

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toLocaleString('nb-NO', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`);

/** A funnel plot as an SVG string, rendered on the server by ECharts (SSR, no DOM). */
export function funnelSvg(f: IndicatorResponse, width = 480, height = 280): string {
  return chartSvg(
    funnelOption({
      points: f.units.map((u) => ({ label: u.label, n: u.denominator, share: u.share, own: u.own })),
      limits: f.limits,
      target: f.target,
      numberLocale: 'nb-NO',
      names: {
        target: 'Gjennomsnitt',
        limit95: '95 %-grense',
        limit998: '99,8 %-grense',
        units: 'Andre praksiser',
        own: 'Din praksis',
        count: 'Antall henvisninger',
      },
    }),
    width,
    height,
  );
}

/** Renders the feedback report as a PDF (A4); resolves with the bytes. */
export function feedbackPdf(fb: FeedbackResponse, funnels: IndicatorResponse[], generatedAt = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Tilbakemelding – ${fb.practice.name}`, Author: 'Radvis' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    const period = fb.period.from === fb.period.to ? String(fb.period.from) : `${fb.period.from}–${fb.period.to}`;
    doc.font('Helvetica-Bold').fontSize(18).text(`Tilbakemelding til ${fb.practice.name}`);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(
        `Periode ${period}. Laget ${osloDay.format(generatedAt)} av Radvis. Praksisens egne tall vises selv om de er små. ` +
          'Andre praksiser er anonymisert og slått sammen; tallene deres er skjult når de bygger på færre enn 10 henvisninger eller teller 1–9, ' +
          'og i tillegg der et skjult tall ellers kunne regnes ut av summene.',
      );
    doc.moveDown().fillColor('#000').fontSize(12);
    doc.text(
      `Henvisninger fra praksisen: ${fb.referrals === null ? 'skjult (færre enn 10)' : fb.referrals.toLocaleString('nb-NO')}` +
        (fb.peerMedianSuppressed
          ? ' (median for andre praksiser: skjult — færre enn 10 praksiser eller under 10)'
          : fb.peerMedianReferrals !== null
            ? ` (median for andre praksiser: ${fb.peerMedianReferrals.toLocaleString('nb-NO')})`
            : ''),
    );
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(14).text('Lite nyttige undersøkelser');
    doc.font('Helvetica').fontSize(10);
    for (const i of fb.indicators) {
      doc.moveDown(0.4).font('Helvetica-Bold').text(i.name);
      doc
        .font('Helvetica')
        .text(
          i.denominator === 0
            ? `Ingen henvisninger fra praksisen i perioden. Andre praksiser: ${pct(i.peerShare)}.`
            : `Dine: ${i.suppressed || i.denominator === null ? 'skjult (færre enn 10 henvisninger)' : `${i.numerator} (${pct(i.share)}) av ${i.denominator} henvisninger`}. Andre praksiser: ${i.peerShare === null ? 'skjult' : pct(i.peerShare)}. ${POSITION[i.position]}.`,
        );
    }
    for (const f of funnels) {
      if (doc.y > 520) doc.addPage();
      doc.moveDown().font('Helvetica-Bold').fontSize(11).text(`Traktdiagram: ${f.indicator.name}`);
      const y = doc.y + 4;
      SVGtoPDF(doc, funnelSvg(f), 48, y, { width: 480, height: 280 });
      doc.y = y + 290;
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor('#444')
        .text(
          'Punkter utenfor de ytre linjene (99,8 %) skiller seg mer fra gjennomsnittet enn tilfeldig variasjon tilsier. Grensene er justert for overspredning (Spiegelhalter 2005).',
        );
      doc.fillColor('#000');
    }
    if (doc.y > 620) doc.addPage();
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text('Forløp for praksisens henvisninger');
    doc.font('Helvetica').fontSize(10);
    // Beside returned, the referrals that ended without an exam (issue 8): for the practice its own
    // counts with their shares, for the peers the shares.
    const ended = (r: FeedbackResponse['process'], own: boolean) =>
      own && r.closed !== null && r.withdrawn !== null
        ? `avsluttet av avdelingen uten undersøkelse ${r.closed.toLocaleString('nb-NO')} (${pct(r.closedShare)}), trukket tilbake av praksisen ${r.withdrawn.toLocaleString('nb-NO')} (${pct(r.withdrawnShare)})`
        : `avsluttet av avdelingen uten undersøkelse ${pct(r.closedShare)}, trukket tilbake ${pct(r.withdrawnShare)}`;
    for (const [label, r, own] of [
      [fb.practice.name, fb.process, true],
      ['Andre praksiser', fb.peerProcess, false],
    ] as const)
      doc.text(
        `${label}: vurdert innen 10 virkedager ${pct(r.assessedInTimeShare)}, returnert ${pct(r.returnedShare)}, ${ended(r, own)}, ` +
          `dager til undersøkelse ${r.meanDaysToExam === null ? '–' : r.meanDaysToExam.toLocaleString('nb-NO', { maximumFractionDigits: 1 })}, til private ${pct(r.privateShare)}.`,
      );
    doc.end();
  });
}
