// /api/admin: users, role grants and trusted CDS clients, for administrators within their organizations.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES } from '../db/schema.ts';
import { CdsClient, CdsClients, Created, ManagedUsers, Organizations, ReferralCovers } from '../../shared/api/directory.ts';
import { NoContent } from '../../shared/api/common.ts';
import { principalOf } from '../http/access.ts';
import {
  administeredOrgIds,
  createUser,
  listManagedCdsClients,
  listManagedUsers,
  registerCdsClient,
  setCdsClientActive,
  setUserGrants,
  updateUser,
} from './admin.ts';
import { listOrganizations } from '../directory/store.ts';
import { addCoverArrangement, grantClientRequester, listCoverArrangements, removeCoverArrangement } from '../access/admin.ts';

const Grant = Type.Object(
  { role: Type.Union(ROLES.map((r) => Type.Literal(r))), organizationId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const adminOnly = { access: { roles: ['admin'] as const } };

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.get(
    '/api/admin/users',
    { config: adminOnly, schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }), response: { 200: ManagedUsers } } },
    async (req) => listManagedUsers(db, principalOf(req), req.query.q),
  );

  app.get('/api/admin/organizations', { config: adminOnly, schema: { response: { 200: Organizations } } }, async (req) => {
    const ids = new Set(await administeredOrgIds(db, principalOf(req)));
    const all = await listOrganizations(db, { limit: 100_000 });
    return all.filter((o) => ids.has(o.id));
  });

  app.post(
    '/api/admin/users',
    {
      config: adminOnly,
      schema: {
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            givenName: Type.String({ minLength: 1, maxLength: 100 }),
            familyName: Type.String({ minLength: 1, maxLength: 100 }),
            hprNumber: Type.Optional(Type.String({ maxLength: 20 })),
            profession: Type.Union(
              ['physician', 'radiographer', 'chiropractor', 'manual_therapist', 'secretary', 'other'].map((x) => Type.Literal(x as 'physician')),
            ),
            referrerKind: Type.Optional(
              Type.Union(['gp', 'hospital_doctor', 'private_specialist', 'chiropractor', 'manual_therapist'].map((x) => Type.Literal(x as 'gp'))),
            ),
            email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
            grants: Type.Array(Grant, { minItems: 1, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (req, reply) => {
      const created = await createUser(db, principalOf(req), req.body);
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/admin/users/:id/grants',
    {
      config: adminOnly,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ grants: Type.Array(Grant, { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await setUserGrants(db, principalOf(req), req.params.id, req.body.grants);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: adminOnly,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object(
          { active: Type.Optional(Type.Boolean()), password: Type.Optional(Type.String({ maxLength: 256 })), unlock: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await updateUser(db, principalOf(req), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  // CDS clients (CDS Hooks 2.0 §Trusting CDS Clients): the record systems whose signed JWTs the
  // CDS services accept, with their public keys or an allow-listed JWK Set URL.
  app.get('/api/admin/cds-clients', { config: adminOnly, schema: { response: { 200: CdsClients } } }, async (req) =>
    listManagedCdsClients(db, principalOf(req)),
  );

  app.post(
    '/api/admin/cds-clients',
    {
      config: adminOnly,
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            issuer: Type.String({ minLength: 1, maxLength: 500 }),
            organizationId: Type.String({ minLength: 1, maxLength: 100 }),
            jwks: Type.Optional(Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 20 }) })),
            jwksUrl: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CdsClient },
      },
    },
    async (req, reply) => {
      const created = await registerCdsClient(db, principalOf(req), req.body);
      app.cdsClients.forget(created.issuer);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/admin/cds-clients/:id',
    {
      config: adminOnly,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: CdsClient },
      },
    },
    async (req) => {
      const updated = await setCdsClientActive(db, principalOf(req), req.params.id, req.body.active);
      // Takes effect at once in this process (the verifier caches issuers for a minute otherwise).
      app.cdsClients.forget(updated.issuer);
      return updated;
    },
  );

  // ---- access gate settings: covering colleagues in a practice, FHIR clients acting for referrers ----
  app.get('/api/admin/referral-cover', { config: adminOnly, schema: { response: { 200: ReferralCovers } } }, async (req) =>
    listCoverArrangements(db, principalOf(req)),
  );

  app.post(
    '/api/admin/referral-cover',
    {
      config: adminOnly,
      schema: {
        body: Type.Object(
          {
            organizationId: Type.String({ minLength: 1, maxLength: 100 }),
            coveringPersonId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
            coveredPersonId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
            validFrom: Type.Optional(Type.String({ format: 'date-time' })),
            validTo: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (req, reply) => reply.status(201).send(await addCoverArrangement(db, principalOf(req), req.body)),
  );

  app.delete(
    '/api/admin/referral-cover/:id',
    { config: adminOnly, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 204: NoContent } } },
    async (req, reply) => {
      await removeCoverArrangement(db, principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/api-clients/:id/requesters',
    {
      config: adminOnly,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ personId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await grantClientRequester(db, principalOf(req), req.params.id, req.body.personId);
      return reply.status(204).send(null);
    },
  );
};
