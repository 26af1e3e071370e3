// The list searches' rules (vetting inbox, booking queue, "Mine henvisninger" share
// parseInboxSearch + inboxSearchSql) on a real database — PGlite by default, PostgreSQL with
// TEST_DATABASE_URL: names at word starts only ("Hansen" never finds "Johansen"), case and accents,
// æøå kept distinct, fødselsnummer exact, 6 digits = birth date, referral number exact; the
// name parts follow a renamed patient; the SQL fold is the TypeScript fold; and the name search is
// a range on patient_name_part's index, not a scan; the lists' searchCondition (patients looked up
// first, then referrals by patient id) finds exactly what inboxSearchSql finds.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { parseInboxSearch } from './inbox.ts';
import { foldName, NAME_FOLD_FROM, NAME_FOLD_TO, nameParts, prefixUpperBound } from './name-search.ts';
import { inboxSearchSql, patientIdsByName, searchCondition } from './store.ts';

let db: Database;
let drop: () => Promise<void>;
/** Patient display name → { referral id, referral number, fnr }. */
const byName: Record<string, { ref: string; number: number; fnr: string }> = {};

const NAMES: [string, string, string][] = [
  ['Kari', 'Hansen', '1980-01-01'],
  ['Ola', 'Johansen', '1975-03-14'],
  ['Per', 'Hansen-Berg', '1990-12-24'],
  ['Søndre', 'Dalen', '1962-07-30'],
  ['Sondre', 'Åsen', '2001-05-05'],
  ['Émile', 'Bårdal', '1958-10-10'],
  ['Jörg', 'Müller', '1944-02-29'],
];

/** The patients a search finds — through searchCondition (what the three lists run), checked against inboxSearchSql (the same rule as one subquery). */
async function find(q: string, today = new Date('2026-12-02T12:00:00Z')): Promise<string[]> {
  const s = parseInboxSearch(q, today);
  if (!s) return [];
  const names = async (where: RawBuilder<SqlBool>) => {
    const rows = await sql<{ id: string }>`SELECT r.id FROM referral r WHERE ${where}`.execute(db.kysely);
    return Object.entries(byName)
      .filter(([, v]) => rows.rows.some((r) => r.id === v.ref))
      .map(([n]) => n)
      .sort();
  };
  const found = await names(await searchCondition(db.kysely, s));
  expect(await names(inboxSearchSql(s))).toEqual(found);
  return found;
}

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  const k = db.kysely;
  const practice = await createOrganization(k, { kind: 'gp_practice', name: 'Legesenteret' });
  const dept = await createOrganization(k, { kind: 'department', name: 'Radiologi' });
  const gp = await createUser(k, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  for (const [given, family, born] of NAMES) {
    const p = await createPatient(k, { name: [given, family], birthDate: born });
    const ref = await createReferral(k, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept });
    const row = await k
      .selectFrom('referral')
      .innerJoin('patient', 'patient.id', 'referral.patient_id')
      .select(['referral_number', 'fnr'])
      .where('referral.id', '=', ref)
      .executeTakeFirstOrThrow();
    byName[`${given} ${family}`] = { ref, number: Number(row.referral_number), fnr: row.fnr };
  }
});
afterAll(async () => drop?.());

describe('name search at word starts', () => {
  it('"Hansen" finds Hansen and Hansen-Berg, never Johansen', async () => {
    expect(await find('Hansen')).toEqual(['Kari Hansen', 'Per Hansen-Berg']);
    expect(await find('johan')).toEqual(['Ola Johansen']);
    expect(await find('ansen')).toEqual([]);
    expect(await find('berg')).toEqual(['Per Hansen-Berg']);
  });
  it('every typed word is the start of a name part, in any order', async () => {
    expect(await find('hansen kari')).toEqual(['Kari Hansen']);
    expect(await find('k hans')).toEqual(['Kari Hansen']);
    expect(await find('kari johansen')).toEqual([]);
  });
  it('ignores case and accents, but keeps æ, ø and å apart from ae, o and a', async () => {
    expect(await find('SØNDRE')).toEqual(['Søndre Dalen']);
    expect(await find('sondre')).toEqual(['Sondre Åsen']);
    expect(await find('åsen')).toEqual(['Sondre Åsen']);
    expect(await find('asen')).toEqual([]);
    expect(await find('emile')).toEqual(['Émile Bårdal']);
    expect(await find('bardal')).toEqual([]);
    expect(await find('bårdal')).toEqual(['Émile Bårdal']);
    // ä/ö are the Swedish/German æ/ø; ü is u.
    expect(await find('jørg muller')).toEqual(['Jörg Müller']);
    expect(await find('jorg')).toEqual([]);
    // Decomposed input (e + combining acute) is the same letter.
    expect(await find('E\u0301mile')).toEqual(['Émile Bårdal']);
  });
  it('keeps the parts of patients bulk-loaded as the generator does (session_replication_role = replica)', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`INSERT INTO patient (id, fnr, given_name, family_name, birth_date, sex, municipality_number)
                VALUES ('bulk-1', '01019912345', 'Bulk', 'Lastesen', '1999-01-01', 'M', '4601')`.execute(trx);
    });
    const parts = await db.kysely.selectFrom('patient_name_part').select('part').where('patient_id', '=', 'bulk-1').orderBy('part').execute();
    expect(parts.map((p) => p.part)).toEqual(['bulk', 'lastesen']);
  });
  it('follows a renamed patient (the trigger keeps the parts)', async () => {
    const { ref } = byName['Ola Johansen'];
    const pid = (await db.kysely.selectFrom('referral').select('patient_id').where('id', '=', ref).executeTakeFirstOrThrow()).patient_id;
    await db.kysely.updateTable('patient').set({ family_name: 'Nordmann' }).where('id', '=', pid).execute();
    expect(await find('johansen')).toEqual([]);
    expect(await find('nordm')).toEqual(['Ola Johansen']);
    await db.kysely.updateTable('patient').set({ family_name: 'Johansen' }).where('id', '=', pid).execute();
    expect(await find('johansen')).toEqual(['Ola Johansen']);
  });
});

describe('numbers', () => {
  it('11 digits: the fødselsnummer, exactly (spaces allowed)', async () => {
    const { fnr } = byName['Kari Hansen'];
    expect(await find(fnr)).toEqual(['Kari Hansen']);
    expect(await find(`${fnr.slice(0, 6)} ${fnr.slice(6)}`)).toEqual(['Kari Hansen']);
    expect(await find(`${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}`)).toEqual([]);
  });
  it('6 digits or DD.MM.YYYY: the birth date', async () => {
    expect(await find('010180')).toEqual(['Kari Hansen']);
    expect(await find('24.12.1990')).toEqual(['Per Hansen-Berg']);
    expect(await find('050501')).toEqual(['Sondre Åsen']); // 2001, not 1901 (none born then)
    expect(await find('290244')).toEqual(['Jörg Müller']); // 1944 was a leap year
  });
  it('a referral number, exactly', async () => {
    const { number } = byName['Søndre Dalen'];
    expect(await find(String(number))).toEqual(['Søndre Dalen']);
  });
  it('parses what it cannot match as 400, not as a scan', () => {
    expect(() => parseInboxSearch('kari 12')).toThrow();
    expect(parseInboxSearch('990199', new Date('2026-12-02'))).toEqual({ kind: 'number', number: 990199 }); // day 99: not a date
    expect(parseInboxSearch('300426', new Date('2026-12-02'))).toEqual({ kind: 'birth', dates: ['1926-04-30', '2026-04-30'], number: 300426 });
    expect(parseInboxSearch('010180', new Date('2026-12-02'))).toEqual({ kind: 'birth', dates: ['1980-01-01'] });
    expect(parseInboxSearch(" - ' ")).toBeUndefined();
  });
});

describe('patients first (searchCondition)', () => {
  it('looks up the matching patients, intersecting the words, and gives up past the bound', async () => {
    const pid = async (name: string) =>
      (await db.kysely.selectFrom('referral').select('patient_id').where('id', '=', byName[name].ref).executeTakeFirstOrThrow()).patient_id;
    expect((await patientIdsByName(db.kysely, ['hansen']))?.sort()).toEqual([await pid('Kari Hansen'), await pid('Per Hansen-Berg')].sort());
    expect(await patientIdsByName(db.kysely, ['hansen', 'k'])).toEqual([await pid('Kari Hansen')]);
    expect(await patientIdsByName(db.kysely, ['zzz'])).toEqual([]);
    expect(await patientIdsByName(db.kysely, ['hansen'], 2)).toHaveLength(2);
    expect(await patientIdsByName(db.kysely, ['hansen'], 1)).toBeUndefined();
  });
  it('a name becomes a patient id list; no match is false; other searches are inboxSearchSql', async () => {
    const compiled = async (q: string) => (await searchCondition(db.kysely, parseInboxSearch(q)!)).compile(db.kysely).sql;
    expect(await compiled('hansen')).toBe('r.patient_id = ANY($1::text[])');
    expect(await compiled('zzz')).toBe('false');
    expect(await compiled(byName['Kari Hansen'].fnr)).toContain('fnr');
  });
});

describe('the fold and the index', () => {
  it('the database folds names exactly as name-search.ts does', async () => {
    expect([...NAME_FOLD_FROM].length).toBe([...NAME_FOLD_TO].length);
    const sample = `${NAME_FOLD_FROM} Hansen-Berg O'Neil St. Olav`;
    const r = await sql<{
      f: string;
      parts: string[];
    }>`SELECT radvis_name_fold(${sample}) AS f, ARRAY(SELECT radvis_name_parts(${sample}, '') ORDER BY 1) AS parts`.execute(db.kysely);
    expect(r.rows[0].f).toBe(foldName(sample));
    expect([...r.rows[0].parts].sort()).toEqual([...nameParts(sample)].sort());
  });
  it('prefix bounds', () => {
    expect(prefixUpperBound('hans')).toBe('hant');
    expect(prefixUpperBound('så')).toBe('sæ'.replace('æ', String.fromCodePoint('å'.codePointAt(0)! + 1)));
  });
  it('a name word is a range on the part index', async () => {
    // A tiny table may be read whole; force the planner's hand to see that the index can serve it.
    await sql`SET enable_seqscan = off`.execute(db.kysely);
    const forced = await sql<Record<string, string>>`EXPLAIN SELECT patient_id FROM patient_name_part WHERE part >= ${'hans'} AND part < ${'hant'}`.execute(
      db.kysely,
    );
    await sql`SET enable_seqscan = on`.execute(db.kysely);
    expect(forced.rows.map((r) => Object.values(r)[0]).join('\n')).toMatch(/Index (Only )?Scan (using|on) patient_name_part_pkey/);
  });
});
