// Report templates per exam type, read from content/reporting/templates.json (structured
// sections as ESR's paper on structured reporting describes them; see the file's sources and
// its status: to be validated by a clinical editor).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TemplateSection {
  id: string;
  title: string;
  titleEn: string;
  rows: number;
  required?: boolean;
  default?: string;
}
export interface ReportTemplate {
  id: string;
  name: string;
  nameEn: string;
  appliesTo: { examCodes: string[]; modalities: string[] };
  sections: TemplateSection[];
}

let cached: ReportTemplate[] | undefined;

/** Every template (the first is the general one every exam type can use). */
export function reportTemplates(): ReportTemplate[] {
  if (!cached) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const candidates = [path.resolve(here, '../../../content/reporting/templates.json'), path.resolve(process.cwd(), 'content/reporting/templates.json')];
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) throw new Error('content/reporting/templates.json not found');
    cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { templates: ReportTemplate[] }).templates;
  }
  return cached;
}

/** The template for an exam type: one naming the NCRP code, else one for the modality, else the general one. */
export function templateFor(examCode: string, modality: string): ReportTemplate {
  const all = reportTemplates();
  return (
    all.find((t) => t.appliesTo.examCodes.includes(examCode)) ??
    all.find((t) => t.appliesTo.modalities.includes(modality)) ??
    all.find((t) => t.id === 'general')!
  );
}

/** A template by id (a report keeps the template it was written with); undefined when unknown. */
export function templateById(id: string): ReportTemplate | undefined {
  return reportTemplates().find((t) => t.id === id);
}

/** Keeps only the template's sections, trimmed; unknown section ids are dropped. */
export function normalizeSections(t: ReportTemplate, sections: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of t.sections) out[s.id] = (sections[s.id] ?? '').replace(/\s+$/u, '');
  return out;
}

/** Required sections left empty (a report cannot be signed without findings and conclusion). */
export function missingRequired(t: ReportTemplate, sections: Record<string, string>): string[] {
  return t.sections.filter((s) => s.required && !(sections[s.id] ?? '').trim()).map((s) => s.id);
}

/** The report as plain text, section by section (for FHIR presentedForm and the referrer's page). */
export function reportText(t: ReportTemplate | undefined, sections: Record<string, string>, locale: 'nb' | 'en' = 'nb'): string {
  const defs = t?.sections ?? Object.keys(sections).map((id) => ({ id, title: id, titleEn: id }));
  return defs
    .filter((s) => (sections[s.id] ?? '').trim())
    .map((s) => `${locale === 'en' ? s.titleEn : s.title}:\n${sections[s.id]!.trim()}`)
    .join('\n\n');
}
