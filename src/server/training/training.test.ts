// Training API on the real app and database (PGlite; PostgreSQL with TEST_DATABASE_URL). The
// central thread (issue 13 item 4): a specialist of the department approves a LIS for an exam
// type → the worklist shows it at once and the LIS's report of that type becomes final without
// countersigning (through the reporting API); after withdrawal the next report needs
// countersigning again; a LIS never approves themself; a withdrawal is never backdated. Then
// plans, progress with group-complete notifications, assessments, suitability notes (supervisor
// and leader only), supervision meetings, CSV import with line/column errors, reports and exports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser } from '../testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let ctx: TestContext;
let reg: ReadingRegion;
let leader: Session;
let spec: Session; // supervisor
let spec2: Session; // specialist of the trust above the department, not the supervisor
let lis: Session;
let lisSpec: Session; // a LIS who also holds a specialist grant
let outsider: Session;
let lisPerson: string;
let specPerson: string;
let lisSpecPerson: string;
let recordId: string;
let lisSpecRecordId: string;
let listId: string;

const sections = { findings: 'Normale lunger. Ingen pleuravæske.', conclusion: 'Normalt røntgen thorax.' };
const api = (s: Session) => as(ctx.app, s);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  reg = await createReadingRegion(db);
  listId = await createReadingList(db, { owner: reg.deptA, name: 'Alle' });
  const mk = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
  leader = await mk(l);
  const s = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  specPerson = s.personId;
  spec = await mk(s);
  spec2 = await mk(await createReader(db, { org: reg.hfA, role: 'radiologist' }));
  const li = await createReader(db, { org: reg.deptA, role: 'lis' });
  lisPerson = li.personId;
  lis = await mk(li);
  const ls = await createReader(db, { org: reg.deptA, role: 'lis', extraRoles: ['radiologist'] });
  lisSpecPerson = ls.personId;
  lisSpec = await mk(ls);
  outsider = await mk(await createReader(db, { org: reg.deptB, role: 'radiologist' }));

  const plan = await api(leader)({
    method: 'POST',
    url: '/api/training/plans/packaged',
    payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' },
  });
  expect(plan.statusCode).toBe(201);
  const planId = plan.json().id as string;
  const rec = await api(leader)({
    method: 'POST',
    url: '/api/training/records',
    payload: { personId: lisPerson, planId, supervisorPersonId: specPerson, startDate: '2020-01-06' },
  });
  expect(rec.statusCode).toBe(201);
  recordId = rec.json().id;
  const rec2 = await api(leader)({
    method: 'POST',
    url: '/api/training/records',
    payload: { personId: lisSpecPerson, planId, supervisorPersonId: specPerson, startDate: '2026-01-05' },
  });
  expect(rec2.statusCode).toBe(201);
  lisSpecRecordId = rec2.json().id;
});
afterAll(async () => ctx?.close());

async function worklistCase(s: Session, examId: string) {
  const res = await api(s)({ url: `/api/reading/worklist?listId=${listId}&limit=200` });
  expect(res.statusCode).toBe(200);
  return (res.json().cases as { examId: string; reportsAlone: boolean }[]).find((c) => c.examId === examId);
}
const finalize = (s: Session, examId: string) =>
  api(s)({ method: 'POST', url: `/api/reporting/exams/${examId}/report/final`, payload: { sections, expectedVersion: null } });
const approvals = async (s: Session) =>
  (await api(s)({ url: `/api/training/records/${recordId}` })).json().approvals as {
    id: string;
    active: boolean;
    withdrawnAt: string | null;
    approvedBy: string;
  }[];

describe('competence approval lifts countersigning (one source of truth)', () => {
  let approvalId: string;
  let firstExam: string;

  it('without approval a LIS report needs countersigning and the worklist says so', async () => {
    const e = await performExam(ctx.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    firstExam = e.examId;
    expect((await worklistCase(lis, e.examId))?.reportsAlone).toBe(false);
    const res = await finalize(lis, e.examId);
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].message).toBe('needs-countersign');
  });

  it('refuses the LIS themself (even with a specialist grant), leaders without a specialist grant and outsiders; nothing changes', async () => {
    const own = await api(lis)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'SEA0AA' } });
    expect(own.statusCode).toBe(403);
    expect(own.json().errors[0].message).toBe('own-competence');
    const ownSpec = await api(lisSpec)({ method: 'POST', url: `/api/training/records/${lisSpecRecordId}/competence`, payload: { examCode: 'SEA0AA' } });
    expect(ownSpec.statusCode).toBe(403);
    expect(ownSpec.json().errors[0].message).toBe('own-competence');
    const lead = await api(leader)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'SEA0AA' } });
    expect(lead.statusCode).toBe(403);
    expect(lead.json().errors[0].message).toBe('not-specialist');
    const out = await api(outsider)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'SEA0AA' } });
    expect(out.statusCode).toBe(403);
    const bad = await api(spec)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'ZZZ9ZZ' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const badShape = await api(spec)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'thorax' } });
    expect(badShape.statusCode).toBe(400);
    expect(await approvals(spec)).toEqual([]);
    expect((await worklistCase(lis, firstExam))?.reportsAlone).toBe(false);
  });

  it('a specialist approves: recorded with who and when, the worklist honours it at once, the report becomes final without countersigning', async () => {
    const before = Date.now();
    const res = await api(spec)({
      method: 'POST',
      url: `/api/training/records/${recordId}/competence`,
      payload: { examCode: 'SEA0AA', note: 'Enighet i kollegiet' },
    });
    expect(res.statusCode).toBe(201);
    approvalId = res.json().id;
    const [a] = await approvals(lis);
    expect(a!.active).toBe(true);
    expect(a!.approvedBy).toMatch(/Test/);
    const row = await ctx.db.kysely.selectFrom('competence_approval').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
    expect(row.approved_by_person_id).toBe(specPerson);
    expect(row.approved_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    expect((await worklistCase(lis, firstExam))?.reportsAlone).toBe(true);
    const fin = await finalize(lis, firstExam);
    expect(fin.statusCode).toBe(200);
    expect(fin.json().status).toBe('final');
    const rep = await ctx.db.kysely.selectFrom('report').selectAll().where('exam_id', '=', firstExam).executeTakeFirstOrThrow();
    expect(rep.needs_countersign).toBe(false);
    expect(rep.finalized_by_person_id).toBe(lisPerson);

    const again = await api(spec2)({ method: 'POST', url: `/api/training/records/${recordId}/competence`, payload: { examCode: 'SEA0AA' } });
    expect(again.statusCode).toBe(409);
  });

  it('a withdrawal cannot be backdated nor made by the LIS; nothing changes then', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const back = await api(spec)({
      method: 'POST',
      url: `/api/training/records/${recordId}/competence/${approvalId}/withdraw`,
      payload: { reason: 'Feil', withdrawnAt: yesterday },
    });
    expect(back.statusCode).toBe(400);
    expect(back.json().errors[0].message).toBe('backdated');
    const own = await api(lis)({ method: 'POST', url: `/api/training/records/${recordId}/competence/${approvalId}/withdraw`, payload: { reason: 'x' } });
    expect(own.statusCode).toBe(403);
    const empty = await api(spec)({ method: 'POST', url: `/api/training/records/${recordId}/competence/${approvalId}/withdraw`, payload: { reason: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect((await approvals(spec))[0]!.active).toBe(true);
  });

  it('after withdrawal the next report needs countersigning again; the earlier final report stays final', async () => {
    const res = await api(spec2)({
      method: 'POST',
      url: `/api/training/records/${recordId}/competence/${approvalId}/withdraw`,
      payload: { reason: 'Ny vurdering i kollegiet' },
    });
    expect(res.statusCode).toBe(200);
    const [a] = await approvals(spec);
    expect(a!.active).toBe(false);
    expect(a!.withdrawnAt).not.toBeNull();

    const e = await performExam(ctx.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    expect((await worklistCase(lis, e.examId))?.reportsAlone).toBe(false);
    const fin = await finalize(lis, e.examId);
    expect(fin.statusCode).toBe(403);
    expect(fin.json().errors[0].message).toBe('needs-countersign');
    const pre = await api(lis)({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/preliminary`, payload: { sections, expectedVersion: null } });
    expect(pre.statusCode).toBe(200);
    expect(pre.json().status).toBe('preliminary');
    const queue = await api(spec)({ url: '/api/reporting/countersign-queue' });
    expect(JSON.stringify(queue.json())).toContain(e.examId);
    expect((await ctx.db.kysely.selectFrom('report').select('status').where('exam_id', '=', firstExam).executeTakeFirstOrThrow()).status).toBe('final');

    const twice = await api(spec)({ method: 'POST', url: `/api/training/records/${recordId}/competence/${approvalId}/withdraw`, payload: { reason: 'igjen' } });
    expect(twice.statusCode).toBe(409);
  });

  it('reading statistics beside the goals: reports per exam type, final alone, approval state', async () => {
    const v = (await api(lis)({ url: `/api/training/records/${recordId}` })).json();
    const s = v.readingStats.byExamType.find((x: { examCode: string }) => x.examCode === 'SEA0AA');
    expect(s).toMatchObject({ reports: 2, finalAlone: 1, approved: false });
  });

  it('a LIS profile cannot hold its own list of exam types to report alone', async () => {
    const res = await api(leader)({
      method: 'PUT',
      url: `/api/reading/profiles/${lisPerson}`,
      payload: { role: 'lis', homeOrgId: reg.deptA, subspecialties: [], soloExamCodes: ['SEA0AA'], available: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toBe('lis-approved-in-training');
    await expect(
      ctx.db.kysely
        .updateTable('reader_profile')
        .set({ solo_exam_codes: ['SEA0AA'] })
        .where('person_id', '=', lisPerson)
        .execute(),
    ).rejects.toThrow();
  });
});

describe('goals, progress, assessment, notes', () => {
  it('registers activity; refuses goals outside the plan and future dates', async () => {
    const ok = await api(lis)({
      method: 'POST',
      url: `/api/training/records/${recordId}/activities`,
      payload: { specialty: 'nuclear_medicine', goalNumber: 1, kind: 'procedure', count: 25, description: 'Myokardperfusjon', doneOn: '2026-01-10' },
    });
    expect(ok.statusCode).toBe(201);
    const notInPlan = await api(lis)({
      method: 'POST',
      url: `/api/training/records/${recordId}/activities`,
      payload: { specialty: 'radiology', goalNumber: 1, kind: 'course', description: 'Kurs', doneOn: '2026-01-10' },
    });
    expect(notInPlan.statusCode).toBe(400);
    const future = await api(lis)({
      method: 'POST',
      url: `/api/training/records/${recordId}/activities`,
      payload: { specialty: 'nuclear_medicine', goalNumber: 2, kind: 'course', description: 'Kurs', doneOn: '2999-01-01' },
    });
    expect(future.statusCode).toBe(400);
    for (const doneOn of ['2026-02-30', '30.01.2026'])
      expect(
        (
          await api(lis)({
            method: 'POST',
            url: `/api/training/records/${recordId}/activities`,
            payload: { specialty: 'nuclear_medicine', goalNumber: 2, kind: 'course', description: 'Kurs', doneOn },
          })
        ).statusCode,
      ).toBe(400);
    const other = await api(outsider)({
      method: 'POST',
      url: `/api/training/records/${recordId}/activities`,
      payload: { specialty: 'nuclear_medicine', goalNumber: 2, kind: 'course', description: 'Kurs', doneOn: '2026-01-01' },
    });
    expect(other.statusCode).toBe(403);
  });

  it('a complete group notifies supervisor and leader once (not the LIS)', async () => {
    const group = [...Array.from({ length: 17 }, (_, i) => i + 1), 69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80, 81, 97, 99];
    let last: { completedGroups: string[]; notified: number } | undefined;
    for (const n of group) {
      const res = await api(lis)({ method: 'POST', url: `/api/training/records/${recordId}/goals/nuclear_medicine/${n}/complete` });
      expect(res.statusCode).toBe(200);
      if (n !== 99) expect(res.json().notified).toBe(0);
      last = res.json();
    }
    expect(last!.completedGroups).toHaveLength(1);
    expect(last!.notified).toBe(2);
    const again = await api(lis)({ method: 'POST', url: `/api/training/records/${recordId}/goals/nuclear_medicine/1/complete` });
    expect(again.json().notified).toBe(0);
    for (const s of [spec, leader]) {
      const n = (await api(s)({ url: '/api/training/notifications' })).json().notifications;
      expect(n).toHaveLength(1);
      expect(n[0].recordId).toBe(recordId);
      // Named as people read it: the place once each, the years apart (the page adds the unit).
      expect(n[0]).toMatchObject({ rotation: 'AHUS · Nordbyhagen · BDA/NM', years: { from: 0, to: 1 } });
    }
    expect((await api(lis)({ url: '/api/training/notifications' })).json().notifications).toHaveLength(0);
    const byOther = await api(spec)({ method: 'POST', url: `/api/training/records/${recordId}/goals/nuclear_medicine/2/complete` });
    expect(byOther.statusCode).toBe(403);
  });

  // breakit18 (outside tester): the leader read "Lars Lærvik har oppfylt alle læringsmålene i … 0–1 år"
  // and, on the same page, "Bak plan · 10 forsinket": goals the LIS had sent for assessment counted
  // as late. Sent = the collegium's turn (the Ahus plan 2.1.3, 2.1.7): awaiting assessment, not overdue.
  it('goals sent for assessment after their rotation ended await assessment and are not overdue', async () => {
    const today = new Date().toISOString().slice(0, 10);
    type G = { number: number; state: string; overdue: boolean; plannedBy: string | null; rotationId: string | null };
    const v = (await api(leader)({ url: `/api/training/records/${recordId}` })).json() as { goals: G[]; counts: { overdue: number; completed: number } };
    const sent = v.goals.filter((g) => g.state === 'completed');
    expect(sent.length).toBe(31); // the 0–1 year group sent above
    for (const g of sent) {
      expect(g.plannedBy! < today, `LM ${g.number}`).toBe(true);
      expect(g.overdue, `LM ${g.number}`).toBe(false);
    }
    // Goals of the same ended rotations the LIS has not sent are still late.
    const rotations = new Set(sent.map((g) => g.rotationId));
    const unsent = v.goals.filter((g) => rotations.has(g.rotationId) && (g.state === 'not_started' || g.state === 'in_progress'));
    for (const g of unsent) expect(g.overdue, `LM ${g.number}`).toBe(true);
    expect(v.counts.overdue).toBe(v.goals.filter((g) => g.overdue).length);
    expect(v.counts.overdue).toBe(v.goals.filter((g) => g.state !== 'approved' && g.state !== 'completed' && g.plannedBy && g.plannedBy < today).length);
    // The list (/utdanning) says the same: overdue without the sent goals, and how many await assessment.
    const list = (await api(leader)({ url: '/api/training/records' })).json() as { records: { id: string; overdue: number; awaitingAssessment: number }[] };
    const mine = list.records.find((r) => r.id === recordId)!;
    expect(mine.overdue).toBe(v.counts.overdue);
    expect(mine.awaitingAssessment).toBe(sent.length);
    expect(v.counts.completed).toBe(sent.length);
  });

  it('assessment: never by the LIS; "not yet" needs a plan; the newest counts', async () => {
    const url = `/api/training/records/${recordId}/goals/nuclear_medicine/1/assessments`;
    const own = await api(lis)({ method: 'POST', url, payload: { outcome: 'approved' } });
    expect(own.statusCode).toBe(403);
    expect(own.json().errors[0].message).toBe('own-goals');
    const noPlan = await api(spec)({ method: 'POST', url, payload: { outcome: 'not_yet' } });
    expect(noPlan.statusCode).toBe(400);
    expect((await api(spec)({ method: 'POST', url, payload: { outcome: 'not_yet', plan: 'Flere stressekko-kasus' } })).statusCode).toBe(201);
    expect((await api(leader)({ method: 'POST', url, payload: { outcome: 'approved' } })).statusCode).toBe(201);
    const v = (await api(lis)({ url: `/api/training/records/${recordId}` })).json();
    const g1 = v.goals.find((g: { number: number }) => g.number === 1);
    expect(g1.state).toBe('approved');
    expect(g1.activityCount).toBe(25);
    expect(v.goals.find((g: { number: number }) => g.number === 2).state).toBe('completed');
  });

  it('suitability notes: only supervisor and leader write and see them', async () => {
    const url = `/api/training/records/${recordId}/suitability-notes`;
    expect((await api(spec)({ method: 'POST', url, payload: { text: 'God progresjon, trygg i vaktarbeid.' } })).statusCode).toBe(201);
    expect((await api(lis)({ method: 'POST', url, payload: { text: 'x' } })).statusCode).toBe(403);
    expect((await api(spec2)({ method: 'POST', url, payload: { text: 'x' } })).statusCode).toBe(403);
    const seen = async (s: Session) => (await api(s)({ url: `/api/training/records/${recordId}` })).json().suitabilityNotes;
    expect(await seen(spec)).toHaveLength(1);
    expect(await seen(leader)).toHaveLength(1);
    expect(await seen(lis)).toBeNull();
    expect(await seen(spec2)).toBeNull();
    expect((await api(outsider)({ url: `/api/training/records/${recordId}` })).statusCode).toBe(403);
  });
});

describe('supervision meetings', () => {
  it('the supervisor plans and logs a 1:1 meeting with themes and agreed actions; the LIS cannot plan', async () => {
    const plannedAt = new Date(Date.now() - 3_600_000).toISOString();
    const bad = await api(spec)({
      method: 'POST',
      url: '/api/training/meetings',
      payload: { kind: 'individual', recordIds: [recordId], plannedAt, themes: ['gossip'] },
    });
    expect(bad.statusCode).toBe(400);
    const two = await api(spec)({
      method: 'POST',
      url: '/api/training/meetings',
      payload: { kind: 'individual', recordIds: [recordId, lisSpecRecordId], plannedAt, themes: ['career'] },
    });
    expect(two.statusCode).toBe(400);
    const byLis = await api(lis)({
      method: 'POST',
      url: '/api/training/meetings',
      payload: { kind: 'individual', recordIds: [recordId], plannedAt, themes: ['career'] },
    });
    expect(byLis.statusCode).toBe(403);
    const m = await api(spec)({
      method: 'POST',
      url: '/api/training/meetings',
      payload: { kind: 'individual', recordIds: [recordId], plannedAt, themes: ['career', 'radiation_protection'] },
    });
    expect(m.statusCode).toBe(201);
    const log = await api(spec)({
      method: 'POST',
      url: `/api/training/meetings/${m.json().id}/log`,
      payload: { heldAt: plannedAt, summary: 'Gjennomgang av progresjon.', actions: [{ text: 'Meld deg på strålevernkurs', dueDate: '2026-03-01' }] },
    });
    expect(log.statusCode).toBe(200);
    const again = await api(spec)({ method: 'POST', url: `/api/training/meetings/${m.json().id}/log`, payload: { heldAt: plannedAt } });
    expect(again.statusCode).toBe(409);
    const group = await api(spec)({
      method: 'POST',
      url: '/api/training/meetings',
      payload: { kind: 'group', recordIds: [recordId, lisSpecRecordId], plannedAt, themes: ['work_environment'] },
    });
    expect(group.statusCode).toBe(201);
    const v = (await api(lis)({ url: `/api/training/records/${recordId}` })).json();
    expect(v.meetings).toHaveLength(2);
    const held = v.meetings.find((x: { heldAt: string | null }) => x.heldAt);
    expect(held.actions[0].text).toBe('Meld deg på strålevernkurs');
    expect(held.themes).toEqual(['career', 'radiation_protection']);
  });
});

describe('learning goals, plans, reports, exports', () => {
  it('the packaged goals are LM 1–102 of nuclear medicine without titles', async () => {
    const r = (await api(lis)({ url: '/api/training/goals?specialty=nuclear_medicine' })).json();
    expect(r.goals).toHaveLength(102);
    expect(r.goals[101].number).toBe(102);
    expect(r.untitled).toBe(102);
  });

  it('CSV import: errors name line and column and import nothing; a clean file imports; only network editors (and admins)', async () => {
    const bad = 'specialty;number;title\nnuclear_medicine;1;Myokardperfusjon\nnukleærmedisin;abc;Tittel\nurology;5;X\n';
    const ed = await createUser(ctx.db.kysely, { grants: [{ role: 'network_editor', organizationId: reg.rhf }] });
    const editor = await login(ctx.app, ed.username, ed.password);
    const res = await api(editor)({ method: 'POST', url: '/api/training/goals/import', payload: { csv: bad, source: 'Test' } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((f: { field: string; message: string }) => `${f.field}: ${f.message}`);
    expect(fields).toContain('line 3, column 2: number-not-1-999');
    expect(fields).toContain('line 4, column 1: unknown-specialty');
    const after = (await api(lis)({ url: '/api/training/goals?specialty=nuclear_medicine' })).json();
    expect(after.goals[0].title).toBeNull();
    expect(
      (await api(lis)({ method: 'POST', url: '/api/training/goals/import', payload: { csv: 'specialty,number,title\nfkm,1,X\n', source: 'T' } })).statusCode,
    ).toBe(403);
    // The department leader neither: the list is national (goal-import.test.ts checks the refusal is logged).
    expect(
      (await api(leader)({ method: 'POST', url: '/api/training/goals/import', payload: { csv: 'specialty,number,title\nfkm,1,X\n', source: 'T' } })).statusCode,
    ).toBe(403);
    const ok = await api(editor)({
      method: 'POST',
      url: '/api/training/goals/import',
      payload: { csv: 'specialty,number,title\nnuclear_medicine,1,"Tittel, med komma"\nfkm,3,Kommunikasjon\n', source: 'Test' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().imported).toBe(2);
    const g = (await api(lis)({ url: '/api/training/goals?specialty=nuclear_medicine' })).json();
    expect(g.goals[0].title).toBe('Tittel, med komma');
  });

  it('a plan with unknown goal numbers or a bad goal list is refused with the rotation named', async () => {
    const base = { organizationId: reg.deptA, specialty: 'nuclear_medicine', name: 'Plan' };
    const r1 = await api(leader)({
      method: 'POST',
      url: '/api/training/plans',
      payload: { ...base, rotations: [{ fromYears: 0, toYears: 1, trust: 'A', hospital: 'B', section: 'C', goals: '1-5, x' }] },
    });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().errors[0].field).toBe('rotations.0.goals');
    const r2 = await api(leader)({
      method: 'POST',
      url: '/api/training/plans',
      payload: { ...base, rotations: [{ fromYears: 1, toYears: 1, trust: 'A', hospital: 'B', section: 'C', goals: '500' }] },
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors.map((f: { message: string }) => f.message)).toEqual(['must-be-after-fromYears', 'unknown-goal-numbers:500']);
    const other = await api(leader)({
      method: 'POST',
      url: '/api/training/plans/packaged',
      payload: { organizationId: reg.deptB, template: 'ahus-nuclear-medicine' },
    });
    expect(other.statusCode).toBe(403);
  });

  it('the department report names who is behind plan and the goals that need rotation elsewhere', async () => {
    const r = (await api(leader)({ url: `/api/training/report?organizationId=${reg.deptA}` })).json();
    const mine = r.records.find((x: { id: string }) => x.id === recordId);
    expect(mine.behind).toBe(true);
    expect(r.records.find((x: { id: string }) => x.id === lisSpecRecordId).behind).toBe(false);
    const g68 = r.hardGoals.find((g: { number: number }) => g.number === 68);
    expect(g68).toMatchObject({ externalOnly: true });
    expect(g68.plannedAt).toContain('OUS');
    expect(g68.places).toEqual([{ place: 'OUS · NM', fromYears: 4.5, toYears: 5 }]);
    const csv = await api(leader)({ url: `/api/training/report?organizationId=${reg.deptA}&format=csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    // The StatBank title line (what, which department, when made), a blank line, then the table.
    const [title, blank, heading] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(title).toMatch(/^Radvis – LIS i avdelingen og framdriften etter utdanningsplanen\. Utvalg: Avdeling: [^.]+\. Laget .+ \(norsk tid\)\.$/);
    expect(blank).toBe('');
    expect(heading).toContain('LIS;Veileder;Utdanningsplan');
    // "behind" in the user's words: a Norwegian spreadsheet gets ja/nei, not yes/no.
    const behindCol = heading.split(';').indexOf('Etter plan');
    const behind = csv.body
      .trim()
      .split('\r\n')
      .slice(3)
      .map((l) => l.split(';')[behindCol]);
    expect(behind).toContain('ja');
    expect(behind.every((b) => b === 'ja' || b === 'nei')).toBe(true);
    expect((await api(lis)({ url: `/api/training/report?organizationId=${reg.deptA}` })).statusCode).toBe(403);
    expect((await api(outsider)({ url: `/api/training/report?organizationId=${reg.deptA}` })).statusCode).toBe(403);
  });

  it('exports a record as CSV (one row per goal) and PDF; suitability notes stay out', async () => {
    const csv = await api(lis)({ url: `/api/training/records/${recordId}/export.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'hpr_number;lis_name;specialty;goal_number;goal_title;status;assessed_by;assessed_at;assessment_plan;activity_count;planned_place;planned_by',
    );
    expect(lines).toHaveLength(103);
    expect(lines[1]).toContain(';approved;');
    const pdf = await api(spec)({ url: `/api/training/records/${recordId}/export.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await api(outsider)({ url: `/api/training/records/${recordId}/export.pdf` })).statusCode).toBe(403);
  });

  // issue 8: the record PDF in the requester's chosen language, exam names included (as on the
  // record page, src/shared/exam-label.ts); the stored catalogue names are unchanged.
  it("the PDF and the record page follow the user's language, exam names included", async () => {
    const db = ctx.db.kysely;
    const { name } = await db.selectFrom('exam_code').select('name').where('code', '=', 'SEA0AA').executeTakeFirstOrThrow();
    await db.updateTable('exam_code').set({ name_en: 'Test exam in English' }).where('code', '=', 'SEA0AA').execute();
    const dir = mkdtempSync(path.join(tmpdir(), 'radvis-training-pdf-'));
    const pdfText = async () => {
      const res = await api(spec)({ url: `/api/training/records/${recordId}/export.pdf` });
      expect(res.statusCode).toBe(200);
      const file = path.join(dir, 'record.pdf');
      writeFileSync(file, res.rawPayload);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const setLocale = async (locale: 'nb' | 'en') =>
      expect((await api(spec)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale } })).statusCode).toBe(200);
    try {
      await setLocale('en');
      const en = await pdfText();
      expect(en).toContain('Individual training plan');
      expect(en).toContain('Competence: reporting without countersigning');
      expect(en).toMatch(/Test exam in English: approved \d{2}\.\d{2}\.\d{4}/);
      expect(en).not.toContain(`${name}:`);
      expect(en).not.toContain('Læringsmål');
      const page = (await api(spec)({ url: `/api/training/records/${recordId}` })).json() as { approvals: { examName: string }[] };
      expect(page.approvals.map((a) => a.examName)).toContain('Test exam in English');
      await setLocale('nb');
      const nb = await pdfText();
      expect(nb).toContain('Individuell utdanningsplan');
      expect(nb).toContain(`${name}: godkjent`);
      expect(nb).not.toContain('Test exam in English');
    } finally {
      await setLocale('nb');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records list: the LIS sees their own, the supervisor theirs, the outsider none; the OpenAPI document describes the API', async () => {
    expect((await api(lis)({ url: '/api/training/records' })).json().records.map((r: { id: string }) => r.id)).toEqual([recordId]);
    expect((await api(spec)({ url: '/api/training/records' })).json().records).toHaveLength(2);
    expect((await api(outsider)({ url: '/api/training/records' })).json().records).toHaveLength(0);
    const unknown = await api(spec)({ url: '/api/training/records/nope' });
    expect(unknown.statusCode).toBe(404);
    const doc = await ctx.app.inject({ url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = doc.json().paths as Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
    expect(paths['/api/training/records/{recordId}/competence']?.post?.requestBody).toBeDefined();
    expect(paths['/api/training/records/{recordId}/competence']?.post?.responses?.['201']).toBeDefined();
    expect(paths['/api/training/records/{recordId}']?.get?.responses?.['200']).toBeDefined();
  });

  it('a record for someone who is not a LIS of the department is refused', async () => {
    const db = ctx.db.kysely;
    const other = await createOrganization(db, { kind: 'department', name: 'Annen' });
    const u = await createUser(db, { grants: [{ role: 'lis', organizationId: other }] });
    const plans = (await api(leader)({ url: '/api/training/plans' })).json().plans;
    const res = await api(leader)({
      method: 'POST',
      url: '/api/training/records',
      payload: { personId: u.personId, planId: plans[0].id, supervisorPersonId: specPerson, startDate: '2026-01-01' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toBe('not-lis-here');
    const badDate = await api(leader)({
      method: 'POST',
      url: '/api/training/records',
      payload: { personId: lisPerson, planId: plans[0].id, supervisorPersonId: specPerson, startDate: '2026-13-01' },
    });
    expect(badDate.statusCode).toBe(400);
    const twice = await api(leader)({
      method: 'POST',
      url: '/api/training/records',
      payload: { personId: lisPerson, planId: plans[0].id, supervisorPersonId: specPerson, startDate: '2026-01-01' },
    });
    expect(twice.statusCode).toBe(409);
  });
});
