// What the editor pages, the public advice catalogue and the FHIR export read: topics with the
// version in effect and any open change, one version with its history and who did what, the diff
// between two versions, and the published topics as the public sees them.
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.ts';
import type { DB } from '../../db/schema.ts';
import { NotFound } from '../../http/errors.ts';
import type { GuidelineCatalogue } from '../catalogue.ts';
import { describeRule } from '../describe-rule.ts';
import { knownExamCodes, parseTopic, readSharedBlock } from '../loader.ts';
import type { Text } from '../types.ts';
import { diffDocuments } from './diff.ts';
import type { PublishedTopic } from './fhir.ts';
import * as store from './store.ts';
import { versionInEffect } from './timeline.ts';

const text = (v: unknown): Text => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { nb: typeof o.nb === 'string' ? o.nb : '', ...(typeof o.en === 'string' ? { en: o.en } : {}) };
};

type EffRow = Awaited<ReturnType<typeof store.listEffectiveVersions>>[number];
const asEffective = (r: EffRow) => ({
  ...r,
  topicId: r.topic_id,
  effectiveFrom: r.effective_from!,
  retiredAt: r.retired_at,
  publishedAt: r.published_at ?? r.effective_from!,
});

/** Every topic for the editors: title, body region, silent mode, the version in effect now, the next scheduled one and the open change. */
export async function listTopicsView(db: Kysely<DB>, now = new Date()) {
  const [topics, eff] = await Promise.all([store.listTopics(db), store.listEffectiveVersions(db)]);
  const effective = eff.map(asEffective);
  const out = [];
  for (const t of topics) {
    const cur = versionInEffect(effective, t.id, now);
    const scheduled = effective
      .filter((v) => v.topicId === t.id && v.effectiveFrom.getTime() > now.getTime())
      .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0];
    const versions = await store.listVersions(db, t.id);
    const open = versions.find((v) => v.state === 'draft' || v.state === 'in_review' || v.state === 'approved');
    const latest = eff.filter((r) => r.topic_id === t.id).pop();
    const title = text((cur ?? latest)?.document.title ?? {});
    out.push({
      id: t.id,
      title,
      bodyRegion: t.body_region,
      silent: t.silent,
      retired: !cur && effective.some((v) => v.topicId === t.id && v.retiredAt !== null && v.retiredAt.getTime() <= now.getTime()),
      inEffect: cur ? { versionId: cur.id, version: cur.version, effectiveFrom: cur.effectiveFrom.toISOString() } : null,
      scheduled: scheduled ? { versionId: scheduled.id, version: scheduled.version, effectiveFrom: scheduled.effectiveFrom.toISOString() } : null,
      open: open ? { versionId: open.id, version: open.version, state: open.state } : null,
    });
  }
  return out;
}

/** One topic with all its versions (newest first) and its history (newest first). */
export async function topicView(db: Kysely<DB>, topicId: string, now = new Date()) {
  const t = await store.getTopic(db, topicId);
  if (!t) throw new NotFound(`Fant ikke temaet / No such topic: ${topicId}`);
  const [versions, history, eff] = await Promise.all([store.listVersions(db, topicId), store.topicHistory(db, topicId), store.listEffectiveVersions(db)]);
  const cur = versionInEffect(eff.map(asEffective), topicId, now);
  const titleFrom = (cur ?? eff.filter((r) => r.topic_id === topicId).pop())?.document.title;
  return {
    id: t.id,
    title: text(titleFrom ?? { nb: t.id }),
    bodyRegion: t.body_region,
    silent: t.silent,
    inEffectVersionId: cur?.id ?? null,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      state: v.state,
      origin: v.origin,
      changeNote: v.change_note,
      createdBy: v.created_by_name,
      createdAt: v.created_at.toISOString(),
      approvedBy: v.approved_by_name,
      approvedAt: v.approved_at?.toISOString() ?? null,
      publishedAt: v.published_at?.toISOString() ?? null,
      effectiveFrom: v.effective_from?.toISOString() ?? null,
      retiredAt: v.retired_at?.toISOString() ?? null,
    })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      version: h.version,
      versionId: h.version_id,
      from: h.from_state,
      to: h.to_state,
      note: h.note,
      by: h.user_name,
    })),
  };
}

/**
 * One version with its document and what the caller may do: approve only when they did not write
 * or change it (four eyes).
 */
export async function versionView(db: Kysely<DB>, p: Principal, versionId: string) {
  const v = await store.getVersion(db, versionId);
  if (!v) throw new NotFound(`Fant ikke versjonen / No such topic version: ${versionId}`);
  const mine = v.editors.includes(p.userId) || v.created_by === p.userId;
  return {
    id: v.id,
    topicId: v.topic_id,
    version: v.version,
    state: v.state,
    revision: v.revision,
    origin: v.origin,
    basedOnId: v.based_on_id,
    changeNote: v.change_note,
    document: v.document,
    createdBy: v.created_by_name,
    createdAt: v.created_at.toISOString(),
    updatedBy: v.updated_by_name,
    updatedAt: v.updated_at.toISOString(),
    approvedBy: v.approved_by_name,
    approvedAt: v.approved_at?.toISOString() ?? null,
    publishedBy: v.published_by_name,
    publishedAt: v.published_at?.toISOString() ?? null,
    effectiveFrom: v.effective_from?.toISOString() ?? null,
    retiredAt: v.retired_at?.toISOString() ?? null,
    checks: v.checks,
    editedByMe: mine,
    mayApprove: v.state === 'in_review' && !mine,
  };
}

/** The readable diff from version `from` to version `to` (any two versions, of the same topic). */
export async function diffView(db: Kysely<DB>, fromId: string, toId: string) {
  const [a, b] = await Promise.all([store.getVersion(db, fromId), store.getVersion(db, toId)]);
  if (!a || !b) throw new NotFound('Fant ikke versjonene / No such versions');
  if (a.topic_id !== b.topic_id) throw new NotFound('Versjonene hører til ulike temaer / The versions belong to different topics');
  return { from: { id: a.id, version: a.version }, to: { id: b.id, version: b.version }, changes: diffDocuments(a.document, b.document) };
}

/**
 * The published topics as stored (state published or retired): the version in effect at `at` per
 * topic (or every version with `all`), parsed, for the FHIR export. Retired topics are included
 * with status retired: they stay readable in history.
 */
export async function publishedTopics(db: Kysely<DB>, at = new Date(), all = false): Promise<PublishedTopic[]> {
  const eff = (await store.listEffectiveVersions(db)).map(asEffective);
  const full = new Map<string, Awaited<ReturnType<typeof store.getVersion>>>();
  const pick: typeof eff = [];
  if (all) pick.push(...eff.filter((v) => v.effectiveFrom.getTime() <= at.getTime()));
  else
    for (const id of new Set(eff.map((v) => v.topicId))) {
      const inEffect = versionInEffect(eff, id, at);
      // A retired topic: its last version, shown as retired.
      const last = inEffect ?? eff.filter((v) => v.topicId === id && v.effectiveFrom.getTime() <= at.getTime()).pop();
      if (last) pick.push(last);
    }
  const out: PublishedTopic[] = [];
  for (const v of pick) {
    full.set(v.id, await store.getVersion(db, v.id));
    const row = full.get(v.id)!;
    const retired = v.retiredAt !== null && v.retiredAt.getTime() <= at.getTime();
    out.push({
      topic: parseTopic(`content/guidelines/${v.topicId}.yaml`, v.source_yaml, knownExamCodes(), (n) => readSharedBlock(n)),
      sourceYaml: v.source_yaml,
      state: retired ? 'retired' : 'published',
      effectiveFrom: v.effectiveFrom,
      approvedAt: row?.approved_at ?? null,
      publishedAt: v.published_at,
    });
  }
  return out;
}

/**
 * The public advice catalogue: the topics in effect now (from the catalogue the engine uses, so
 * the page and the advice never differ), with version, effective date, body region, exams by name,
 * sources and each rule's advice in words. Search `q` matches title, exam names, body region and
 * rule summaries (case-insensitive); `region` filters by body region. Silent topics are left out
 * (they do not advise yet).
 */
export async function publicCatalogue(db: Kysely<DB>, catalogue: GuidelineCatalogue, q: { q?: string; region?: string }, now = new Date()) {
  const pack = catalogue.current(now);
  const [topics, eff] = await Promise.all([store.listTopics(db), store.listEffectiveVersions(db)]);
  const regionOf = new Map(topics.map((t) => [t.id, t.body_region]));
  const effective = eff.map(asEffective);
  const codes = [...new Set(pack.pack.topics.flatMap((t) => t.appliesTo.examCodes))];
  const names = new Map((await store.examNames(db, codes)).map((e) => [e.code, e]));
  const named = (c: string) => ({ name: names.get(c)?.name ?? c, nameEn: names.get(c)?.name_en ?? names.get(c)?.name ?? c });
  const all = pack.pack.topics
    .filter((t) => t.status === 'published' && !t.silent)
    .map((t) => {
      const v = versionInEffect(effective, t.id, now);
      return {
        id: t.id,
        title: t.title,
        version: t.version,
        effectiveFrom: v?.effectiveFrom.toISOString() ?? null,
        reviewed: t.reviewed,
        bodyRegion: regionOf.get(t.id) ?? names.get(t.appliesTo.examCodes[0])?.body_part ?? 'annet',
        exams: t.appliesTo.examCodes.map(named),
        sources: t.sources.map(({ id: _id, ...s }) => s),
        advice: t.rules.map((r) => ({
          when: describeRule(r.when),
          ...(r.examCodes ? { exams: r.examCodes.map(named) } : {}),
          rating: r.outcome.rating,
          summary: r.outcome.summary,
        })),
      };
    });
  const regions = [...new Set(all.map((t) => t.bodyRegion))].sort((a, b) => a.localeCompare(b, 'nb'));
  const needle = q.q?.trim().toLocaleLowerCase('nb');
  const hits = all.filter(
    (t) =>
      (!q.region || t.bodyRegion === q.region) &&
      (!needle ||
        [t.title.nb, t.title.en ?? '', t.bodyRegion, ...t.exams.flatMap((e) => [e.name, e.nameEn]), ...t.advice.map((a) => a.summary.nb)].some((s) =>
          s.toLocaleLowerCase('nb').includes(needle),
        )),
  );
  hits.sort((a, b) => a.bodyRegion.localeCompare(b.bodyRegion, 'nb') || a.title.nb.localeCompare(b.title.nb, 'nb'));
  return { regions, topics: hits };
}
