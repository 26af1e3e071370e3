// Search by GET and by POST for one FHIR resource type, registered together (R4 http.html#search:
// "Servers SHALL support both" GET [base]/[type]?params and POST [base]/[type]/_search with an
// application/x-www-form-urlencoded body; parameters in the URL and the body combine as AND).
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaType } from '../../http/errors.ts';
import { applyControlParams } from './http.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Largest form body of a POST _search (64 KiB: far above any real search, far below a DoS). */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Answers one search of `type`: `query` is the raw query string (not decoded, `&`-joined; for a
 * POST _search the URL's parameters first, then the form body's), the handler parses it as its
 * GET search always did and returns the searchset Bundle (sent as application/fhir+json).
 */
export type FhirSearchHandler = (req: FastifyRequest, query: string) => Promise<unknown>;

/** The raw query string of a request URL ('' when it has none). */
function urlQuery(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  return q < 0 ? '' : req.url.slice(q + 1);
}

/**
 * Registers the search of a FHIR resource type: `GET /fhir/{type}` and `POST /fhir/{type}/_search`,
 * both with the route config `config` (its `access`: the same role and client-scope rule, so the
 * same refusals and access-log rows) and the same `handler`. A POST's query is the URL's
 * parameters followed by the form body's (R4 http.html#search: both apply, as AND; a parameter
 * that may be given once and appears in both is the handler's 400, as a repeat in a GET is).
 * The application/x-www-form-urlencoded parser is registered in an encapsulated scope holding
 * only the POST route, so no other route accepts a form body. A POST body of another type is a
 * 415 OperationOutcome: JSON reaches this route as an object and is refused here, anything else
 * is refused by `registerInteropBodyTypes` (http.ts) before parsing. A route-level refusal of the
 * POST is logged with action `read`, as the GET's is (`config.accessAction`; http/access.ts): a
 * search changes nothing. Returns when both routes are registered; await it in the domain plugin.
 */
export async function registerSearch(app: FastifyInstance, type: string, config: FastifyContextConfig, handler: FhirSearchHandler): Promise<void> {
  app.get(`/fhir/${type}`, { config }, async (req, reply) => reply.type(FHIR_JSON).send(await handler(req, urlQuery(req))));
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post(`/fhir/${type}/_search`, { config: { ...config, accessAction: 'read' } }, async (req, reply) => {
      if (req.body !== undefined && req.body !== null && typeof req.body !== 'string')
        throw new UnsupportedMediaType('POST _search takes the parameters as application/x-www-form-urlencoded', [
          { field: 'Content-Type', message: 'application/x-www-form-urlencoded' },
        ]);
      const query = [urlQuery(req), typeof req.body === 'string' ? req.body : ''].filter(Boolean).join('&');
      // _format and _pretty in the form body count as in the URL (406 for XML, 400 for a bad
      // _pretty, an indented answer for _pretty=true); onRequest saw only the URL.
      let params: URLSearchParams;
      try {
        params = new URLSearchParams(query);
      } catch {
        params = new URLSearchParams();
      }
      applyControlParams(req, params);
      return reply.type(FHIR_JSON).send(await handler(req, query));
    });
  });
}
