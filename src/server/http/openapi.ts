// The app's OpenAPI 3.1 document, served at /openapi.json. It is generated from the TypeBox
// schemas the routes declare (the same schemas validate requests and serialize responses, and
// the web app shares them from src/shared/api/), so it cannot drift from the code.
// @fastify/swagger collects every route registered after it; register this before the routes.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Problem } from '../../shared/api/common.ts';

/** Registers @fastify/swagger and GET /openapi.json (public: it describes, it serves no data). */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    // For the document only (validation and serialization are untouched): every app API route
    // answers errors as problem+json from the central error handler (http/errors.ts), so each
    // /api operation lists them once as 4XX/5XX. FHIR and CDS Hooks errors follow their own specifications.
    transform: ({ schema, url, route }) => {
      if (!url.startsWith('/api/') || schema?.hide) return { schema, url };
      const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
      const response = {
        '4xx': problem('Refused request (problem+json)'),
        '5xx': problem('Server error (problem+json)'),
        ...(schema?.response as object | undefined),
      };
      return { schema: { ...schema, response }, url, route };
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Radvis',
        version: '0.1.0',
        description:
          'Radvis app API (same-origin JSON, session cookie + CSRF token; errors are application/problem+json), FHIR R4 under /fhir and CDS Hooks 2.0 under /cds-services (their own specifications govern those).',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'radvis_session',
            description: 'Session cookie from POST /api/auth/login; state-changing requests also need the X-CSRF-Token header.',
          },
          bearer: { type: 'http', scheme: 'bearer', description: 'API client token (FHIR) or a CDS client JWT (CDS Hooks).' },
        },
      },
    },
  });
  app.get('/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());
}
