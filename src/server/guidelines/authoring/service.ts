// Authoring and publishing of referral advice (issue 11): the content files imported as the first
// published versions, drafts saved with optimistic concurrency, the four-eyes workflow, the
// publish checks, and the guideline catalogue kept in step with what is published — a publish
// takes effect for new evaluations as soon as its transaction commits (the catalogue's timeline is
// replaced in the same request; no restart).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.ts';
import type { DB, GuidelineVersionState } from '../../db/schema.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unprocessable, type FieldError } from '../../http/errors.ts';
import type { GuidelineCatalogue } from '../catalogue.ts';
import { ContentError, GUIDELINES_DIR, knownExamCodes, loadRights, parseTopic, readSharedBlock } from '../loader.ts';
import type { ReferralRights, Topic } from '../types.ts';
import { publishChecks, type PublishChecks } from './checks.ts';
import { bodyRegionOf, compareVersions, fromYaml, nextVersion, toYaml, validateDocument, withWorkflowFields, type TopicDocument } from './document.ts';
import * as store from './store.ts';
import { comparisonWindows, lowValueDifference, summarizePeriod, type Window } from './silent-comparison.ts';
import type { SilentComparison } from '../../../shared/api/authoring.ts';
import { announceCatalogueChange } from './propagate.ts';
import { buildTimeline, versionInEffect, type EffectiveVersion } from './timeline.ts';
import { dateRefusal, refusalOf, publishRefusal, TO, type WorkflowAction } from './workflow.ts';
import { diffDocuments } from './diff.ts';

/**
 * The date the topics' own test cases are written against (content.test.ts runs them at the same
 * moment): notes in tests say "for 3 uker siden", read relative to it.
 */
export const TEST_REFERENCE_DATE = new Date('2026-11-22T12:00:00Z');

let rightsCache: ReferralRights | undefined;
const rights = () => (rightsCache ??= loadRights());

/** Parsed topics by version id and revision (a stored version's text never changes under the same revision). */
const parsed = new Map<string, Topic>();
function parseStored(versionId: string, topicId: string, sourceYaml: string): Topic {
  const key = `${versionId}:${crypto.createHash('sha1').update(sourceYaml).digest('hex')}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const t = parseTopic(`content/guidelines/${topicId}.yaml`, sourceYaml, knownExamCodes(), (name) => readSharedBlock(name));
  parsed.set(key, t);
  return t;
}

/**
 * Imports the topic files of `dir` (content/guidelines) as published versions, effective from
 * `now`: a topic not yet stored, or a file whose version is newer than every stored version of its
 * topic (a change made in git). A file version already stored, or older than what was published in
 * Radvis, is left alone. Files with `status: draft` are imported as drafts. Returns the imported
 * "id@version"s. Throws ContentError on an invalid file (the start stops, as before).
 */
export async function importContent(db: Kysely<DB>, now: Date, dir = GUIDELINES_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .sort();
  const parts = await store.bodyParts(db);
  const codes = knownExamCodes();
  const imported: string[] = [];
  await db.transaction().execute(async (tx) => {
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const topic = parseTopic(`content/guidelines/${f}`, text, codes, (name) => readSharedBlock(name, dir));
      if (!(await store.getTopic(tx, topic.id))) await store.insertTopic(tx, { id: topic.id, bodyRegion: bodyRegionOf(topic, (c) => parts.get(c)) });
      const have = await store.versionNumbers(tx, topic.id);
      if (have.some((v) => compareVersions(v, topic.version) >= 0)) continue;
      const draft = topic.status === 'draft';
      if (draft && (await store.openVersion(tx, topic.id))) continue;
      const id = crypto.randomUUID();
      await store.insertVersion(tx, {
        id,
        topicId: topic.id,
        version: topic.version,
        state: draft ? 'draft' : 'published',
        document: fromYaml(text, f),
        sourceYaml: text,
        basedOnId: null,
        origin: 'import',
        changeNote: `Importert fra content/guidelines/${f}`,
        createdBy: null,
        at: now,
        ...(draft ? {} : { publishedAt: now, effectiveFrom: now }),
      });
      await store.insertEvent(tx, {
        versionId: id,
        userId: null,
        action: 'import',
        from: null,
        to: draft ? 'draft' : 'published',
        note: `content/guidelines/${f}`,
        at: now,
      });
      imported.push(`${topic.id}@${topic.version}`);
    }
  });
  return imported;
}

/** The stored versions that are or were in effect, parsed, for the timeline. */
async function effectiveVersions(db: Kysely<DB>): Promise<EffectiveVersion[]> {
  const rows = await store.listEffectiveVersions(db);
  return rows.map((r) => ({
    versionId: r.id,
    topicId: r.topic_id,
    effectiveFrom: r.effective_from!,
    retiredAt: r.retired_at,
    publishedAt: r.published_at ?? r.effective_from!,
    topic: parseStored(r.id, r.topic_id, r.source_yaml),
    silent: r.silent,
  }));
}

/**
 * Puts the stored publications into the catalogue (guidelines/catalogue.ts): one pack for every
 * moment a version takes effect or is retired. Leaves the catalogue alone when nothing is stored.
 */
export async function refreshCatalogue(db: Kysely<DB>, catalogue: GuidelineCatalogue, now = new Date()): Promise<void> {
  const versions = await effectiveVersions(db);
  if (versions.length === 0) return;
  catalogue.replaceTimeline(buildTimeline(versions, rights()), now);
}

/** Imports the content files when needed and loads the catalogue from the store (start-up; idempotent). */
export async function syncAuthoring(db: Kysely<DB>, catalogue: GuidelineCatalogue, now = new Date()): Promise<string[]> {
  const imported = await importContent(db, now);
  await refreshCatalogue(db, catalogue, now);
  return imported;
}

function invalidDocument(errors: { path: string[]; message: string; column?: number }[]): Invalid {
  const fields: FieldError[] = errors.map((e) => ({
    field: e.path.join('.') || 'document',
    message: e.column !== undefined ? `${e.message} (column ${e.column})` : e.message,
  }));
  return new Invalid(`The topic is not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
}

async function versionOrThrow(db: Kysely<DB>, id: string) {
  const v = await store.getVersion(db, id);
  if (!v) throw new NotFound(`Fant ikke versjonen / No such topic version: ${id}`);
  return v;
}

/** Creates a new topic as a first draft (version 1.0.0) from a document. */
export async function createTopic(db: Kysely<DB>, p: Principal, body: { document: TopicDocument; note: string }, now = new Date()) {
  const id = typeof body.document.id === 'string' ? body.document.id : '';
  const doc = withWorkflowFields({ ...body.document, reviewed: null }, { id, version: '1.0.0', status: 'draft' });
  const v = validateDocument(doc, `content/guidelines/${id}.yaml`);
  if (!v.ok) throw invalidDocument(v.errors);
  if (await store.getTopic(db, id))
    throw new Conflict(`Temaet finnes allerede / A topic with id "${id}" exists`, [{ field: 'document.id', message: 'exists' }]);
  const parts = await store.bodyParts(db);
  const versionId = crypto.randomUUID();
  await db.transaction().execute(async (tx) => {
    await store.insertTopic(tx, { id, bodyRegion: bodyRegionOf(v.topic, (c) => parts.get(c)) });
    await store.insertVersion(tx, {
      id: versionId,
      topicId: id,
      version: '1.0.0',
      state: 'draft',
      document: doc,
      sourceYaml: toYaml(doc),
      basedOnId: null,
      origin: 'edit',
      changeNote: body.note,
      createdBy: p.userId,
      at: now,
    });
    await store.insertEvent(tx, { versionId, userId: p.userId, action: 'create', from: null, to: 'draft', note: body.note, at: now });
  });
  return { id: versionId };
}

/**
 * Opens a draft of a topic: a copy of `basedOn` (any earlier version: a rollback) or of the
 * version in effect now (else the newest), with the next version number. One open change per
 * topic: refused with 409 while a draft, review or approval is open.
 */
export async function createDraft(db: Kysely<DB>, p: Principal, topicId: string, body: { basedOn?: string; note: string }, now = new Date()) {
  if (!(await store.getTopic(db, topicId))) throw new NotFound(`Fant ikke temaet / No such topic: ${topicId}`);
  const open = await store.openVersion(db, topicId);
  if (open) throw new Conflict(`Temaet har allerede en åpen endring / The topic already has an open change (${open.state}); finish or withdraw it first`);
  let baseId = body.basedOn;
  if (!baseId) {
    const eff = (await store.listEffectiveVersions(db)).filter((r) => r.topic_id === topicId);
    const inEffect = versionInEffect(
      eff.map((r) => ({
        ...r,
        topicId: r.topic_id,
        effectiveFrom: r.effective_from!,
        retiredAt: r.retired_at,
        publishedAt: r.published_at ?? r.effective_from!,
      })),
      topicId,
      now,
    );
    baseId = inEffect?.id ?? (await store.listVersions(db, topicId))[0]?.id;
  }
  const base = baseId ? await store.getVersion(db, baseId) : undefined;
  if (!base || base.topic_id !== topicId) throw new NotFound('Fant ikke versjonen det skal bygges på / No such base version for this topic');
  const version = nextVersion(await store.versionNumbers(db, topicId));
  const doc = withWorkflowFields({ ...base.document, reviewed: null }, { id: topicId, version, status: 'draft' });
  const current = (await store.listEffectiveVersions(db)).filter((r) => r.topic_id === topicId);
  const rollback = body.basedOn !== undefined && current.some((r) => r.id !== base.id && compareVersions(r.version, base.version) > 0);
  const id = crypto.randomUUID();
  try {
    await db.transaction().execute(async (tx) => {
      await store.insertVersion(tx, {
        id,
        topicId,
        version,
        state: 'draft',
        document: doc,
        sourceYaml: toYaml(doc),
        basedOnId: base.id,
        origin: rollback ? 'rollback' : 'edit',
        changeNote: body.note,
        createdBy: p.userId,
        at: now,
      });
      await store.insertEvent(tx, {
        versionId: id,
        userId: p.userId,
        action: 'create',
        from: null,
        to: 'draft',
        note: rollback ? `${body.note} (tilbakerulling til ${base.version})` : body.note,
        at: now,
      });
    });
  } catch (e) {
    // Two editors opening a draft at once: the unique index on the open version decides.
    if ((e as { code?: string }).code === '23505') throw new Conflict('Temaet har allerede en åpen endring / The topic already has an open change');
    throw e;
  }
  return { id, version, origin: rollback ? 'rollback' : 'edit' };
}

/**
 * Saves a draft. `revision` is the revision the editor read: when someone saved since, nothing is
 * changed and 409 says who and when (no lost update). An invalid document is refused with 400
 * naming the place (fields[].field is the path in the document).
 */
export async function saveDraft(
  db: Kysely<DB>,
  p: Principal,
  versionId: string,
  body: { revision: number; document: TopicDocument; note?: string },
  now = new Date(),
) {
  const row = await versionOrThrow(db, versionId);
  if (row.state !== 'draft') throw new Conflict(`Versjonen er ikke et utkast lenger / The version is ${row.state}, not a draft`);
  const doc = withWorkflowFields({ ...body.document, reviewed: null }, { id: row.topic_id, version: row.version, status: 'draft' });
  const v = validateDocument(doc, `content/guidelines/${row.topic_id}.yaml`);
  if (!v.ok) throw invalidDocument(v.errors);
  const saved = await db.transaction().execute(async (tx) => {
    const r = await store.saveDraft(tx, versionId, body.revision, { document: doc, sourceYaml: toYaml(doc), userId: p.userId, at: now, note: body.note });
    if (r) await store.insertEvent(tx, { versionId, userId: p.userId, action: 'save', from: 'draft', to: 'draft', note: body.note ?? null, at: now });
    return r;
  });
  if (!saved) {
    const cur = await versionOrThrow(db, versionId);
    throw new Conflict(
      `Utkastet er lagret av ${cur.updated_by_name ?? 'en annen'} etter at du åpnet det; last inn på nytt / The draft was saved by someone else (revision ${cur.revision}) since you opened it (revision ${body.revision}); reload and apply your change again`,
      [{ field: 'revision', message: `current revision is ${cur.revision}` }],
    );
  }
  return { revision: saved.revision };
}

/** The publish checks of a version against the pack in effect at `at` (dry run; nothing stored). */
export async function checkVersion(db: Kysely<DB>, catalogue: GuidelineCatalogue, versionId: string, at = new Date()): Promise<PublishChecks> {
  const row = await versionOrThrow(db, versionId);
  const topic = parseStored(row.id, row.topic_id, row.source_yaml);
  return publishChecks(catalogue.current(at).pack, topic, TEST_REFERENCE_DATE);
}

/** A notice that could not be sent: this process is up to date; the others catch up within a minute (propagate.ts). */
const logNoticeFailure = (e: unknown) => console.error('could not announce the advice change to other server processes', (e as Error)?.message);

/**
 * Takes a workflow step (workflow.ts). `note` (why) is required to return, retire and withdraw;
 * `effectiveFrom` sets when a publication takes effect (default now) or when a retirement does.
 * Publishing runs the checks and refuses with 422 (and the failing tests as fields) when they
 * fail; approving one's own change is refused with 403; a step from the wrong state (or one a
 * colleague took first) with 409. After a publish or retirement the catalogue is refreshed at once.
 */
export async function takeStep(
  db: Kysely<DB>,
  catalogue: GuidelineCatalogue,
  p: Principal,
  versionId: string,
  action: Exclude<WorkflowAction, 'save'>,
  body: { note?: string; effectiveFrom?: string },
  now = new Date(),
) {
  const row = await versionOrThrow(db, versionId);
  const refusal = refusalOf({ state: row.state, createdBy: row.created_by, editors: row.editors }, action, p.userId);
  if (refusal?.code === 'own-change') throw new Forbidden(`Du kan ikke godkjenne din egen endring; en annen redaktør må godkjenne / ${refusal.detail}`);
  if (refusal) throw new Conflict(`Kan ikke utføre steget nå / ${refusal.detail}`);
  const note = body.note?.trim() || null;
  if ((action === 'return' || action === 'retire' || action === 'withdraw') && !note)
    throw new Invalid('Skriv hvorfor / A reason is required', [{ field: 'note', message: 'required' }]);
  const to: GuidelineVersionState = TO[action];
  const patch: store.StatePatch = { state: to };
  let effectiveFrom: Date | undefined;
  let checks: PublishChecks | undefined;
  if (action === 'submit') {
    // A draft identical to the version in effect has nothing to review (a rollback to an earlier
    // version differs from the one in effect, so it can still be sent).
    const rows = await store.listEffectiveVersions(db);
    const current = versionInEffect(
      rows.map((r) => ({
        ...r,
        topicId: r.topic_id,
        effectiveFrom: r.effective_from!,
        retiredAt: r.retired_at,
        publishedAt: r.published_at ?? r.effective_from!,
      })),
      row.topic_id,
      now,
    );
    // `reviewed` is set by the approval step, not by the editor: left out of the comparison.
    const content = ({ reviewed: _r, ...rest }: TopicDocument) => rest;
    if (current && diffDocuments(content(current.document), content(row.document)).length === 0)
      throw new Conflict(
        `Utkastet er likt versjon ${current.version} som gjelder nå; gjør en endring før det sendes til gjennomgang / the draft changes nothing from version ${current.version}, the one in effect`,
      );
    Object.assign(patch, { submittedBy: p.userId, submittedAt: now });
  }
  if (action === 'return') Object.assign(patch, { approvedBy: null, approvedAt: null });
  if (action === 'approve') {
    const doc = { ...row.document, reviewed: { by: p.name, date: now.toISOString().slice(0, 10) } };
    Object.assign(patch, { approvedBy: p.userId, approvedAt: now, document: doc, sourceYaml: toYaml(doc) });
  }
  if (action === 'publish') {
    effectiveFrom = body.effectiveFrom ? new Date(body.effectiveFrom) : now;
    const topic = parseStored(row.id, row.topic_id, row.source_yaml);
    checks = publishChecks(catalogue.current(effectiveFrom).pack, topic, TEST_REFERENCE_DATE);
    const r = publishRefusal(effectiveFrom, now, checks.passed);
    if (r?.code === 'bad-date') throw new Invalid(`Ugyldig ikrafttredelse / ${r.detail}`, [{ field: 'effectiveFrom', message: r.detail }]);
    if (r) {
      const failing = checks.tests.filter((t) => !t.passed).map((t) => ({ field: `tests.${t.name}`, message: t.detail }));
      if (checks.vignettes.fell)
        failing.push({
          field: 'vignettes',
          message: `agreement falls from ${checks.vignettes.before.agree}/${checks.vignettes.before.total} to ${checks.vignettes.after.agree}/${checks.vignettes.after.total}`,
        });
      if (checks.tests.length === 0) failing.push({ field: 'tests', message: 'the topic has no test cases' });
      throw new Unprocessable(`Kan ikke publiseres: testene feiler eller samsvaret med vignettene faller / Cannot publish: ${r.detail}`, failing);
    }
    const doc = withWorkflowFields(row.document, { id: row.topic_id, version: row.version, status: 'published' });
    Object.assign(patch, {
      publishedBy: p.userId,
      publishedAt: now,
      effectiveFrom,
      checks: checks as unknown as Record<string, unknown>,
      document: doc,
      sourceYaml: toYaml(doc),
    });
  }
  if (action === 'retire') {
    const at = body.effectiveFrom ? new Date(body.effectiveFrom) : now;
    const bad = dateRefusal(at, now);
    if (bad) throw new Invalid(`Ugyldig dato for tilbaketrekking / ${bad.detail}`, [{ field: 'effectiveFrom', message: bad.detail }]);
    Object.assign(patch, { retiredBy: p.userId, retiredAt: at });
  }
  await db.transaction().execute(async (tx) => {
    const r = await store.changeState(tx, versionId, row.state, patch);
    if (!r) throw new Conflict('Versjonen ble endret av en annen samtidig / The version was changed by someone else meanwhile; reload');
    await store.insertEvent(tx, { versionId, userId: p.userId, action, from: row.state, to, note, at: now });
    if (action === 'publish') {
      const parts = await store.bodyParts(tx);
      const topic = parseStored(row.id, row.topic_id, patch.sourceYaml!);
      await store.setTopicRegion(
        tx,
        row.topic_id,
        bodyRegionOf(topic, (c) => parts.get(c)),
      );
    }
  });
  if (action === 'publish' || action === 'retire') {
    await refreshCatalogue(db, catalogue, now);
    await announceCatalogueChange(db, logNoticeFailure);
  }
  return { state: to, ...(effectiveFrom ? { effectiveFrom: effectiveFrom.toISOString() } : {}), ...(checks ? { checks } : {}) };
}

/** Silent mode on or off for a topic (evaluated and recorded, not shown to referrers); takes effect at once. */
export async function setSilentMode(db: Kysely<DB>, catalogue: GuidelineCatalogue, p: Principal, topicId: string, silent: boolean, now = new Date()) {
  const topic = await store.getTopic(db, topicId);
  if (!topic) throw new NotFound(`Fant ikke temaet / No such topic: ${topicId}`);
  const eff = (await store.listEffectiveVersions(db)).filter((r) => r.topic_id === topicId);
  const anchor = eff[eff.length - 1] ?? (await store.listVersions(db, topicId))[0];
  await db.transaction().execute(async (tx) => {
    await store.setSilent(tx, topicId, silent, p.userId, now);
    if (anchor)
      await store.insertEvent(tx, {
        versionId: anchor.id,
        userId: p.userId,
        action: silent ? 'silent_on' : 'silent_off',
        from: null,
        to: null,
        note: null,
        at: now,
      });
  });
  await refreshCatalogue(db, catalogue, now);
  await announceCatalogueChange(db, logNoticeFailure);
  return { id: topicId, silent };
}

/**
 * GET /api/authoring/topics/{id}/silent-comparison: the topic's latest silent period (baseline)
 * and the live period after it, as counts of sent referrals by the advice's rating, the referrers'
 * decisions after it went live, and the change in the low-value share (silent-comparison.ts).
 * 404 for an unknown topic. Reads counts only (no patient is named; no access-log row).
 */
export async function silentComparison(db: Kysely<DB>, topicId: string, now = new Date()): Promise<SilentComparison> {
  if (!(await store.getTopic(db, topicId))) throw new NotFound(`Fant ikke temaet / No such topic: ${topicId}`);
  const { state, baseline, after } = comparisonWindows(await store.silentSwitches(db, topicId));
  const codes = await store.topicExamCodes(db, topicId);
  const period = async (w: Window | null, silent: boolean) =>
    w
      ? summarizePeriod(
          w,
          silent,
          await store.sentByRating(db, topicId, codes, w.from, w.to),
          silent ? [] : await store.decisionsByKind(db, topicId, w.from, w.to),
          now,
        )
      : null;
  const before = await period(baseline, true);
  const afterSummary = await period(after, false);
  return { topicId, state, baseline: before, after: afterSummary, difference: before && afterSummary ? lowValueDifference(before, afterSummary) : null };
}

/** A version's text in the content file format (for review in git); published versions say `status: published`. */
export async function exportVersion(db: Kysely<DB>, versionId: string): Promise<{ fileName: string; yaml: string }> {
  const row = await versionOrThrow(db, versionId);
  return { fileName: `${row.topic_id}.yaml`, yaml: row.source_yaml };
}

export { ContentError };
