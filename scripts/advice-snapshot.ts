// Snapshot of the advice for every test-set note, to prove a change to the free-text reader or the
// engine keeps its outputs (e.g. a speed-up): every note in content/guidelines/test-sets — the 80
// vignettes, the other vignette sets (*.json) and the free-text cases (*.yaml) — and the reader's
// own cases (content/guidelines/free-text-cases/*.yaml) goes through advise(), the function the
// CDS Hooks service and the referral form use, and the full result (class, advice, facts read,
// spans, missing facts) is written as canonical JSON (keys sorted, one note per line, so a diff
// names the note).
//
//   npx tsx scripts/advice-snapshot.ts /tmp/before.json            write a snapshot
//   npx tsx scripts/advice-snapshot.ts /tmp/after.json /tmp/before.json   write and compare (exit 1 on a difference)
//
// Vignettes use their NCRP code (`ncrp`), ICPC-2 code, age and sex, and no structured facts; the
// free-text cases have no exam, so they are read with no exam context (as extract.test.ts reads
// them) and their `now`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { advise } from '../src/server/guidelines/advise.ts';
import { loadGuidelinePack } from '../src/server/guidelines/loader.ts';
import { classOf } from '../src/server/guidelines/vignette-score.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SETS = path.join(ROOT, 'content/guidelines/test-sets');
const READER_CASES = path.join(ROOT, 'content/guidelines/free-text-cases');
/** The vignette tests' date (vignettes.test.ts, vignettes-extra.test.ts). */
const VIGNETTE_NOW = new Date('2026-11-30T12:00:00Z');

interface Note {
  key: string;
  examCode: string;
  age?: number;
  sex?: 'M' | 'F';
  icpc?: string | null;
  text: string;
  now: Date;
}

/** Every note of every test set, in file order (files sorted by name). */
function notes(): Note[] {
  const out: Note[] = [];
  for (const f of fs.readdirSync(SETS).sort()) {
    const full = path.join(SETS, f);
    if (f.endsWith('.json')) {
      const cases: { id: string; ncrp: string; age: number; sex: 'M' | 'F'; icpc?: string | null; text: string }[] = JSON.parse(fs.readFileSync(full, 'utf8'));
      for (const c of cases) out.push({ key: `${f}#${c.id}`, examCode: c.ncrp, age: c.age, sex: c.sex, icpc: c.icpc, text: c.text, now: VIGNETTE_NOW });
    } else if (f.endsWith('.yaml')) {
      const set: { now: string; cases: { text: string }[] } = parse(fs.readFileSync(full, 'utf8'));
      set.cases.forEach((c, i) => out.push({ key: `${f}#${i}`, examCode: '', text: c.text, now: new Date(`${set.now}T12:00:00Z`) }));
    }
  }
  // The reader's cases carry their own `now` each.
  for (const f of fs.readdirSync(READER_CASES).sort()) {
    if (!f.endsWith('.yaml')) continue;
    const set: { cases: { text: string; now: string }[] } = parse(fs.readFileSync(path.join(READER_CASES, f), 'utf8'));
    set.cases.forEach((c, i) => out.push({ key: `free-text-cases/${f}#${i}`, examCode: '', text: c.text, now: new Date(`${c.now}T12:00:00Z`) }));
  }
  return out;
}

/** JSON with object keys sorted at every depth (arrays keep their order). */
function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object' && !(x instanceof Date)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) o[k] = canonical((x as Record<string, unknown>)[k]);
    return o;
  }
  return x;
}

const [outFile, compareTo] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: npx tsx scripts/advice-snapshot.ts <out.json> [<compare-to.json>]');
  process.exit(2);
}
const pack = loadGuidelinePack();
const lines: string[] = [];
for (const n of notes()) {
  const r = advise(
    pack,
    {
      examCode: n.examCode,
      patient: { ageYears: n.age ?? 50, sex: n.sex ?? 'F' },
      indication: n.icpc ? { system: 'ICPC-2', code: n.icpc } : undefined,
      facts: {},
      text: n.text,
    },
    { now: n.now },
  );
  lines.push(JSON.stringify(canonical({ key: n.key, class: classOf(r.advice), advice: r.advice, extracted: r.extracted, facts: r.facts })));
}
fs.writeFileSync(outFile, `[\n${lines.join(',\n')}\n]\n`);
console.log(`${lines.length} notes written to ${outFile}`);
if (compareTo) {
  const before = fs.readFileSync(compareTo, 'utf8').split('\n');
  const after = fs.readFileSync(outFile, 'utf8').split('\n');
  let diffs = 0;
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] === after[i]) continue;
    if (++diffs <= 10) console.log(`differs at line ${i + 1}:\n- ${(before[i] ?? '').slice(0, 400)}\n+ ${(after[i] ?? '').slice(0, 400)}`);
  }
  console.log(diffs ? `${diffs} notes differ from ${compareTo}` : `identical to ${compareTo}`);
  process.exit(diffs ? 1 : 0);
}
