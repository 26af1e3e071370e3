// The patient letter (innkalling): a printable PDF in bokmål or nynorsk with the time, the place,
// the exam in plain words, preparation for the kind of exam, and the numbers to quote. Made with
// pdfkit (the maintained pure-JavaScript PDF writer for Node; the standard Helvetica font covers
// æ, ø and å through WinAnsi encoding, so no font file is shipped).
//
// The preparation texts are generic, written from common Norwegian patient information on MR,
// CT with contrast, ultrasound, nuclear medicine and mammography; they are marked in the letter
// as general advice and MUST be validated (and may be replaced) by each department before use.
import PDFDocument from 'pdfkit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { gated, requireReferral, type Who } from '../access/gate.ts';
import { NotFound } from '../http/errors.ts';
import { formatMinutes, toMinutes } from './slots.ts';
import * as store from './store.ts';
import { machineLabel } from '../../shared/booking-place.ts';

export type LetterLanguage = 'nb' | 'nn';

/** What the letter says (everything plain text; no internal codes). */
export interface LetterContent {
  patientName: string;
  /** YYYY-MM-DD and HH:MM, Oslo wall-clock time. */
  date: string;
  start: string;
  end: string;
  departmentName: string;
  siteName: string;
  /** The site's visiting address (besøksadresse), when the directory has it. */
  siteAddress?: string | null;
  machineName: string;
  examName: string;
  /** DICOM modality of the machine (MR, CT, US, DX, CR, NM, PT, MG …). */
  kind: string;
  accessionNumber: string;
  referralNumber: string;
}

const KIND_WORDS: Record<LetterLanguage, Record<string, string>> = {
  nb: {
    MR: 'MR-undersøkelse (bilder tatt med magnetfelt og radiobølger, uten røntgenstråling)',
    CT: 'CT-undersøkelse (røntgenbilder tatt i snitt)',
    US: 'ultralydundersøkelse',
    DX: 'vanlig røntgenundersøkelse',
    CR: 'vanlig røntgenundersøkelse',
    NM: 'nukleærmedisinsk undersøkelse (bilder etter en liten dose radioaktivt sporstoff)',
    PT: 'PET-undersøkelse (bilder etter en liten dose radioaktivt sporstoff)',
    MG: 'mammografi (røntgen av brystene)',
  },
  nn: {
    MR: 'MR-undersøking (bilete tekne med magnetfelt og radiobølgjer, utan røntgenstråling)',
    CT: 'CT-undersøking (røntgenbilete tekne i snitt)',
    US: 'ultralydundersøking',
    DX: 'vanleg røntgenundersøking',
    CR: 'vanleg røntgenundersøking',
    NM: 'nukleærmedisinsk undersøking (bilete etter ein liten dose radioaktivt sporstoff)',
    PT: 'PET-undersøking (bilete etter ein liten dose radioaktivt sporstoff)',
    MG: 'mammografi (røntgen av brysta)',
  },
};

const PREPARATION: Record<LetterLanguage, Record<string, string[]>> = {
  nb: {
    MR: [
      'Gi beskjed på forhånd hvis du har pacemaker, hjertestarter (ICD), høreimplantat, insulinpumpe, annet implantat eller metallsplinter i kroppen, eller hvis du er gravid.',
      'Ta av smykker, klokke, piercinger og annet metall før undersøkelsen. Bank- og betalingskort kan bli ødelagt av magnetfeltet.',
      'Si fra hvis du er redd for trange rom.',
    ],
    CT: [
      'Skal du ha kontrastmiddel, kan du bli bedt om å ikke spise de siste timene før undersøkelsen. Drikk gjerne vann.',
      'Gi beskjed hvis du har nedsatt nyrefunksjon, diabetes (særlig hvis du bruker metformin), stoffskiftesykdom, eller har reagert på kontrastmiddel før. Det kan være nødvendig å måle nyrefunksjonen med en blodprøve først.',
      'Gi beskjed hvis du er eller kan være gravid.',
    ],
    US: [
      'Ved ultralyd av magen: ikke spis de siste 4–6 timene før undersøkelsen. Ved ultralyd av urinblæren: møt med full blære. Andre undersøkelser trenger ingen forberedelse.',
    ],
    DX: ['Ingen særskilt forberedelse. Gi beskjed hvis du er eller kan være gravid.'],
    CR: ['Ingen særskilt forberedelse. Gi beskjed hvis du er eller kan være gravid.'],
    NM: ['Gi beskjed hvis du er gravid eller ammer. Følg eventuelle egne råd om faste og medisiner som følger med dette brevet.'],
    PT: ['Ikke spis de siste 6 timene før undersøkelsen, og unngå hard fysisk aktivitet dagen før. Gi beskjed hvis du har diabetes, er gravid eller ammer.'],
    MG: ['Ikke bruk deodorant, pudder eller krem på overkroppen samme dag.'],
  },
  nn: {
    MR: [
      'Gje melding på førehand dersom du har pacemaker, hjartestartar (ICD), høyreimplantat, insulinpumpe, anna implantat eller metallsplintar i kroppen, eller dersom du er gravid.',
      'Ta av smykke, klokke, piercingar og anna metall før undersøkinga. Bank- og betalingskort kan bli øydelagde av magnetfeltet.',
      'Sei frå dersom du er redd for trange rom.',
    ],
    CT: [
      'Skal du ha kontrastmiddel, kan du bli beden om å ikkje ete dei siste timane før undersøkinga. Drikk gjerne vatn.',
      'Gje melding dersom du har nedsett nyrefunksjon, diabetes (særleg dersom du brukar metformin), stoffskiftesjukdom, eller har reagert på kontrastmiddel før. Det kan vere naudsynt å måle nyrefunksjonen med ei blodprøve først.',
      'Gje melding dersom du er eller kan vere gravid.',
    ],
    US: [
      'Ved ultralyd av magen: ikkje et dei siste 4–6 timane før undersøkinga. Ved ultralyd av urinblæra: møt med full blære. Andre undersøkingar treng inga førebuing.',
    ],
    DX: ['Inga særskild førebuing. Gje melding dersom du er eller kan vere gravid.'],
    CR: ['Inga særskild førebuing. Gje melding dersom du er eller kan vere gravid.'],
    NM: ['Gje melding dersom du er gravid eller ammar. Følg eventuelle eigne råd om faste og medisinar som følgjer med dette brevet.'],
    PT: ['Ikkje et dei siste 6 timane før undersøkinga, og unngå hard fysisk aktivitet dagen før. Gje melding dersom du har diabetes, er gravid eller ammar.'],
    MG: ['Ikkje bruk deodorant, pudder eller krem på overkroppen same dag.'],
  },
};

const TEXT = {
  nb: {
    title: 'Innkalling til undersøkelse',
    to: 'Til',
    time: 'Tid',
    clock: 'kl.',
    place: 'Sted',
    exam: 'Undersøkelse',
    kind: 'Hva slags undersøkelse',
    preparation: 'Forberedelse',
    generic: 'Generelle råd. Avdelingen gir beskjed om noe annet gjelder for deg.',
    numbers: 'Oppgi disse numrene hvis du kontakter oss',
    accession: 'Timenummer',
    referral: 'Henvisningsnummer',
    change: 'Kan du ikke komme, gi beskjed så snart som mulig, så kan timen gå til en annen pasient.',
    arrive: 'Møt gjerne 15 minutter før timen.',
  },
  nn: {
    title: 'Innkalling til undersøking',
    to: 'Til',
    time: 'Tid',
    clock: 'kl.',
    place: 'Stad',
    exam: 'Undersøking',
    kind: 'Kva slags undersøking',
    preparation: 'Førebuing',
    generic: 'Generelle råd. Avdelinga gjev melding dersom noko anna gjeld for deg.',
    numbers: 'Oppgje desse numra dersom du kontaktar oss',
    accession: 'Timenummer',
    referral: 'Tilvisingsnummer',
    change: 'Kan du ikkje kome, gje melding så snart som mogleg, så kan timen gå til ein annan pasient.',
    arrive: 'Møt gjerne 15 minutt før timen.',
  },
} as const;

/** The date in words in the language ("mandag 7. desember 2026" / "måndag 7. desember 2026"). */
export function dateInWords(date: string, lang: LetterLanguage): string {
  return new Intl.DateTimeFormat(lang === 'nn' ? 'nn-NO' : 'nb-NO', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** The letter's lines as plain text (what the PDF shows), for one language. Pure. */
export function letterLines(c: LetterContent, lang: LetterLanguage): { heading: string; sections: { label: string; lines: string[] }[]; footer: string[] } {
  const t = TEXT[lang];
  return {
    heading: t.title,
    sections: [
      { label: t.to, lines: [c.patientName] },
      { label: t.time, lines: [`${dateInWords(c.date, lang)} ${t.clock} ${c.start}–${c.end}`, t.arrive] },
      { label: t.place, lines: [c.departmentName, c.siteName, ...(c.siteAddress ? [c.siteAddress] : []), machineLabel(c.machineName, c.siteName)] },
      { label: t.exam, lines: [c.examName] },
      { label: t.kind, lines: [KIND_WORDS[lang][c.kind] ?? c.examName] },
      { label: t.preparation, lines: [...(PREPARATION[lang][c.kind] ?? []), t.generic] },
      { label: t.numbers, lines: [`${t.accession}: ${c.accessionNumber}`, `${t.referral}: ${c.referralNumber}`] },
    ],
    footer: [t.change],
  };
}

/** Renders the letter as a PDF (A4). */
export function renderLetter(c: LetterContent, lang: LetterLanguage): Promise<Buffer> {
  const lines = letterLines(c, lang);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: lines.heading, Author: c.departmentName }, lang: lang === 'nn' ? 'nn-NO' : 'nb-NO' });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(lines.heading);
  doc.moveDown();
  for (const s of lines.sections) {
    doc.font('Helvetica-Bold').fontSize(11).text(s.label);
    doc.font('Helvetica').fontSize(11);
    for (const l of s.lines) doc.text(l);
    doc.moveDown(0.6);
  }
  doc.moveDown();
  doc.font('Helvetica-Oblique').fontSize(10);
  for (const l of lines.footer) doc.text(l);
  doc.end();
  return done;
}

/**
 * The letter of a booked exam, read through the access gate (the referrer or the receiving
 * department; one access-log row). Errors: NotFound (no such booking). The letter is written to
 * the patient in `lang` (bokmål or nynorsk, chosen for the patient), so the exam keeps its
 * Norwegian catalogue name whatever language the person printing it uses.
 */
export async function letterFor(db: Kysely<DB>, who: Who, stepId: string, lang: LetterLanguage): Promise<{ accessionNumber: string; bytes: Buffer }> {
  const s = await gated(db, async (trx) => {
    const row = await store.stepWithReferral(trx, stepId);
    if (!row || row.step_status === 'cancelled') throw new NotFound('Fant ikke timen / No such booking');
    await requireReferral(trx, who, row, 'export', 'booking-letter');
    return row;
  });
  const bytes = await renderLetter(
    {
      patientName: `${s.given_name} ${s.family_name}`,
      date: s.date,
      start: s.start,
      end: formatMinutes(toMinutes(s.start) + s.duration_minutes),
      departmentName: s.department_name,
      siteName: s.site_name,
      siteAddress: s.site_address,
      machineName: s.machine_name,
      examName: s.exam_name,
      kind: s.machine_kind,
      accessionNumber: s.accession_number,
      // The number the referrer's receipt and the department's search use (never the internal id).
      referralNumber: String(s.referral_number),
    },
    lang,
  );
  return { accessionNumber: s.accession_number, bytes };
}
