// HTTP edge of FHIR R4 ServiceRequest (/fhir/ServiceRequest): create (conditional), read,
// vread and instance history (the versions kept since migration 0180), search. Answers are application/fhir+json with meta.versionId,
// meta.lastUpdated, ETag and Last-Modified; Location …/_history/{vid} on create (R4 http.html).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEPARTMENT_ROLES, whoOf } from '../access/gate.ts';
import { PreconditionFailed } from './errors.ts';
import { etagOf } from '../interop/fhir/service-request.ts';
import { preferLenient } from '../interop/fhir/search.ts';
import { registerSearch } from '../interop/fhir/search-routes.ts';
import { createServiceRequest, historyServiceRequest, readServiceRequest, searchServiceRequests, type FhirResult } from './fhir.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const FhirId = Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$' });

/** The absolute FHIR base: RADVIS_PUBLIC_URL when set, else from the request. */
export function fhirBase(req: FastifyRequest): string {
  const base = req.server.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  return `${base.replace(/\/$/, '')}/fhir`;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `Prefer: return=…` (R4 http.html#ops; RFC 7240): minimal, representation or OperationOutcome, else undefined. */
export function preferReturn(prefer: string | string[] | undefined): 'minimal' | 'representation' | 'OperationOutcome' | undefined {
  const v = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  const m = /(?:^|[,;\s])return\s*=\s*"?(minimal|representation|OperationOutcome)"?/i.exec(v)?.[1]?.toLowerCase();
  return m === 'minimal' ? 'minimal' : m === 'representation' ? 'representation' : m === 'operationoutcome' ? 'OperationOutcome' : undefined;
}

function withVersion(reply: FastifyReply, r: FhirResult) {
  return reply.type(FHIR_JSON).header('ETag', etagOf(r.version)).header('Last-Modified', r.lastUpdated.toUTCString());
}

export const fhirServiceRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const fhirWrite = { access: { roles: ['referrer'] as const, clients: 'fhir.write' } };
  const fhirRead = { access: { roles: ['referrer', ...DEPARTMENT_ROLES] as const, clients: 'fhir.read' } };

  app.post('/fhir/ServiceRequest', { config: fhirWrite }, async (req, reply) => {
    const r = await createServiceRequest(db, app.guidelines.current().pack, whoOf(req), req.body, header(req, 'if-none-exist'), new Date(), fhirBase(req));
    const url = `${fhirBase(req)}/ServiceRequest/${r.resource.id}/_history/${r.version}`;
    withVersion(reply, r)
      .status(r.created ? 201 : 200)
      .header('Location', url)
      .header('Content-Location', url);
    // http.html#ops: Prefer return=minimal (no body), return=OperationOutcome, or the resource (default).
    const ret = preferReturn(req.headers.prefer);
    if (ret) reply.header('Preference-Applied', `return=${ret}`);
    if (ret === 'minimal') return reply.send();
    if (ret === 'OperationOutcome')
      return reply.send({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'information',
            code: 'informational',
            diagnostics: r.created
              ? `Created ServiceRequest/${r.resource.id} version ${r.version}`
              : `ServiceRequest/${r.resource.id} already exists (version ${r.version})`,
          },
        ],
      });
    return reply.send(r.resource);
  });

  const read = async (req: FastifyRequest, reply: FastifyReply, id: string, vid?: string) => {
    const r = await readServiceRequest(db, whoOf(req), id, vid);
    // http.html#cread: If-None-Match with the current ETag (or *) → 304; else If-Modified-Since
    // not before the last change (HTTP dates have whole seconds) → 304 (RFC 9110 §13.1.3).
    // RFC 9110 §13.1.1: If-Match naming no current ETag (nor *) → 412, nothing sent.
    const im = header(req, 'if-match');
    if (im !== undefined && !im.split(',').some((t) => t.trim() === '*' || t.trim() === etagOf(r.version) || t.trim() === `"${r.version}"`))
      throw new PreconditionFailed(`If-Match ${im.slice(0, 40)} does not match the current version ${etagOf(r.version)}`, [
        { field: 'If-Match', message: `current version is ${etagOf(r.version)}` },
      ]);
    const inm = header(req, 'if-none-match');
    if (inm !== undefined) {
      if (inm.split(',').some((t) => t.trim() === '*' || t.trim() === etagOf(r.version) || t.trim() === `"${r.version}"`))
        return withVersion(reply, r).status(304).send();
    } else {
      const ims = Date.parse(header(req, 'if-modified-since') ?? '');
      if (!Number.isNaN(ims) && Math.floor(r.lastUpdated.getTime() / 1000) * 1000 <= ims) return withVersion(reply, r).status(304).send();
    }
    return withVersion(reply, r)
      .header('Content-Location', `${fhirBase(req)}/ServiceRequest/${id}/_history/${r.version}`)
      .send(r.resource);
  };

  app.get('/fhir/ServiceRequest/:id', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) =>
    read(req, reply, req.params.id),
  );
  app.get(
    '/fhir/ServiceRequest/:id/_history/:vid',
    { config: fhirRead, schema: { params: Type.Object({ id: FhirId, vid: Type.String({ pattern: '^[0-9]{1,9}$' }) }) } },
    async (req, reply) => read(req, reply, req.params.id, req.params.vid),
  );

  app.get('/fhir/ServiceRequest/:id/_history', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) => {
    const q = req.url.indexOf('?');
    const query = q < 0 ? '' : req.url.slice(q + 1);
    return reply
      .type(FHIR_JSON)
      .send(await historyServiceRequest(db, whoOf(req), req.params.id, query, preferLenient(req.headers.prefer), fhirBase(req), app.config.fhirMaxOffset));
  });

  // Search by GET and by POST _search with a form body (interop/fhir/search-routes.ts); the query
  // is parsed by interop/fhir/search.ts (declared parameters only), not by a route schema.
  await registerSearch(app, 'ServiceRequest', fhirRead, async (req, query) =>
    searchServiceRequests(db, whoOf(req), query, preferLenient(req.headers.prefer), fhirBase(req), app.config.fhirMaxOffset),
  );

  // update, patch, delete and history-type are not supported (CapabilityStatement): their 405s
  // with Allow come from the statement itself (interop/fhir/routes.ts declaredUrlMethods).
};
