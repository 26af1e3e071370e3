// A saved scenario as a printable PDF (issue 12, point 6): its parameters in words, the FTE table
// for selected years, and the projection and stacked-FTE charts drawn on the server as SVG by
// ECharts with the same options as the web page (src/shared/capacity-charts.ts), embedded with
// svg-to-pdfkit (as analytics/feedback-pdf.ts). Helvetica covers Norwegian letters.
import { chartSvg as svg } from '../pdf/chart-svg.ts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Scenario, ScenarioResult } from '../../shared/api/capacity.ts';
import { fteStackOption, professionsIn, projectionOption } from '../../shared/capacity-charts.ts';
import { nb } from '../../shared/i18n/capacity.ts';
import { describeBasis } from '../../shared/capacity-basis.ts';
import { translate } from '../../shared/i18n/index.ts';

const NAMES = {
  radiologist: nb['capacity.profession.radiologist'],
  lis: nb['capacity.profession.lis'],
  radiographer: nb['capacity.profession.radiographer'],
  reporting_radiographer: nb['capacity.profession.reporting_radiographer'],
};
// PDFKit's Helvetica is WinAnsi: the Unicode minus (U+2212) nb-NO uses becomes a hyphen-minus.
const num = (v: number, d = 1) => v.toLocaleString('nb-NO', { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/\u2212/g, '-');
const signed = (v: number) => `${v > 0.05 ? '+' : ''}${num(v)}`;

/** Describes the levers of a scenario in Norwegian, one line each. */
export function leverLines(s: Scenario): string[] {
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
      `${nb['capacity.lever.overuse']}: ${Object.entries(l.overuse.percent)
        .map(([k, v]) => `${k} ${num(v, 0)} %`)
        .join(', ')} (${span(l.overuse)})`,
    );
  if (l.ai) out.push(`${nb['capacity.lever.ai']}: ${num(l.ai.percent, 0)} % (${span(l.ai)})`);
  if (l.equipment) out.push(`${nb['capacity.lever.equipment']}: ${num(l.equipment.percent, 0)} % (${span(l.equipment)})`);
  if (l.taskShift) out.push(`${nb['capacity.lever.taskShift']}: ${num(l.taskShift.percent, 0)} % (${span(l.taskShift)})`);
  if (l.taskOffload) out.push(`${nb['capacity.lever.taskOffload']}: ${byProf(l.taskOffload.percent)} (${span(l.taskOffload)})`);
  if (l.workload) out.push(`${nb['capacity.lever.workload']}: ${byProf(l.workload.percent)} (${span(l.workload)})`);
  if (l.eveningShifts) out.push(`${nb['capacity.lever.eveningShifts']}: ${num(l.eveningShifts.percent, 0)} % (${span(l.eveningShifts)})`);
  return out.length > 0 ? out : [nb['capacity.pdf.noLevers']];
}

/** Renders a scenario and its result as an A4 PDF; resolves with the bytes. */
export function scenarioPdf(s: Scenario, r: ScenarioResult, generatedAt = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Kapasitetsscenario – ${s.name}`, Author: 'Radvis' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(18).text(`${nb['capacity.pdf.title']}: ${s.name}`);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(
        `${r.scopeName}, ${r.baseYear}–${r.targetYear}. ${nb['capacity.pdf.sharedIn']} ${s.regionName}. ${nb['capacity.pdf.generated']} ${generatedAt.toISOString().slice(0, 10)}.`,
      );
    const basis = describeBasis(r.basis, (k, v) => translate('nb', k, v));
    doc.text(basis);
    doc.moveDown().fillColor('#000').font('Helvetica-Bold').fontSize(13).text(nb['capacity.levers']);
    doc.font('Helvetica').fontSize(10);
    for (const line of leverLines(s)) doc.text(`• ${line}`);
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(nb['capacity.pdf.table']);
    doc.font('Helvetica').fontSize(9);
    const profs = professionsIn(r);
    const picks = r.years.filter((y) => y.year === r.baseYear || y.year === r.targetYear || (y.year - r.baseYear) % 5 === 0);
    const x0 = 48;
    const colW = (500 - 120) / picks.length;
    let y = doc.y + 4;
    doc.font('Helvetica-Bold').text(nb['capacity.profession'], x0, y, { width: 120 });
    picks.forEach((p, i) => doc.text(String(p.year), x0 + 120 + i * colW, y, { width: colW, align: 'right' }));
    y += 14;
    doc.font('Helvetica');
    for (const p of profs) {
      doc.text(`${NAMES[p]} (${nb['capacity.today'].toLowerCase()} ${num(r.staff[p])})`, x0, y, { width: 120 });
      picks.forEach((yr, i) => doc.text(`${num(yr.need[p])} (${signed(yr.gap[p])})`, x0 + 120 + i * colW, y, { width: colW, align: 'right' }));
      y += 14;
      doc.fillColor('#444').text(nb['capacity.pdf.withoutRow'].replace('{profession}', NAMES[p]), x0, y, { width: 120 });
      picks.forEach((yr, i) =>
        doc.text(`${num(yr.needWithoutMeasures[p])} (${signed(yr.needWithoutMeasures[p] - r.staff[p])})`, x0 + 120 + i * colW, y, {
          width: colW,
          align: 'right',
        }),
      );
      doc.fillColor('#000');
      y += 18;
    }
    doc.x = x0;
    doc.y = y + 4;
    doc.fillColor('#444').text(nb['capacity.pdf.tableNote'], x0, doc.y, { width: 500 });
    doc.fillColor('#000');
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(nb['capacity.chart.projection']);
    let top = doc.y + 4;
    SVGtoPDF(
      doc,
      svg(
        projectionOption(r, {
          names: NAMES,
          withMeasures: nb['capacity.withMeasures'],
          withoutMeasures: nb['capacity.withoutMeasures'],
          today: nb['capacity.today'],
          locale: 'nb-NO',
        }),
        500,
        300,
      ),
      x0,
      top,
      { width: 500, height: 300 },
    );
    doc.y = top + 304;
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(nb['capacity.chart.projectionNote'], x0, doc.y, { width: 500 });
    doc.fillColor('#000');
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12).text(nb['capacity.chart.fte']);
    top = doc.y + 4;
    SVGtoPDF(doc, svg(fteStackOption(r, { names: NAMES, locale: 'nb-NO' }), 500, 280), x0, top, { width: 500, height: 280 });
    doc.y = top + 290;
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(nb['capacity.pdf.sources'], x0, doc.y, { width: 500 });
    doc.end();
  });
}
