// Authoring and publishing of referral advice (issue 11) on the real app and database: the import
// of content/guidelines, the four-eyes workflow, optimistic concurrency, the publish checks, a
// publish taking effect without a restart, effective dates, retirement, rollback, the diff, the
// export, the public catalogue, silent mode and the impact preview.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../directory/reference-data.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../../testing/factories.ts';
import { as, createTestContext, login, type TestContext } from '../../testing/harness.ts';
import { advise } from '../advise.ts';
import { GuidelineCatalogue } from '../catalogue.ts';
import { GUIDELINES_DIR } from '../loader.ts';
import { impactSettled } from './impact.ts';

type Call = ReturnType<typeof as>;
type Doc = Record<string, unknown> & { rules: Record<string, unknown>[]; tests: Record<string, unknown>[]; otherwise: Record<string, unknown> };

const KNEE_NOTE = { examCode: 'SNG0AG', patient: { ageYears: 30, sex: 'M' as const }, facts: { trauma: true, knee_locking: true } };

describe('referral advice authoring', () => {
  let t: TestContext;
  const catalogue = GuidelineCatalogue.fromContent();
  let anna: Call;
  let bjorn: Call;
  let referrer: Call;
  let referrerIds: { personId: string; org: string; dept: string };

  beforeAll(async () => {
    t = await createTestContext({}, { guidelines: catalogue });
    await loadReferenceData(t.db.kysely);
    const network = await createOrganization(t.db.kysely, { kind: 'network', name: 'Fagnettverk radiologi' });
    const practice = await createOrganization(t.db.kysely, { kind: 'gp_practice' });
    const dept = await createOrganization(t.db.kysely, { kind: 'department' });
    const a = await createUser(t.db.kysely, { grants: [{ role: 'network_editor', organizationId: network }], name: ['Anna', 'Author'] });
    const b = await createUser(t.db.kysely, { grants: [{ role: 'network_editor', organizationId: network }], name: ['Bjørn', 'Reviewer'] });
    const r = await createUser(t.db.kysely, { grants: [{ role: 'referrer', organizationId: practice }], referrerKind: 'gp' });
    anna = as(t.app, await login(t.app, a.username, a.password));
    bjorn = as(t.app, await login(t.app, b.username, b.password));
    referrer = as(t.app, await login(t.app, r.username, r.password));
    referrerIds = { personId: r.personId, org: practice, dept };
  });
  afterAll(async () => t?.close());

  const versionOf = async (call: Call, id: string) => (await call({ url: `/api/authoring/versions/${id}` })).json();
  /** Saves a small wording change in the draft, so it differs from the version in effect. */
  const touch = async (id: string, words: string) => {
    const v = await versionOf(anna, id);
    const doc = v.document as Doc;
    doc.otherwise = { ...doc.otherwise, summary: { nb: words, en: words } };
    expect((await anna({ method: 'PUT', url: `/api/authoring/versions/${id}`, payload: { revision: v.revision, document: doc } })).statusCode).toBe(200);
  };
  const kneeInEffect = async () =>
    ((await anna({ url: '/api/authoring/topics' })).json() as { id: string; inEffect: { versionId: string; version: string } }[]).find((x) => x.id === 'kne')!;

  it("gives the editor every exam's English name from the catalogue (an English editor saw Norwegian names, ana29)", async () => {
    const ref = (await anna({ url: '/api/authoring/reference' })).json() as { exams: { code: string; name: string; nameEn: string }[] };
    const knee = ref.exams.find((e) => e.code === 'SNG0AG')!;
    expect(knee.name).toBe('MR kne');
    expect(knee.nameEn).toMatch(/^MRI? knee$/);
    expect(ref.exams.every((e) => e.nameEn.trim().length > 0)).toBe(true);
  });

  it('imports every content file as a published version, once, and keeps the file text', async () => {
    const list = (await anna({ url: '/api/authoring/topics' })).json() as { id: string; inEffect: { version: string } | null; bodyRegion: string }[];
    const files = fs.readdirSync(GUIDELINES_DIR).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'));
    expect(list.length).toBe(files.length);
    expect(list.every((x) => x.inEffect !== null)).toBe(true);
    expect(list.find((x) => x.id === 'kne')?.bodyRegion).toBe('kne');
    // A second sync imports nothing (the versions are already there).
    const { syncAuthoring } = await import('./service.ts');
    expect(await syncAuthoring(t.db.kysely, catalogue)).toEqual([]);
    const knee = await kneeInEffect();
    const exp = await anna({ url: `/api/authoring/versions/${knee.inEffect.versionId}/export` });
    expect(exp.statusCode).toBe(200);
    expect(exp.body).toBe(fs.readFileSync(path.join(GUIDELINES_DIR, 'kne.yaml'), 'utf8'));
  });

  it('refuses people who are not network editors', async () => {
    expect((await referrer({ url: '/api/authoring/topics' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/authoring/topics' })).statusCode).toBe(401);
  });

  it('validates as the editor types, naming the exact place of an error', async () => {
    const knee = await kneeInEffect();
    const doc = (await versionOf(anna, knee.inEffect.versionId)).document as Doc;
    const bad = structuredClone(doc);
    bad.rules[2].when = 'known(anterior_knee_pain) and anterior_kne_pain';
    const r = (await anna({ method: 'POST', url: '/api/authoring/validate', payload: { document: bad } })).json();
    expect(r.ok).toBe(false);
    expect(r.errors[0].path).toEqual(['rules', '2', 'when']);
    expect(r.errors[0].message).toContain('anterior_kne_pain');
    expect(r.errors[0].column).toBe('known(anterior_knee_pain) and '.length);
    const bad2 = structuredClone(doc);
    (bad2.rules[0].outcome as Record<string, unknown>).score = 2;
    const r2 = (await anna({ method: 'POST', url: '/api/authoring/validate', payload: { document: bad2 } })).json();
    expect(r2.errors[0].path).toEqual(['rules', '0', 'outcome', 'score']);
    const ok = (await anna({ method: 'POST', url: '/api/authoring/validate', payload: { document: doc } })).json();
    expect(ok.ok).toBe(true);
    expect(ok.errors).toEqual([]);
    expect(ok.words['traume-mekaniske-symptomer'].nb).not.toContain('trauma');
  });

  let draftId: string;
  it('opens one draft per topic and tells the second of two editors saving the same draft (409, nothing lost)', async () => {
    const res = await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'Tydeligere tekst når ingen regel passer' } });
    expect(res.statusCode).toBe(201);
    draftId = res.json().id;
    expect(res.json().version).toBe('1.2.0');
    // A second open change of the same topic is refused.
    expect((await bjorn({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'x' } })).statusCode).toBe(409);

    const v = await versionOf(anna, draftId);
    const doc = v.document as Doc;
    doc.otherwise = {
      ...doc.otherwise,
      summary: { nb: 'MR kne kan være aktuelt; beskriv traume, hydrops og tidligere røntgen', en: 'MR knee may be appropriate' },
    };
    const first = await anna({ method: 'PUT', url: `/api/authoring/versions/${draftId}`, payload: { revision: v.revision, document: doc } });
    expect(first.statusCode).toBe(200);
    const second = await bjorn({
      method: 'PUT',
      url: `/api/authoring/versions/${draftId}`,
      payload: { revision: v.revision, document: { ...doc, title: { nb: 'Overskrevet' } } },
    });
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json().code).toBe('conflict');
    const now = await versionOf(anna, draftId);
    expect((now.document as Doc).title).toEqual(doc.title);
    expect(now.revision).toBe(first.json().revision);
  });

  it('refuses an invalid save with the place, and changes nothing', async () => {
    const v = await versionOf(anna, draftId);
    const doc = structuredClone(v.document) as Doc;
    doc.rules[0].when = 'trauma and (';
    const res = await anna({ method: 'PUT', url: `/api/authoring/versions/${draftId}`, payload: { revision: v.revision, document: doc } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('rules.0.when');
    expect((await versionOf(anna, draftId)).revision).toBe(v.revision);
  });

  it('keeps four eyes: the author cannot approve; another editor can', async () => {
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${draftId}/approve`, payload: {} })).statusCode).toBe(409); // still a draft
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${draftId}/submit`, payload: { note: 'Klar' } })).statusCode).toBe(200);
    const own = await anna({ method: 'POST', url: `/api/authoring/versions/${draftId}/approve`, payload: {} });
    expect(own.statusCode).toBe(403);
    // Bjørn saved it too (his save lost, so he is not an editor of it) — he may approve.
    expect((await versionOf(bjorn, draftId)).mayApprove).toBe(true);
    expect((await bjorn({ method: 'POST', url: `/api/authoring/versions/${draftId}/approve`, payload: { note: 'Faglig ok' } })).statusCode).toBe(200);
    expect((await versionOf(anna, draftId)).approvedBy).toBe('Bjørn Reviewer');
  });

  it('publishes without a restart: new evaluations use the new version at once', async () => {
    const before = advise(catalogue.current().pack, KNEE_NOTE).advice;
    expect(before?.topicVersion).toBe('1.1.0');
    const started = Date.now();
    const res = await anna({ method: 'POST', url: `/api/authoring/versions/${draftId}/publish`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.passed).toBe(true);
    expect(res.json().checks.vignettes.fell).toBe(false);
    // Right after the publish answered: the engine, the public pages and the referral form see 1.2.0.
    expect(advise(catalogue.current().pack, KNEE_NOTE).advice?.topicVersion).toBe('1.2.0');
    expect((await t.app.inject({ method: 'GET', url: '/api/guidelines/kne' })).json().version).toBe('1.2.0');
    const patient = await createPatient(t.db.kysely, { birthDate: '1990-01-01', sex: 'M' });
    void patient;
    const adv = await referrer({
      method: 'POST',
      url: '/api/referrals/advice',
      payload: { examCode: 'SNG0AG', patient: { ageYears: 30, sex: 'M' }, facts: { trauma: true, knee_locking: true } },
    });
    expect(adv.statusCode).toBe(200);
    expect(adv.json().advice.topicVersion).toBe('1.2.0');
    console.log(`publish → in effect for new evaluations after ${Date.now() - started} ms (request included)`);
    // The old version stays in the history; the diff between them is readable.
    const topic = (await anna({ url: '/api/authoring/topics/kne' })).json();
    const old = topic.versions.find((v: { version: string }) => v.version === '1.1.0');
    expect(topic.inEffectVersionId).toBe(draftId);
    const diff = (await anna({ url: `/api/authoring/diff?from=${old.id}&to=${draftId}` })).json();
    expect(diff.changes).toContainEqual(expect.objectContaining({ path: ['otherwise', 'summary', 'nb'], kind: 'changed' }));
    expect(diff.changes.some((c: { path: string[] }) => c.path[0] === 'reviewed')).toBe(true);
    expect(topic.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['import', 'create', 'save', 'submit', 'approve', 'publish']),
    );
  });

  it('refuses to publish when a test case fails, naming the test (422), and publishes nothing', async () => {
    const d = (await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'Traume med låsning: kan være aktuelt' } })).json();
    const v = await versionOf(anna, d.id);
    const doc = v.document as Doc;
    const rule = doc.rules.find((r) => r.id === 'traume-mekaniske-symptomer')!;
    rule.outcome = { ...(rule.outcome as object), rating: 'may_be_appropriate', score: 5 };
    expect((await anna({ method: 'PUT', url: `/api/authoring/versions/${d.id}`, payload: { revision: v.revision, document: doc } })).statusCode).toBe(200);
    const checks = (await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/checks` })).json();
    expect(checks.passed).toBe(false);
    expect(checks.tests.filter((x: { passed: boolean }) => !x.passed).map((x: { name: string }) => x.name)).toContain('traume med låsning');
    await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/submit`, payload: {} });
    await bjorn({ method: 'POST', url: `/api/authoring/versions/${d.id}/approve`, payload: {} });
    const res = await bjorn({ method: 'POST', url: `/api/authoring/versions/${d.id}/publish`, payload: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('tests.traume med låsning');
    expect(advise(catalogue.current().pack, KNEE_NOTE).advice?.topicVersion).toBe('1.2.0');
    expect((await versionOf(anna, d.id)).state).toBe('approved');
    // Withdraw needs a reason; then the topic is free for a new change.
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/withdraw`, payload: {} })).statusCode).toBe(400);
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/withdraw`, payload: { note: 'Feil retning' } })).statusCode).toBe(200);
  });

  it('refuses to publish when the vignette agreement falls, even with the topic tests adjusted', async () => {
    const d = (await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'Degenerativt kne: kan være aktuelt' } })).json();
    const v = await versionOf(anna, d.id);
    const doc = v.document as Doc;
    const rule = doc.rules.find((r) => r.id === 'degenerativ-uten-rontgen')!;
    rule.outcome = { ...(rule.outcome as object), rating: 'may_be_appropriate', score: 5 };
    for (const tc of doc.tests) {
      const e = tc.expect as { rule?: string; rating: string };
      if (e.rule === 'degenerativ-uten-rontgen') e.rating = 'may_be_appropriate';
    }
    expect((await anna({ method: 'PUT', url: `/api/authoring/versions/${d.id}`, payload: { revision: v.revision, document: doc } })).statusCode).toBe(200);
    const checks = (await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/checks` })).json();
    expect(checks.tests.every((x: { passed: boolean }) => x.passed)).toBe(true);
    expect(checks.vignettes.fell).toBe(true);
    expect(checks.vignettes.after.agree).toBeLessThan(checks.vignettes.before.agree);
    expect(checks.passed).toBe(false);
    await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/withdraw`, payload: { note: 'Vignettene faller' } });
  });

  it('publishes with a future effective date: the version in effect at the referral time is used', async () => {
    const d = (await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'Neste versjon fra neste uke' } })).json();
    // Unchanged from the version in effect: nothing to review (409, in words), and it stays a draft.
    const unchanged = await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/submit`, payload: {} });
    expect(unchanged.statusCode).toBe(409);
    expect(unchanged.json().detail).toContain('Utkastet er likt versjon 1.2.0');
    expect((await versionOf(anna, d.id)).state).toBe('draft');
    await touch(d.id, 'MR kne kan være aktuelt; beskriv traume og tidligere røntgen (neste uke)');
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/submit`, payload: {} })).statusCode).toBe(200);
    await bjorn({ method: 'POST', url: `/api/authoring/versions/${d.id}/approve`, payload: {} });
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const res = await bjorn({ method: 'POST', url: `/api/authoring/versions/${d.id}/publish`, payload: { effectiveFrom: nextWeek.toISOString() } });
    expect(res.statusCode).toBe(200);
    expect(advise(catalogue.current().pack, KNEE_NOTE).advice?.topicVersion).toBe('1.2.0');
    // Version numbers are never reused: the two withdrawn drafts had 1.3.0 and 1.4.0.
    expect(d.version).toBe('1.5.0');
    expect(advise(catalogue.current(new Date(nextWeek.getTime() + 1000)).pack, KNEE_NOTE).advice?.topicVersion).toBe('1.5.0');
    const list = (await anna({ url: '/api/authoring/topics' })).json() as { id: string; scheduled: { version: string } | null }[];
    expect(list.find((x) => x.id === 'kne')?.scheduled?.version).toBe('1.5.0');
    scheduledId = d.id;
    nextWeekAt = nextWeek;
    // A date in the past is refused.
    const d2 = await anna({ method: 'POST', url: '/api/authoring/topics/hofte/drafts', payload: { note: 'x' } });
    const id2 = d2.json().id;
    await touch(id2, 'Hofte: røntgen først ved mistenkt artrose (endret ordlyd)');
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${id2}/submit`, payload: {} })).statusCode).toBe(200);
    expect((await bjorn({ method: 'POST', url: `/api/authoring/versions/${id2}/approve`, payload: {} })).statusCode).toBe(200);
    const past = await bjorn({ method: 'POST', url: `/api/authoring/versions/${id2}/publish`, payload: { effectiveFrom: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
    // A date more than two years ahead is a slip of the keyboard: refused with the field, nothing changes.
    const far = await bjorn({ method: 'POST', url: `/api/authoring/versions/${id2}/publish`, payload: { effectiveFrom: '9999-12-31T00:00:00Z' } });
    expect({ status: far.statusCode, field: far.json().errors?.[0]?.field }).toEqual({ status: 400, field: 'effectiveFrom' });
    expect((await versionOf(anna, id2)).state).toBe('approved');
    await anna({ method: 'POST', url: `/api/authoring/versions/${id2}/withdraw`, payload: { note: 'test' } });
  });

  let scheduledId: string;
  let nextWeekAt: Date;
  let rolledBack: string;
  it('rolls back by publishing an earlier version as a new one; a scheduled publication is cancelled by retiring it', async () => {
    const topic = (await anna({ url: '/api/authoring/topics/kne' })).json();
    const original = topic.versions.find((v: { version: string }) => v.version === '1.1.0');
    const res = await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { basedOn: original.id, note: 'Tilbake til 1.1.0' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: '1.6.0', origin: 'rollback' });
    rolledBack = res.json().version;
    const diff = (await anna({ url: `/api/authoring/diff?from=${original.id}&to=${res.json().id}` })).json();
    expect(diff.changes).toEqual([]);
    await anna({ method: 'POST', url: `/api/authoring/versions/${res.json().id}/submit`, payload: {} });
    await bjorn({ method: 'POST', url: `/api/authoring/versions/${res.json().id}/approve`, payload: {} });
    expect((await bjorn({ method: 'POST', url: `/api/authoring/versions/${res.json().id}/publish`, payload: {} })).statusCode).toBe(200);
    expect(advise(catalogue.current().pack, KNEE_NOTE).advice?.topicVersion).toBe(rolledBack);
    // The publication scheduled for next week still stands until it is cancelled (retired).
    const later = new Date(nextWeekAt.getTime() + 1000);
    expect(advise(catalogue.current(later).pack, KNEE_NOTE).advice?.topicVersion).toBe('1.5.0');
    expect(
      (await anna({ method: 'POST', url: `/api/authoring/versions/${scheduledId}/retire`, payload: { note: 'Erstattet av tilbakerullingen' } })).statusCode,
    ).toBe(200);
    expect(advise(catalogue.current(later).pack, KNEE_NOTE).advice?.topicVersion).toBe(rolledBack);
  });

  it('retires a topic: it no longer advises, but stays readable in history and as a retired PlanDefinition', async () => {
    const list = (await anna({ url: '/api/authoring/topics' })).json() as { id: string; inEffect: { versionId: string } }[];
    const sinus = list.find((x) => x.id === 'bihuler')!;
    const sample = { examCode: 'SDX0AD', patient: { ageYears: 40, sex: 'F' as const }, facts: {} };
    expect(advise(catalogue.current().pack, sample).advice?.topicId).toBe('bihuler');
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${sinus.inEffect.versionId}/retire`, payload: {} })).statusCode).toBe(400);
    expect(
      (await anna({ method: 'POST', url: `/api/authoring/versions/${sinus.inEffect.versionId}/retire`, payload: { note: 'Erstattes av nasjonalt råd' } }))
        .statusCode,
    ).toBe(200);
    expect(advise(catalogue.current().pack, sample).advice).toBeNull();
    const after = ((await anna({ url: '/api/authoring/topics' })).json() as { id: string; retired: boolean; inEffect: unknown }[]).find(
      (x) => x.id === 'bihuler',
    )!;
    expect(after).toMatchObject({ retired: true, inEffect: null });
    expect((await anna({ url: '/api/authoring/topics/bihuler' })).json().versions[0].state).toBe('retired');
    const pd = await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition/bihuler' });
    expect(pd.statusCode).toBe(200);
    expect(pd.json().status).toBe('retired');
    const cat = (await t.app.inject({ method: 'GET', url: '/api/advice-catalogue' })).json();
    expect(cat.topics.some((x: { id: string }) => x.id === 'bihuler')).toBe(false);
  });

  it('silent mode: the advice is computed and marked silent; the public catalogue leaves it out', async () => {
    const res = await anna({ method: 'PUT', url: '/api/authoring/topics/hofte/silent', payload: { silent: true } });
    expect(res.json()).toEqual({ id: 'hofte', silent: true });
    const a = advise(catalogue.current().pack, { examCode: 'SNF0AG', patient: { ageYears: 60, sex: 'F' }, facts: {} }).advice;
    expect(a?.topicId).toBe('hofte');
    expect(a?.silent).toBe(true);
    const cat = (await t.app.inject({ method: 'GET', url: '/api/advice-catalogue' })).json();
    expect(cat.topics.some((x: { id: string }) => x.id === 'hofte')).toBe(false);
    // The referral form gets no advice, but the advice is recorded (the baseline).
    const form = await referrer({
      method: 'POST',
      url: '/api/referrals/advice',
      payload: { draftId: 'silent-draft-1', examCode: 'SNF0AG', patient: { ageYears: 60, sex: 'F' }, facts: {} },
    });
    expect(form.statusCode).toBe(200);
    expect(form.json().advice).toBeNull();
    const rows = await t.db.kysely.selectFrom('advice_event').select(['topic_id', 'rating']).where('draft_id', '=', 'silent-draft-1').execute();
    expect(rows.map((r) => r.topic_id)).toEqual(['hofte']);
    await anna({ method: 'PUT', url: '/api/authoring/topics/hofte/silent', payload: { silent: false } });
    expect(advise(catalogue.current().pack, { examCode: 'SNF0AG', patient: { ageYears: 60, sex: 'F' }, facts: {} }).advice?.silent).toBeUndefined();
  });

  it('previews a sample referral in Norwegian free text with outcome and trace', async () => {
    const knee = await kneeInEffect();
    const doc = (await versionOf(anna, knee.inEffect.versionId)).document;
    const res = await anna({
      method: 'POST',
      url: '/api/authoring/preview',
      payload: {
        document: doc,
        sample: { examCode: 'SNG0AG', ageYears: 28, sex: 'M', text: 'Vridningstraume høyre kne for 3 uker siden. Hydrops og gjentatte låsninger.' },
      },
    });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.advice.rating).toBe('appropriate');
    expect(p.fromThisTopic).toBe(true);
    expect(p.understood.length).toBeGreaterThan(0);
    expect(p.trace[0]).toMatchObject({ ruleId: 'traume-mekaniske-symptomer', result: 'holds' });
    expect(p.trace[0].condition.nb).not.toContain('knee_locking');
    // A bad sample is a 400, not a 5xx.
    expect(
      (await anna({ method: 'POST', url: '/api/authoring/preview', payload: { document: doc, sample: { examCode: 'x', ageYears: -1, sex: 'X' } } })).statusCode,
    ).toBe(400);
  });

  it('runs an impact preview over stored referrals with progress, counting changes by rating', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await createPatient(t.db.kysely, { birthDate: '1960-01-01', sex: 'F' });
      const id = await createReferral(t.db.kysely, {
        patientId: p.id,
        referrerPersonId: referrerIds.personId,
        referrerOrgId: referrerIds.org,
        departmentOrgId: referrerIds.dept,
        examCode: 'SNG0AG',
      });
      await t.db.kysely
        .updateTable('referral')
        .set({ patient_age: 60, patient_sex: 'F', facts: JSON.stringify({ trauma: false, prior_xray: false }) })
        .where('id', '=', id)
        .execute();
    }
    const d = (await anna({ method: 'POST', url: '/api/authoring/topics/kne/drafts', payload: { note: 'Konsekvens' } })).json();
    const v = await versionOf(anna, d.id);
    const doc = v.document as Doc;
    doc.rules = doc.rules.filter((r) => r.id !== 'degenerativ-uten-rontgen');
    doc.tests = doc.tests.filter((tc) => (tc.expect as { rule?: string }).rule !== 'degenerativ-uten-rontgen');
    expect((await anna({ method: 'PUT', url: `/api/authoring/versions/${d.id}`, payload: { revision: v.revision, document: doc } })).statusCode).toBe(200);
    const start = await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/impact`, payload: { months: 12 } });
    expect(start.statusCode).toBe(202);
    let job = start.json();
    // Progress is readable while it runs; then wait for the job itself (no polling loop, no sleeps).
    expect((await anna({ url: `/api/authoring/impact/${job.id}` })).json()).toMatchObject({ id: job.id, months: 12 });
    await impactSettled(job.id);
    job = (await anna({ url: `/api/authoring/impact/${job.id}` })).json();
    expect(job.state).toBe('done');
    expect(job.processed).toBe(5);
    expect(job.before.usually_not_appropriate).toBe(5);
    expect(job.changed).toBe(5);
    expect(Object.keys(job.transitions)[0]).toMatch(/^usually_not_appropriate→/);
    expect((await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/impact`, payload: { months: 0 } })).statusCode).toBe(400);
    await anna({ method: 'POST', url: `/api/authoring/versions/${d.id}/withdraw`, payload: { note: 'bare konsekvensanalyse' } });
  });

  it('lists the advice in a public catalogue, searchable and by body region', async () => {
    const all = (await t.app.inject({ method: 'GET', url: '/api/advice-catalogue' })).json();
    expect(all.regions).toContain('kne');
    const knee = all.topics.find((x: { id: string }) => x.id === 'kne');
    expect(knee.version).toBe(rolledBack);
    expect(knee.effectiveFrom).toBeTruthy();
    expect(knee.sources.length).toBeGreaterThan(0);
    expect(knee.exams[0].name).toBe('MR kne');
    const byRegion = (await t.app.inject({ method: 'GET', url: '/api/advice-catalogue?region=kne' })).json();
    expect(byRegion.topics.every((x: { bodyRegion: string }) => x.bodyRegion === 'kne')).toBe(true);
    const search = (await t.app.inject({ method: 'GET', url: `/api/advice-catalogue?q=${encodeURIComponent('låsninger')}` })).json();
    expect(search.topics.map((x: { id: string }) => x.id)).toContain('kne');
    expect((await t.app.inject({ method: 'GET', url: '/api/advice-catalogue?bogus=1' })).statusCode).toBe(400);
  });

  it('exports FHIR PlanDefinition and Library, searchable, and listed in the CapabilityStatement', async () => {
    const bundle = (await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition?title:contains=kne' })).json();
    expect(bundle.resourceType).toBe('Bundle');
    const pd = bundle.entry.map((e: { resource: { id: string } }) => e.resource).find((r: { id: string }) => r.id === 'kne');
    expect(pd).toMatchObject({ resourceType: 'PlanDefinition', version: rolledBack, status: 'active' });
    expect(pd.action[0].action[0].condition[0].expression.language).toBe('text/x-radvis-rule');
    expect(pd.relatedArtifact.some((a: { type: string }) => a.type === 'citation')).toBe(true);
    const lib = (await t.app.inject({ method: 'GET', url: '/fhir/Library/kne' })).json();
    expect(Buffer.from(lib.content[0].data, 'base64').toString('utf8')).toContain('id: kne');
    const byVersion = (await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition?_id=kne&version=1.1.0' })).json();
    expect(byVersion.total).toBe(1);
    const bad = await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition?foo=bar' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().resourceType).toBe('OperationOutcome');
    expect((await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition/nope' })).statusCode).toBe(404);
    const cap = (await t.app.inject({ method: 'GET', url: '/fhir/metadata' })).json();
    const types = cap.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(['PlanDefinition', 'Library']));
  });
});
