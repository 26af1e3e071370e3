// HTTP edge of referral-advice authoring (issue 11): /api/authoring for network editors (role
// network_editor), the public advice catalogue /api/advice-catalogue, and the FHIR export
// /fhir/PlanDefinition and /fhir/Library (public: the advice is public). The content files are
// imported and the catalogue loaded from the store once per process: at start-up (a warm-up) or,
// in tests, before the first request of these routes.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuthoringReference,
  CatalogueQuery,
  CatalogueResult,
  CreateDraftBody,
  CreateTopicBody,
  DiffResult,
  ImpactBody,
  ImpactResult,
  PreviewBody,
  PreviewResult,
  PublishChecks,
  SaveDraftBody,
  SilentBody,
  SilentComparison,
  StepBody,
  StepResult,
  STEPS,
  TopicDetail,
  TopicId,
  TopicSummary,
  ValidateBody,
  ValidateResult,
  VersionDetail,
} from '../../../shared/api/authoring.ts';
import { FACTS } from '../../../shared/facts.ts';
import { principalOf } from '../../http/access.ts';
import { Invalid, NotFound } from '../../http/errors.ts';
import { fhirBase } from '../../referrals/fhir-routes.ts';
import { preferLenient } from '../../interop/fhir/search.ts';
import { registerSearch } from '../../interop/fhir/search-routes.ts';
import { readReferenceData } from '../../directory/reference-data.ts';
import { describeRule } from '../describe-rule.ts';
import { validateDocument } from './document.ts';
import { PLAN_DEFINITION_SEARCH_PARAMS, toLibrary, toPlanDefinition } from './fhir.ts';
import { defaultPaging, PAGING_PARAMS, pagedQuery, pageOf, pagingLinks, readPagingParam, selfAt } from '../../interop/fhir/paging.ts';
import { impactJob, startImpact } from './impact.ts';
import { previewTopic } from './preview.ts';
import { catalogueScope, followCatalogueChanges } from './propagate.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { diffView, listTopicsView, publicCatalogue, publishedTopics, topicView, versionView } from './views.ts';
import { MediaResponse } from '../../../shared/api/common.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const VersionId = Type.String({ minLength: 1, maxLength: 100 });
const FhirId = Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$' });

/** Largest page of a PlanDefinition / Library search (default 100): the published catalogue fits one page. */
const MAX_TOPICS_PAGE = 500;

export const authoringRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const catalogue = app.guidelines;
  let synced: Promise<void> | undefined;
  const ensureSynced = () =>
    (synced ??= service.syncAuthoring(db, catalogue).then(
      () => undefined,
      (e: unknown) => {
        synced = undefined;
        throw e;
      },
    ));
  app.readiness.warmUps.push(ensureSynced);
  app.addHook('preHandler', async () => ensureSynced());
  // Several server processes on one PostgreSQL database: a change published through another
  // process reloads this one's catalogue (propagate.ts). PGlite is one process by nature.
  if (app.db.engine === 'postgres') {
    const scope = await catalogueScope(db);
    const stop = followCatalogueChanges(
      scope,
      () => ensureSynced().then(() => service.refreshCatalogue(db, catalogue)),
      (e) => app.log.error({ err: e }, 'could not reload the published advice after a change in another process'),
    );
    app.addHook('onClose', async () => stop());
  }

  const editor = { access: { roles: ['network_editor'] as const } };
  const open = { access: { public: true as const } };
  const params = Type.Object({ id: VersionId });
  const topicParams = Type.Object({ id: TopicId });

  // ---- editors ----
  app.get('/api/authoring/topics', { config: editor, schema: { response: { 200: Type.Array(TopicSummary) } } }, async () => listTopicsView(db));
  app.post(
    '/api/authoring/topics',
    { config: editor, schema: { body: CreateTopicBody, response: { 201: Type.Object({ id: Type.String() }) } } },
    async (req, reply) => reply.status(201).send(await service.createTopic(db, principalOf(req), req.body)),
  );
  app.get('/api/authoring/topics/:id', { config: editor, schema: { params: topicParams, response: { 200: TopicDetail } } }, async (req) =>
    topicView(db, req.params.id),
  );
  app.post(
    '/api/authoring/topics/:id/drafts',
    {
      config: editor,
      schema: {
        params: topicParams,
        body: CreateDraftBody,
        response: { 201: Type.Object({ id: Type.String(), version: Type.String(), origin: Type.String() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createDraft(db, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/authoring/topics/:id/silent-comparison',
    { config: editor, schema: { params: topicParams, response: { 200: SilentComparison } } },
    async (req) => service.silentComparison(db, req.params.id),
  );
  app.put(
    '/api/authoring/topics/:id/silent',
    { config: editor, schema: { params: topicParams, body: SilentBody, response: { 200: Type.Object({ id: Type.String(), silent: Type.Boolean() }) } } },
    async (req) => service.setSilentMode(db, catalogue, principalOf(req), req.params.id, req.body.silent),
  );
  app.get('/api/authoring/versions/:id', { config: editor, schema: { params, response: { 200: VersionDetail } } }, async (req) =>
    versionView(db, principalOf(req), req.params.id),
  );
  app.put(
    '/api/authoring/versions/:id',
    { config: editor, schema: { params, body: SaveDraftBody, response: { 200: Type.Object({ revision: Type.Integer() }) } } },
    async (req) => service.saveDraft(db, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/authoring/versions/:id/:step',
    { config: editor, schema: { params: Type.Object({ id: VersionId, step: Type.Enum(STEPS) }), body: StepBody, response: { 200: StepResult } } },
    async (req) => service.takeStep(db, catalogue, principalOf(req), req.params.id, req.params.step, req.body ?? {}),
  );
  app.post('/api/authoring/versions/:id/checks', { config: editor, schema: { params, response: { 200: PublishChecks } } }, async (req) =>
    service.checkVersion(db, catalogue, req.params.id),
  );
  app.get(
    '/api/authoring/versions/:id/export',
    { config: editor, schema: { params, response: { 200: MediaResponse('application/yaml', 'The version in the content file format (content/guidelines)') } } },
    async (req, reply) => {
      const e = await service.exportVersion(db, req.params.id);
      return reply.type('application/yaml; charset=utf-8').header('Content-Disposition', `attachment; filename="${e.fileName}"`).send(e.yaml);
    },
  );
  app.get(
    '/api/authoring/diff',
    {
      config: editor,
      schema: { querystring: Type.Object({ from: VersionId, to: VersionId }, { additionalProperties: false }), response: { 200: DiffResult } },
    },
    async (req) => diffView(db, req.query.from, req.query.to),
  );
  app.post('/api/authoring/validate', { config: editor, schema: { body: ValidateBody, response: { 200: ValidateResult } } }, async (req) => {
    const v = validateDocument(req.body.document);
    const words: Record<string, { nb: string; en: string }> = {};
    for (const r of v.topic?.rules ?? []) {
      const w = describeRule(r.when);
      words[r.id] = { nb: w.nb, en: w.en };
    }
    return { ok: v.ok, errors: v.errors, words };
  });
  app.post('/api/authoring/preview', { config: editor, schema: { body: PreviewBody, response: { 200: PreviewResult } } }, async (req) => {
    const v = validateDocument(req.body.document);
    if (!v.ok) return { ok: false, errors: v.errors, advice: null, fromThisTopic: false, understood: [], trace: [] };
    const s = req.body.sample;
    return { ok: true, errors: [], ...previewTopic(catalogue.current().pack, v.topic, { ...s, facts: s.facts as never }, new Date()) };
  });
  app.post(
    '/api/authoring/versions/:id/impact',
    { config: editor, schema: { params, body: ImpactBody, response: { 202: ImpactResult } } },
    async (req, reply) => {
      const row = await store.getVersion(db, req.params.id);
      if (!row) throw new NotFound(`Fant ikke versjonen / No such topic version: ${req.params.id}`);
      const v = validateDocument(row.document);
      if (!v.ok) throw new Invalid('Versjonen er ikke gyldig / The version is not valid');
      return reply.status(202).send(startImpact(db, catalogue.current().pack, v.topic, req.body.months));
    },
  );
  app.get('/api/authoring/impact/:id', { config: editor, schema: { params, response: { 200: ImpactResult } } }, async (req) => {
    const job = impactJob(req.params.id);
    if (!job) throw new NotFound('Fant ikke beregningen / No such impact preview');
    return job;
  });
  app.get('/api/authoring/reference', { config: editor, schema: { response: { 200: AuthoringReference } } }, async () => ({
    facts: FACTS.map((f) => ({
      id: f.id,
      type: f.type,
      ...('values' in f && f.values ? { values: [...f.values] } : {}),
      label: f.label,
      question: f.question,
    })),
    exams: readReferenceData().examCodes.map((e) => ({ code: e.code, name: e.nameNb, nameEn: e.nameEn || e.nameNb, bodyPart: e.bodyPart })),
  }));

  // ---- public advice catalogue ----
  app.get('/api/advice-catalogue', { config: open, schema: { querystring: CatalogueQuery, response: { 200: CatalogueResult } } }, async (req) =>
    publicCatalogue(db, catalogue, req.query),
  );

  // ---- FHIR export ----
  const search = async (rawQuery: string, lenient: boolean, base: string, kind: 'PlanDefinition' | 'Library') => {
    const q = new URLSearchParams(rawQuery);
    // `_format` and `_pretty` are answered at the FHIR edge (interop/fhir/http.ts: JSON served,
    // anything else 406; `_pretty=true` indents the answer of every interaction).
    const edge = ['_format', '_pretty'];
    const known = new Set<string>([...PLAN_DEFINITION_SEARCH_PARAMS.map((p) => p.name), 'title:contains', ...PAGING_PARAMS, ...edge]);
    const errors: { field: string; message: string }[] = [];
    for (const k of q.keys()) if (!known.has(k) && !lenient) errors.push({ field: k, message: 'unsupported search parameter' });
    // _count (default 100, at most MAX_TOPICS_PAGE: the whole catalogue fits one page), _offset and
    // _total as every FHIR search reads them (interop/fhir/paging.ts; R4 search.html#paging).
    const paging = defaultPaging(100);
    for (const k of PAGING_PARAMS) {
      const v = q.get(k);
      if (v !== null) readPagingParam(k, v, paging, errors, MAX_TOPICS_PAGE, app.config.fhirMaxOffset);
    }
    const status = q.get('status');
    if (status !== null && status !== 'active' && status !== 'retired') errors.push({ field: 'status', message: 'active or retired' });
    if (errors.length) throw new Invalid(`Invalid search: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
    const version = q.get('version');
    let list = await publishedTopics(db, new Date(), version !== null);
    const lower = (s: string | null) => s?.toLocaleLowerCase('nb') ?? null;
    const id = q.get('_id');
    const name = lower(q.get('name'));
    const title = lower(q.get('title'));
    const titleContains = lower(q.get('title:contains'));
    const url = q.get('url');
    list = list.filter((p) => {
      const pd = toPlanDefinition(p, base);
      return (
        (id === null || id.split(',').includes(p.topic.id)) &&
        (name === null || (pd.name ?? '').toLocaleLowerCase('nb').startsWith(name)) &&
        (title === null || (pd.title ?? '').toLocaleLowerCase('nb').startsWith(title)) &&
        (titleContains === null || (pd.title ?? '').toLocaleLowerCase('nb').includes(titleContains)) &&
        (status === null || pd.status === status) &&
        (version === null || p.topic.version === version) &&
        (url === null || pd.url === url)
      );
    });
    const used = [...q.entries()].filter(([k]) => known.has(k) && !edge.includes(k) && !(PAGING_PARAMS as readonly string[]).includes(k));
    const { page, nav, stale } = pageOf(list, paging, (p) => p.topic.id, 'topic');
    if (stale)
      throw new Invalid('_cursor names no result of this search', [
        { field: '_cursor', message: 'its place in the results is gone; start from the first link' },
      ]);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(paging.total === 'accurate' ? { total: list.length } : {}),
      link: pagingLinks((at) => `${base}/${kind}${pagedQuery(used, paging, at)}`, { self: selfAt(paging, 'topic'), count: paging.count, nav }),
      // R4 json.html: an array is never empty — a page without results has no `entry`.
      ...(page.length
        ? {
            entry: page.map((p) => {
              const resource = kind === 'PlanDefinition' ? toPlanDefinition(p, base) : toLibrary(p, base);
              return { fullUrl: `${base}/${kind}/${p.topic.id}`, resource, search: { mode: 'match' } };
            }),
          }
        : {}),
    };
  };
  const read = async (id: string, base: string, kind: 'PlanDefinition' | 'Library') => {
    const p = (await publishedTopics(db)).find((x) => x.topic.id === id);
    if (!p) throw new NotFound(`${kind}/${id} is not known`);
    return kind === 'PlanDefinition' ? toPlanDefinition(p, base) : toLibrary(p, base);
  };
  for (const kind of ['PlanDefinition', 'Library'] as const) {
    await registerSearch(app, kind, open, async (req, query) => search(query, preferLenient(req.headers.prefer), fhirBase(req), kind));
    app.get(`/fhir/${kind}/:id`, { config: open, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) => {
      const r = await read(req.params.id, fhirBase(req), kind);
      return reply
        .type(FHIR_JSON)
        .header('ETag', `W/"${r.version ?? '1'}"`)
        .send(r);
    });
  }
};
