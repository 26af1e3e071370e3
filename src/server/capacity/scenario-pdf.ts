// A saved scenario as a printable PDF (issue 12, point 6): its parameters in words, the FTE table
// for selected years, and the projection and stacked-FTE charts drawn on the server as SVG by
// ECharts with the same options as the web page (src/shared/capacity-charts.ts), embedded with
// svg-to-pdfkit (as analytics/feedback-pdf.ts). Helvetica covers Norwegian letters. In the
// requester's language (bokmål or English, requestLocale), as compare-pdf.ts; the charts fill the
// text width (500 pt: the SVG's px placed as pt).
import { chartSvg as svg } from '../pdf/chart-svg.ts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Scenario, ScenarioResult } from '../../shared/api/capacity.ts';
import { fteStackOption, professionsIn, projectionOption } from '../../shared/capacity-charts.ts';
import { describeBasis } from '../../shared/capacity-basis.ts';
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { modalityKind } from '../../shared/modality-kind.ts';

const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };
const X0 = 48;
/** The text width of an A4 page (595 pt) with 48 pt margins, rounded down. */
const WIDTH = 500;
/** Heights of the projection and stacked-FTE charts (pt; the SVG is drawn at the same size in px). */
const PROJECTION_HEIGHT = 300;
const FTE_HEIGHT = 300;

type Prof = 'radiologist' | 'lis' | 'radiographer' | 'reporting_radiographer';

/** Words and number formats of one language for the scenario PDF. */
function wordsFor(locale: Locale) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const intl = INTL_LOCALE[locale];
  const names: Record<Prof, string> = {
    radiologist: t('capacity.profession.radiologist'),
    lis: t('capacity.profession.lis'),
    radiographer: t('capacity.profession.radiographer'),
    reporting_radiographer: t('capacity.profession.reporting_radiographer'),
  };
  // PDFKit's Helvetica is WinAnsi: the Unicode minus (U+2212) nb-NO writes becomes a hyphen-minus.
  const num = (v: number, d = 1) => v.toLocaleString(intl, { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/\u2212/g, '-');
  const signed = (v: number) => `${v > 0.05 ? '+' : ''}${num(v)}`;
  const examTypeName = (code: string) => {
    const key = `modality.${modalityKind(code)}`;
    return key in MESSAGES[locale] ? t(key as MessageKey) : code;
  };
  return { t, intl, names, num, signed, examTypeName };
}

/**
 * Describes the levers of a scenario in `locale` (bokmål by default), one line each: the lever's
 * name, its percent (per exam type or profession where it has several) and the years it is phased
 * in over; "no levers" as the one line when none is set.
 */
export function leverLines(s: Scenario, locale: Locale = 'nb'): string[] {
  const { t, names: NAMES, num, examTypeName } = wordsFor(locale);
  const l = s.params.levers ?? {};
  const out: string[] = [];
  const span = (x: { fromYear: number; toYear: number }) => `${x.fromYear}–${x.toYear}`;
  const byProf = (p: Partial<Record<keyof typeof NAMES, number>>) =>
    Object.entries(p)
      .filter(([, v]) => v)
      .map(([k, v]) => `${NAMES[k as keyof typeof NAMES].toLowerCase()} ${num(v!, 0)} %`)
      .join(', ');
  if (l.overuse)
    out.push(
      `${t('capacity.lever.overuse')}: ${Object.entries(l.overuse.percent)
        .map(([k, v]) => `${examTypeName(k)} ${num(v, 0)} %`)
        .join(', ')} (${span(l.overuse)})`,
    );
  if (l.ai) out.push(`${t('capacity.lever.ai')}: ${num(l.ai.percent, 0)} % (${span(l.ai)})`);
  if (l.equipment) out.push(`${t('capacity.lever.equipment')}: ${num(l.equipment.percent, 0)} % (${span(l.equipment)})`);
  if (l.taskShift) out.push(`${t('capacity.lever.taskShift')}: ${num(l.taskShift.percent, 0)} % (${span(l.taskShift)})`);
  if (l.taskOffload) out.push(`${t('capacity.lever.taskOffload')}: ${byProf(l.taskOffload.percent)} (${span(l.taskOffload)})`);
  if (l.workload) out.push(`${t('capacity.lever.workload')}: ${byProf(l.workload.percent)} (${span(l.workload)})`);
  if (l.eveningShifts) out.push(`${t('capacity.lever.eveningShifts')}: ${num(l.eveningShifts.percent, 0)} % (${span(l.eveningShifts)})`);
  return out.length > 0 ? out : [t('capacity.pdf.noLevers')];
}

/**
 * Renders a saved scenario and its result as an A4 PDF in `locale` (bokmål by default; the route
 * passes requestLocale): title, area and years, the basis of the numbers, the levers in words, the
 * FTE table (need and gap at constant staff) for the base year, every fifth year and the target
 * year, and the projection and stacked-FTE charts at the full text width. Resolves with the bytes.
 */
export function scenarioPdf(s: Scenario, r: ScenarioResult, locale: Locale = 'nb', generatedAt = new Date()): Promise<Buffer> {
  const { t, intl, names: NAMES, num, signed } = wordsFor(locale);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, lang: intl, info: { Title: `${t('capacity.pdf.title')} – ${s.name}`, Author: 'Radvis' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(`${t('capacity.pdf.title')}: ${s.name}`);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(
        `${r.scopeName}, ${r.baseYear}–${r.targetYear}. ${s.regionName ? `${t('capacity.pdf.sharedIn')} ${s.regionName}.` : t('capacity.pdf.analystsOnly')} ${t('capacity.pdf.generated')} ${generatedAt.toISOString().slice(0, 10)}.`,
      );
    const basis = describeBasis(r.basis, (k, v) => t(k, v));
    doc.text(basis);
    doc.moveDown().fillColor('#000').font('Helvetica-Bold').fontSize(13).text(t('capacity.levers'));
    doc.font('Helvetica').fontSize(10);
    for (const line of leverLines(s, locale)) doc.text(`• ${line}`);
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(t('capacity.pdf.table'));
    doc.font('Helvetica').fontSize(9);
    const profs = professionsIn(r);
    const picks = r.years.filter((y) => y.year === r.baseYear || y.year === r.targetYear || (y.year - r.baseYear) % 5 === 0);
    const x0 = X0;
    const firstW = 150;
    const colW = (WIDTH - firstW) / picks.length;
    let y = doc.y + 4;
    /** One table row; a long first cell wraps and the next row starts below it (English labels wrapped over the next row). */
    const row = (first: string, cells: string[], gapAfter = 3) => {
      doc.text(first, x0, y, { width: firstW - 6 });
      cells.forEach((c, i) => doc.text(c, x0 + firstW + i * colW, y, { width: colW, align: 'right' }));
      y += Math.max(12, doc.heightOfString(first, { width: firstW - 6 })) + gapAfter;
    };
    doc.font('Helvetica-Bold');
    row(
      t('capacity.profession'),
      picks.map((p) => String(p.year)),
    );
    doc.font('Helvetica');
    for (const p of profs) {
      row(
        `${NAMES[p]} (${t('capacity.today').toLowerCase()} ${num(r.staff[p])})`,
        picks.map((yr) => `${num(yr.need[p])} (${signed(yr.gap[p])})`),
      );
      doc.fillColor('#444');
      row(
        t('capacity.pdf.withoutRow', { profession: NAMES[p] }),
        picks.map((yr) => `${num(yr.needWithoutMeasures[p])} (${signed(yr.needWithoutMeasures[p] - r.staff[p])})`),
        7,
      );
      doc.fillColor('#000');
    }
    doc.x = x0;
    doc.y = y + 4;
    doc.fillColor('#444').text(t('capacity.pdf.tableNote'), x0, doc.y, { width: WIDTH });
    doc.fillColor('#000');
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(t('capacity.chart.projection'));
    let top = doc.y + 4;
    SVGtoPDF(
      doc,
      svg(
        projectionOption(r, {
          names: NAMES,
          withMeasures: t('capacity.withMeasures'),
          withoutMeasures: t('capacity.withoutMeasures'),
          today: t('capacity.today'),
          locale: intl,
        }),
        WIDTH,
        PROJECTION_HEIGHT,
      ),
      x0,
      top,
      // ECharts' px as pt: without assumePt svg-to-pdfkit scales px by 0.75 (the chart filled 75 % of the width).
      { width: WIDTH, height: PROJECTION_HEIGHT, assumePt: true },
    );
    doc.x = x0;
    doc.y = top + PROJECTION_HEIGHT + 4;
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(t('capacity.chart.projectionNote'), x0, doc.y, { width: WIDTH });
    doc.fillColor('#000');
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12).text(t('capacity.chart.fte'));
    top = doc.y + 4;
    SVGtoPDF(doc, svg(fteStackOption(r, { names: NAMES, locale: intl }), WIDTH, FTE_HEIGHT), x0, top, { width: WIDTH, height: FTE_HEIGHT, assumePt: true });
    doc.x = x0;
    doc.y = top + FTE_HEIGHT + 10;
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(t('capacity.pdf.sources'), x0, doc.y, { width: WIDTH });
    doc.end();
  });
}
