// A LIS's training record as a PDF (PDFKit, A4; the built-in Helvetica covers Norwegian letters):
// the plan with rotations, every goal with its state, competence approvals, reading statistics and
// supervision meetings. Suitability notes are never printed (they are for supervisor and leader only).
import PDFDocument from 'pdfkit';
import type { RecordView } from '../../shared/api/training.ts';

const STATE: Record<RecordView['goals'][number]['state'], string> = {
  not_started: 'Ikke startet',
  in_progress: 'Pågår',
  completed: 'Sendt til vurdering',
  not_yet: 'Ikke ennå',
  approved: 'Godkjent',
};
const THEME: Record<string, string> = {
  career: 'utdanning og karriere',
  professional: 'yrkesfaglige forhold',
  research: 'forskning og publisering',
  personal: 'personlige forhold',
  radiation_protection: 'strålevern',
  work_environment: 'arbeidsmiljø',
};
const date = (s: string) => s.slice(0, 10).split('-').reverse().join('.');
const years = (n: number) => n.toLocaleString('nb-NO');

/** Renders the record (without suitability notes); resolves with the PDF bytes. */
export function recordPdf(v: RecordView, generatedAt = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Utdanningsplan – ${v.lis.name}`, Author: 'Radvis' } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    const h = (t: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(t).moveDown(0.3).font('Helvetica').fontSize(10);
    doc.font('Helvetica-Bold').fontSize(18).text(`Individuell utdanningsplan: ${v.lis.name}`);
    doc.font('Helvetica').fontSize(10).moveDown(0.3);
    doc.text(`${v.plan.name} · ${v.organization}`);
    doc.text(`Veileder: ${v.supervisor.name} · Start: ${date(v.startDate)}`);
    doc.text(
      `Læringsmål: ${v.counts.goals} · godkjent ${v.counts.approved} · sendt til vurdering ${v.counts.completed} · forsinket ${v.counts.overdue}${v.behind ? ' (bak plan)' : ''}`,
    );
    doc
      .fillColor('#555')
      .text(`Utskrift ${date(generatedAt.toISOString())} fra Radvis`)
      .fillColor('black');

    h('Rotasjoner');
    for (const r of v.rotations)
      doc.text(
        `${years(r.fromYears)}–${years(r.toYears)} år (${date(r.plannedStart)}–${date(r.plannedEnd)}): ${r.trust} ${r.hospital} ${r.section}${r.external ? ' (ekstern)' : ''} — ${r.goalNumbers.length} læringsmål${r.complete ? ' — alle oppfylt' : ''}`,
      );

    h('Læringsmål');
    for (const g of v.goals) {
      const a = g.assessment ? ` · ${g.assessment.by} ${date(g.assessment.at)}${g.assessment.plan ? ` · plan: ${g.assessment.plan}` : ''}` : '';
      doc.text(
        `LM ${g.number} ${g.title ?? '(tittel importeres av avdelingen)'}: ${STATE[g.state]}${g.overdue ? ' (forsinket)' : ''}${g.activityCount ? ` · ${g.activityCount} aktiviteter` : ''}${a}`,
      );
    }

    h('Kompetanse: beskriver uten kontrasignering');
    if (v.approvals.length === 0) doc.text('Ingen godkjenninger.');
    for (const a of v.approvals)
      doc.text(
        `${a.examName}: godkjent ${date(a.approvedAt)}${a.approvedBy ? ` av ${a.approvedBy}` : ''}${a.withdrawnAt ? ` · trukket ${date(a.withdrawnAt)}${a.withdrawnBy ? ` av ${a.withdrawnBy}` : ''}${a.withdrawalReason ? ` (${a.withdrawalReason})` : ''}` : ''}`,
      );

    h('Beskrivelser (egen statistikk)');
    if (v.readingStats.byExamType.length === 0) doc.text('Ingen signerte beskrivelser ennå.');
    for (const s of v.readingStats.byExamType)
      doc.text(
        `${s.examName}: ${s.reports} beskrivelser, ${s.finalAlone} endelige uten kontrasignering, ${s.reviewed} vurdert (${
          Object.entries(s.grades)
            .map(([k, n]) => `RADPEER ${k}: ${n}`)
            .join(', ') || '–'
        })`,
      );

    h('Veiledning');
    if (v.meetings.length === 0) doc.text('Ingen veiledningsmøter registrert.');
    for (const m of v.meetings) {
      doc.text(
        `${m.kind === 'group' ? 'Gruppeveiledning' : 'Individuell veiledning'} ${date(m.heldAt ?? m.plannedAt)}${m.heldAt ? '' : ' (planlagt)'} med ${m.supervisor}: ${m.themes.map((t) => THEME[t] ?? t).join(', ')}`,
      );
      if (m.summary) doc.text(m.summary, { indent: 12 });
      for (const a of m.actions) doc.text(`Tiltak: ${a.text}${a.dueDate ? ` (innen ${date(a.dueDate)})` : ''}${a.done ? ' — utført' : ''}`, { indent: 12 });
    }
    doc.end();
  });
}
