// The shipped NCRP catalogue (content/codes/ncrp.csv) for unit tests that need no database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogEntry } from './exam-text.ts';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../content/codes/ncrp.csv');

/** Minimal CSV reading (quoted fields with commas) of code, name_nb, name_en, modality. */
export function readExamCatalog(): CatalogEntry[] {
  const lines = fs.readFileSync(FILE, 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return { code: cells[0], name: cells[1], name_en: cells[2] || null, modality: cells[3] };
  });
}
