// Saved scenarios compared, as a printable PDF (issue 12 items 3 and 6: levers "compared side by
// side", "a printable PDF"): whether they share base data, what differs between them in words, a
// table per target year (need and gap per profession, machines) and, per profession, the chart of
// the need per year with a line per scenario and the line without measures — drawn on the server as
// SVG by ECharts with the page's own options (src/shared/capacity-charts.ts compareOption) and
// embedded with svg-to-pdfkit, as scenario-pdf.ts does. Words and tables come from the same pure
// functions as the page (src/shared/capacity-compare.ts), in the requester's language.
import { chartSvg as svg } from '../pdf/chart-svg.ts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ScenarioComparison } from '../../shared/api/capacity.ts';
import { compareOption, comparePrintHeight } from '../../shared/capacity-charts.ts';
import { describeBasis } from '../../shared/capacity-basis.ts';
import { baseDifferencesInWords, coincidingNames, describeDifferences, professionsCompared, targetYearRows } from '../../shared/capacity-compare.ts';
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { modalityKind } from '../../shared/modality-kind.ts';

const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };
const X0 = 48;
const WIDTH = 500;
/** The lowest y a line of text may start at on an A4 page (842 pt) with 48 pt margins. */
const BOTTOM = 842 - 48 - 14;

/**
 * Renders a comparison (GET /api/capacity/scenarios/compare's answer, two to four scenarios) as an
 * A4 PDF in `locale`: title and the scenarios' names, region and date; the base data said plainly
 * (shared, or which differ); what differs in words; the table of each target year; a chart per
 * profession with any need. Resolves with the PDF bytes. Numbers are FTE (årsverk) and machines.
 */
export function comparisonPdf(c: ScenarioComparison, locale: Locale = 'nb', generatedAt = new Date()): Promise<Buffer> {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const intl = INTL_LOCALE[locale];
  // PDFKit's Helvetica is WinAnsi: the Unicode minus (U+2212) nb-NO writes becomes a hyphen-minus.
  const num = (v: number, d = 1) => v.toLocaleString(intl, { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/\u2212/g, '-');
  const signed = (v: number) => `${v > 0.05 ? '+' : ''}${num(v)}`;
  const examTypeName = (code: string) => {
    const key = `modality.${modalityKind(code)}`;
    return key in MESSAGES[locale] ? t(key as MessageKey) : code;
  };
  const professionName = (p: string) => t(`capacity.profession.${p}` as MessageKey);
  const withoutName = c.sameBase ? t('capacity.compare.withoutShared') : t('capacity.withoutMeasures');
  const names = c.scenarios.map((s) => s.scenario.name);
  const regions = [...new Set(c.scenarios.map((s) => s.scenario.regionName ?? t('capacity.analystsOnly.where')))].join(', ');

  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, lang: intl, info: { Title: t('capacity.compare.pdfTitle'), Author: 'Radvis' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);

    const heading = (text: string, size = 13) => {
      if (doc.y > BOTTOM - 60) doc.addPage();
      doc.moveDown(0.8).fillColor('#000').font('Helvetica-Bold').fontSize(size).text(text, X0, doc.y, { width: WIDTH }).moveDown(0.3);
      doc.font('Helvetica').fontSize(10);
    };
    const note = (text: string) => doc.font('Helvetica').fontSize(9).fillColor('#444').text(text, X0, doc.y, { width: WIDTH }).fillColor('#000');

    /** A table with a first column of `firstWidth` and the rest shared evenly; rows wrap and break across pages (the header is repeated). */
    const table = (header: string[], rows: { cells: string[]; muted?: boolean }[], firstWidth: number, alignRest: 'left' | 'right') => {
      const restWidth = (WIDTH - firstWidth) / Math.max(1, header.length - 1);
      const widthOf = (i: number) => (i === 0 ? firstWidth : restWidth) - 6;
      const xOf = (i: number) => X0 + (i === 0 ? 0 : firstWidth + (i - 1) * restWidth);
      const heightOf = (cells: string[]) => Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widthOf(i) }))) + 5;
      const draw = (cells: string[], bold: boolean, muted = false) => {
        doc
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(9)
          .fillColor(muted ? '#444' : '#000');
        const h = heightOf(cells);
        if (doc.y + h > BOTTOM) {
          doc.addPage();
          if (!bold) draw(header, true);
        }
        const y = doc.y;
        cells.forEach((c, i) => doc.text(c, xOf(i), y, { width: widthOf(i), align: i === 0 ? 'left' : alignRest }));
        doc
          .moveTo(X0, y + h - 2)
          .lineTo(X0 + WIDTH, y + h - 2)
          .lineWidth(0.3)
          .strokeColor('#bbb')
          .stroke();
        doc.x = X0;
        doc.y = y + h;
      };
      draw(header, true);
      for (const r of rows) draw(r.cells, false, r.muted);
      doc.fillColor('#000').font('Helvetica').fontSize(10);
    };

    doc.font('Helvetica-Bold').fontSize(18).text(t('capacity.compare.pdfTitle'), X0, doc.y, { width: WIDTH });
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(
        `${t('capacity.compare.pdfScenarios', { names: names.join(', ') })} ${t('capacity.pdf.sharedIn')} ${regions}. ${t('capacity.pdf.generated')} ${generatedAt.toISOString().slice(0, 10)}.`,
        { width: WIDTH },
      )
      .fillColor('#000');
    doc.moveDown(0.5);
    doc.text(
      c.sameBase
        ? t('capacity.compare.sameBase')
        : t('capacity.compare.differentBase', { aspects: baseDifferencesInWords(c, t).join(', ') || t('capacity.compare.base.demand') }),
      { width: WIDTH },
    );
    // Where the numbers come from: once when shared, else per scenario.
    const bases = [...new Set(c.scenarios.map((s) => describeBasis(s.result.basis, t)))];
    doc.moveDown(0.3);
    if (bases.length === 1) note(bases[0]);
    else for (const s of c.scenarios) note(`${s.scenario.name}: ${describeBasis(s.result.basis, t)}`);

    heading(t('capacity.compare.differences'));
    const differences = describeDifferences(c, t, examTypeName, locale);
    if (differences.length === 0) doc.text(t('capacity.compare.noDifferences'), { width: WIDTH });
    else
      table(
        ['', ...names],
        differences.map((d) => ({ cells: [d.aspect, ...d.values] })),
        120,
        'left',
      );

    heading(t('capacity.compare.pdfTables'));
    const profs = professionsCompared(c);
    for (const year of c.targetYears) {
      if (doc.y > BOTTOM - 80) doc.addPage();
      doc.font('Helvetica-Bold').fontSize(10).text(t('capacity.compare.caption', { year }), X0, doc.y, { width: WIDTH }).moveDown(0.2);
      table(
        [t('capacity.compare.scenario'), ...profs.map(professionName), t('capacity.compare.machines')],
        targetYearRows(c, year, t('capacity.compare.withoutShared')).map((r) => ({
          muted: r.gap === null && r.need !== null,
          cells: [
            r.name,
            ...profs.map((p) => (r.need === null ? '–' : `${num(r.need[p])}${r.gap === null ? '' : ` (${signed(r.gap[p])})`}`)),
            r.machines === null ? '–' : num(r.machines),
          ],
        })),
        130,
        'right',
      );
      doc.moveDown(0.6);
    }
    note(t('capacity.compare.gapNote'));

    const chartHeight = comparePrintHeight(c);
    // The heading and its note stay with the first chart.
    if (doc.y + chartHeight + 90 > BOTTOM) doc.addPage();
    heading(t('capacity.compare.pdfCharts'));
    note(t('capacity.compare.pdfChartNote'));
    for (const p of profs) {
      if (doc.y + chartHeight + 40 > BOTTOM) doc.addPage();
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).fillColor('#000').text(professionName(p), X0, doc.y, { width: WIDTH });
      const top = doc.y + 2;
      SVGtoPDF(
        doc,
        svg(
          compareOption(c, p, {
            withoutMeasures: withoutName,
            sameAs: (name, others) => t('capacity.compare.sameAs', { name, others }),
            locale: intl,
            print: true,
          }),
          WIDTH,
          chartHeight,
        ),
        X0,
        top,
        { width: WIDTH, height: chartHeight, assumePt: true },
      );
      doc.x = X0;
      doc.y = top + chartHeight + 2;
      for (const group of coincidingNames(c, p, withoutName, locale)) note(t('capacity.compare.coincide', { names: group }));
    }
    doc.moveDown();
    note(t('capacity.pdf.sources'));
    doc.end();
  });
}
