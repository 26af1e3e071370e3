// The national network's editor (fagredaktør) imports the specialty's full list of learning goals
// (CSV) over HTTP on a real database — a department leader is refused (403, logged): every title arrives, numbers not packaged (radiology) are added so plans can list them,
// a file with one bad row among many is refused with that row named and nothing imported, and every
// changed title is logged with the one it replaced. The titles here are synthetic: Radvis packages
// none (docs/training.md, "Goal titles").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReadingRegion, type ReadingRegion } from '../testing/reading.ts';

let ctx: TestContext;
let reg: ReadingRegion;
let leader: Session;
let editor: Session;
let admin: Session;
let leaderUserId: string;
const api = (s: Session) => as(ctx.app, s);
const importCsv = (csv: string, source = 'Syntetisk testliste', by = editor) =>
  api(by)({ method: 'POST', url: '/api/training/goals/import', payload: { csv, source } });

/** A synthetic full list: nuclear medicine 1–102 and radiology 1–60, semicolon separated as Norwegian spreadsheets write. */
function fullList(bad?: { index: number; row: string }): string {
  const rows = ['specialty;number;title'];
  for (let n = 1; n <= 102; n++) rows.push(`nukleærmedisin;LM ${n};Syntetisk mål ${n}, med komma`);
  for (let n = 1; n <= 60; n++) rows.push(`radiologi;${n};"Syntetisk radiologimål ${n}"`);
  if (bad) rows.splice(bad.index, 0, bad.row);
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

beforeAll(async () => {
  ctx = await createTestContext();
  reg = await createReadingRegion(ctx.db.kysely);
  const u = await createUser(ctx.db.kysely, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
  leader = await login(ctx.app, u.username, u.password);
  leaderUserId = u.userId;
  const e = await createUser(ctx.db.kysely, { grants: [{ role: 'network_editor', organizationId: reg.rhf }] });
  editor = await login(ctx.app, e.username, e.password);
  const a = await createUser(ctx.db.kysely, { grants: [{ role: 'admin', organizationId: reg.rhf }] });
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(async () => ctx?.close());

describe('importing the full list of learning goals', () => {
  it('refuses a file with one bad row among many, naming that row, and imports nothing', async () => {
    // The bad row lands on line 120 (header is line 1).
    const res = await importCsv(fullList({ index: 119, row: 'radiologi;12a;Feil nummer' }));
    expect(res.statusCode).toBe(400);
    // The column is the field's position, as a spreadsheet counts columns: the number is column 2.
    expect(res.json().errors).toEqual([{ field: 'line 120, column 2', message: 'number-not-1-999' }]);
    const dup = await importCsv(fullList({ index: 5, row: 'nukleærmedisin;3;Dobbel' }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors).toContainEqual({ field: 'line 6, column 2', message: 'duplicate-of-line-4' });
    // Broken quoting on line 80 (a title whose closing quote is followed by more text).
    const quoted = await importCsv(fullList({ index: 79, row: 'radiologi;7;"Tittel" og mer' }));
    expect(quoted.statusCode).toBe(400);
    expect(quoted.json().errors).toEqual([{ field: 'line 80, column 3', message: 'text-after-quote' }]);
    const g = (await api(leader)({ url: '/api/training/goals' })).json();
    expect(g.untitled).toBe(102);
    expect(g.goals.filter((x: { specialty: string }) => x.specialty === 'radiology')).toHaveLength(0);
    expect(await ctx.db.kysely.selectFrom('learning_goal_title_log').select('id').execute()).toHaveLength(0);
  });

  it('imports every title, adds the radiology numbers, and logs each change with the title it replaced', async () => {
    const res = await importCsv(fullList());
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(162);
    const g = (await api(leader)({ url: '/api/training/goals' })).json();
    expect(g.untitled).toBe(0);
    const nm = g.goals.filter((x: { specialty: string }) => x.specialty === 'nuclear_medicine');
    expect(nm).toHaveLength(102);
    expect(nm[16]).toMatchObject({ number: 17, title: 'Syntetisk mål 17, med komma', source: 'Syntetisk testliste' });
    // A radiology plan can now list the imported numbers.
    const plan = await api(leader)({
      method: 'POST',
      url: '/api/training/plans',
      payload: {
        organizationId: reg.deptA,
        specialty: 'radiology',
        name: 'Radiologi',
        rotations: [{ fromYears: 0, toYears: 2, trust: 'A', hospital: 'B', section: 'C', goals: '1-60' }],
      },
    });
    expect(plan.statusCode).toBe(201);
    // A corrected title replaces the old one; the log keeps both.
    expect((await importCsv('specialty,number,title\nnuclear_medicine,17,Rettet tittel\n', 'Rettelse')).statusCode).toBe(200);
    const log = await ctx.db.kysely
      .selectFrom('learning_goal_title_log')
      .select(['title', 'previous_title', 'source', 'imported_by'])
      .where('specialty', '=', 'nuclear_medicine')
      .where('number', '=', 17)
      .orderBy('id')
      .execute();
    expect(log).toEqual([
      { title: 'Syntetisk mål 17, med komma', previous_title: null, source: 'Syntetisk testliste', imported_by: expect.any(String) },
      { title: 'Rettet tittel', previous_title: 'Syntetisk mål 17, med komma', source: 'Rettelse', imported_by: expect.any(String) },
    ]);
    // The same file again changes no title and logs nothing new.
    const n = (await ctx.db.kysely.selectFrom('learning_goal_title_log').select('id').execute()).length;
    expect((await importCsv('specialty,number,title\nnuclear_medicine,17,Rettet tittel\n', 'Rettelse')).statusCode).toBe(200);
    expect(await ctx.db.kysely.selectFrom('learning_goal_title_log').select('id').execute()).toHaveLength(n);
  });
});

describe('who changes the national learning goals', () => {
  it('refuses a department leader (403 problem+json, logged) and changes nothing; the leader keeps the department plan', async () => {
    const res = await importCsv('specialty,number,title\nnuclear_medicine,1,Tittel fra avdelingen\n', 'Avdelingen', leader);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const refused = await ctx.db.kysely
      .selectFrom('access_log')
      .select(['resource_id', 'outcome', 'reason'])
      .where('user_id', '=', leaderUserId)
      .where('outcome', '=', 'refused')
      .execute();
    expect(refused).toContainEqual({ resource_id: 'POST /api/training/goals/import', outcome: 'refused', reason: 'role-not-allowed' });
    const g = (await api(leader)({ url: '/api/training/goals?specialty=nuclear_medicine' })).json();
    expect(g.goals[0].title).not.toBe('Tittel fra avdelingen');
    expect(await ctx.db.kysely.selectFrom('learning_goal_title_log').select('id').where('source', '=', 'Avdelingen').execute()).toHaveLength(0);
    // The leader's local fields: the department's own plan (rotations and which goals each lists).
    const plan = await api(leader)({
      method: 'POST',
      url: '/api/training/plans/packaged',
      payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' },
    });
    expect(plan.statusCode).toBe(201);
  });

  it('lets the network editor and an administrator read the list, and an administrator import', async () => {
    expect((await api(editor)({ url: '/api/training/goals' })).statusCode).toBe(200);
    const res = await importCsv('specialty,number,title\nfkm,1,Syntetisk FKM-mål\n', 'Syntetisk', admin);
    expect(res.statusCode).toBe(200);
    expect((await api(admin)({ url: '/api/training/goals?specialty=fkm' })).json().goals).toEqual([
      { specialty: 'fkm', number: 1, title: 'Syntetisk FKM-mål', source: 'Syntetisk' },
    ]);
  });
});
