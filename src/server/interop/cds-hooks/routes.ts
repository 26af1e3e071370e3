// HTTP edge of HL7 CDS Hooks 2.0 (/cds-services): discovery, the order-select and order-sign
// services, and feedback. Discovery is open (it lists services, no data); the services and
// feedback need a JWT signed by a registered CDS client (CDS Hooks 2.0 §Trusting CDS Clients;
// auth/cds-clients.ts, checked in http/access.ts).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ReferrerKind } from '../../db/schema.ts';
import { Invalid, NotFound } from '../../http/errors.ts';
import { Text } from '../../http/schemas.ts';
import { examCatalog, recordCdsFeedback, recordIssuedCards } from '../../referrals/cds-records.ts';
import { exerciseGuidelinePack } from '../../referrals/pack.ts';
import {
  cardLocale,
  cardsFor,
  contextPatient,
  needsFullRights,
  needsPatient,
  ordersToAdvise,
  rightsMatter,
  SERVICES,
  unconfirmedRightsCard,
  userRequired,
  withLeastRights,
  withPatient,
  type CdsRequest,
} from './cards.ts';
import { PreconditionFailed } from '../../referrals/errors.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { allowedFhirServer, isWithin, normalizeFhirBase, parseAllowList, readFhirResource } from './fhir-server.ts';
import { checkDraftOrders, CdsBody, feedbackProblems, unselectable, UUID_PATTERN } from './request.ts';
import { findReferrerKind } from './store.ts';
import { parseUserId, resolveUserRights } from './user.ts';

export class CdsConfigError extends Error {}

export const cdsHooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  // The JWT audience is the URL the client called; a Host header the caller chooses must not
  // decide it. Outside the demo, RADVIS_PUBLIC_URL is required for CDS Hooks (issue 7 item 5).
  if (!app.config.publicUrl && !app.config.demo) {
    throw new CdsConfigError(
      'CDS Hooks needs RADVIS_PUBLIC_URL (the URL record systems sign into the JWT aud); set it, or run in demo mode (RADVIS_DEMO=true)',
    );
  }
  const allowList = parseAllowList(app.config.cdsFhirServers);
  const baseUrl = (req: FastifyRequest) => app.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;

  const adviceLog = app.adviceLog;
  // The exam catalogue is reference data: read once per process, not per CDS request.
  let catalogCache: ReturnType<typeof examCatalog> | null = null;
  const catalog = () =>
    (catalogCache ??= examCatalog(db).catch((e: unknown) => {
      catalogCache = null;
      throw e;
    }));
  // The guideline pack is loaded and compiled with the app's catalogue, not on the first request:
  // CDS clients expect answers within about half a second, and a cold first call was what made
  // the benchmark's worst tail. The warm-up runs the pack's own test cases through the engine.
  app.readiness.warmUps.push(async () => {
    await catalog();
    exerciseGuidelinePack(app.guidelines.current().pack);
  });

  // Our directory's answer for a person id or HPR number. Cached: hot-path reference data.
  const kinds = new Map<string, { kind: Promise<{ kind: ReferrerKind | null } | undefined>; at: number }>();
  const localKind = (idOrHpr: string) => {
    const hit = kinds.get(idOrHpr);
    if (hit && Date.now() - hit.at < 5 * 60_000) return hit.kind;
    const kind = findReferrerKind(db, idOrHpr).catch((e: unknown) => {
      kinds.delete(idOrHpr);
      throw e;
    });
    if (kinds.size > 10_000) kinds.clear();
    kinds.set(idOrHpr, { kind, at: Date.now() });
    return kind;
  };

  app.get('/cds-services', { config: { access: { public: true } } }, async () => ({ services: SERVICES }));

  const cdsClient = { access: { cdsClient: true } } as const;
  /**
   * An unknown service id is a 404 whatever the body holds: checked before the body is validated
   * (CDS Hooks 2.0 §Calling a CDS Service: the service is the resource; a 400 about the body of a
   * service that does not exist would send the client looking in the wrong place).
   */
  const knownService = async (req: FastifyRequest) => {
    const id = (req.params as { id?: string } | undefined)?.id;
    if (typeof id === 'string' && !SERVICES.some((s) => s.id === id))
      throw new NotFound(`No CDS service ${id.slice(0, 100)}`, undefined, { reason: 'cds-service-unknown' });
  };
  app.post(
    '/cds-services/:id',
    { config: cdsClient, preValidation: knownService, schema: { params: Type.Object({ id: Text({ maxLength: 100 }) }), body: CdsBody } },
    async (req) => {
      const service = SERVICES.find((s) => s.id === req.params.id);
      if (!service) throw new NotFound(`No CDS service ${req.params.id}`, undefined, { reason: 'cds-service-unknown' });
      if (req.body.hook !== service.hook)
        throw new Invalid(`Service ${service.id} answers the ${service.hook} hook, not ${req.body.hook}`, [
          { field: 'hook', message: `must be ${service.hook}`, reason: 'cds-hook-mismatch' },
        ]);
      // order-select 1.0 context: `selections` is REQUIRED ("the FHIR id of the newly selected
      // order(s)"): without it Radvis cannot tell which draft was chosen, and an empty 200 would
      // read as "no advice for this exam" rather than "your request was not understood".
      if (service.hook === 'order-select' && !req.body.context.selections?.length)
        throw new Invalid('order-select needs context.selections (the FHIR id of the newly selected order)', [
          { field: 'context.selections', message: 'required for order-select: the id of at least one selected draft order', reason: 'cds-selections-missing' },
        ]);
      // CDS Hooks 2.0 (cds-r-1): fhirAuthorization only together with fhirServer.
      if (req.body.fhirAuthorization && !req.body.fhirServer)
        throw new Invalid('fhirAuthorization requires fhirServer', [
          { field: 'fhirServer', message: 'required with fhirAuthorization', reason: 'cds-fhir-authorization-without-server' },
        ]);
      // order-select / order-sign 1.0: userId is `Practitioner/{id}` or `PractitionerRole/{id}`; anything else is bad input.
      const userId = req.body.context.userId;
      if (userId !== undefined && !parseUserId(userId))
        throw new Invalid('context.userId must be Practitioner/{id} or PractitionerRole/{id}', [
          { field: 'context.userId', message: 'must be Practitioner/{id} or PractitionerRole/{id}', reason: 'cds-user-id-invalid' },
        ]);
      checkDraftOrders(req.body.context.draftOrders.entry as { resource?: Record<string, unknown> }[] | undefined);
      // order-select 1.0: "The selections field references FHIR resources in the draftOrders Bundle";
      // a selection naming none of them (checked once the orders' ids are known to be ids) is a malformed request, not "no advice for this exam".
      if (service.hook === 'order-select') {
        const unknown = unselectable(req.body.context.selections ?? [], req.body.context.draftOrders.entry);
        if (unknown.length)
          throw new Invalid(`context.selections names no order of draftOrders: ${unknown.join(', ').slice(0, 300)}`, [
            {
              field: 'context.selections',
              message: `must name orders in context.draftOrders; not there: ${unknown.join(', ').slice(0, 300)}`,
              reason: 'cds-selection-unknown',
            },
          ]);
      }
      const cat = await catalog();
      // One pack for the whole call, even if a new one is published meanwhile (guidelines/catalogue.ts).
      const { pack } = app.guidelines.current();
      let request = req.body as unknown as CdsRequest;
      // Only the context patient's own record is used (another id, a Bundle of several, an OperationOutcome: not prefetched).
      if (request.prefetch)
        request = { ...request, prefetch: { ...request.prefetch, patient: contextPatient(request.prefetch.patient, request.context.patientId) } };
      const orders = ordersToAdvise(request, cat);
      if (orders.length === 0) return { cards: [] };
      const server = allowedFhirServer(request.fhirServer, allowList);
      const token = request.fhirAuthorization?.access_token;
      const rights = await resolveUserRights(request.context.userId, request.prefetch as Record<string, unknown> | undefined, {
        local: localKind,
        remote: async (type, id) => (server ? readFhirResource(server, type, id, token) : null),
        // An absolute reference (a PractitionerRole's practitioner) is read only when it is
        // `{fhirServer}/{type}/{id}` of the allowed fhirServer, normalized as the allow-list compares.
        remoteUrl: async (url, type) => {
          const n = server ? normalizeFhirBase(url) : null;
          if (!server || !n || !isWithin(n, server) || n.segments.length !== server.segments.length + 2 || n.segments.at(-2) !== type) return null;
          return readFhirResource(server, type, n.segments.at(-1)!, token);
        },
      });
      // Unknown user — deny by default (least rights): a `Practitioner/{id}` or `PractitionerRole/{id}`
      // that neither our directory, prefetch.user nor the allowed fhirServer tells us about gets
      // clinical advice only. An order whose exam needs full referral rights gets a critical card
      // saying the rights are not confirmed, and its advice card offers nothing that needs them; a
      // 412 (no patient) says so too. Without any userId (the hooks require one) the rights cannot
      // even be asked for: 412 asking for the user where they matter (interop case 08).
      if (!rights.resolved && !parseUserId(request.context.userId) && rightsMatter(pack, orders)) throw userRequired(request.context.userId);
      const unconfirmed = !rights.resolved;
      const referrerKind = rights.resolved ? rights.kind : null;
      // Only fetch the patient when some order may get a card.
      if (needsPatient(pack, orders, referrerKind)) request = await withPatient(request, allowList);
      // Cards in the language the request asks for (Accept-Language), bokmål by default.
      const locale = cardLocale(req.headers['accept-language']);
      let results: ReturnType<typeof cardsFor>;
      try {
        results = cardsFor(pack, request, cat, baseUrl(req), { referrerKind, locale });
      } catch (e) {
        if (unconfirmed && e instanceof PreconditionFailed && rightsMatter(pack, orders))
          throw new PreconditionFailed(`${e.message}. ${translate('en', 'cdsRights.outcome')}`, [
            ...(e.fields ?? []),
            { field: 'prefetch.user', message: translate('en', 'cdsRights.outcome'), reason: 'cds-rights-unconfirmed' },
          ]);
        throw e;
      }
      const examName = (o: { sr: { code?: { text?: string } }; examCode: string }) => {
        const c = cat.find((x) => x.code === o.examCode);
        return (locale === 'en' ? c?.name_en : null) ?? c?.name ?? o.sr.code?.text ?? o.examCode;
      };
      // An order that needs full rights and got no advice card still gets the rights card.
      const rightsCards = unconfirmed
        ? orders
            .filter((o) => needsFullRights(pack, o.examCode) && !results.some((r) => r.examCode === o.examCode && !r.advice.silent))
            .map((o) => unconfirmedRightsCard(examName(o), `${baseUrl(req)}/henvisningsrad`, locale))
        : [];
      // Each card as the record system gets it (least rights may drop suggestions); silent ones are not returned.
      const shown = results.map((r) =>
        unconfirmed && needsFullRights(pack, r.examCode)
          ? withLeastRights(pack, r.card, examName(orders.find((o) => o.examCode === r.examCode)!), locale)
          : r.card,
      );
      // Group commit: the answer names these cards only after their rows are stored (advice-log.ts).
      await adviceLog.add(
        results.map((r, i) => ({
          source: 'cds-hooks' as const,
          userId: null,
          client: req.cdsCall!.client.id,
          externalUser: req.body.context.userId ?? null,
          draftId: null,
          hookInstance: req.body.hookInstance,
          cardUuid: r.card.uuid as string,
          referralId: null,
          examCode: r.examCode,
          topicId: r.advice.topicId,
          topicVersion: r.advice.topicVersion,
          rating: r.advice.rating,
          score: r.advice.score,
          facts: r.facts,
          missingFacts: r.advice.missingFacts.map((m) => m.id),
          // Feedback comes to this service's endpoint only (recordCdsFeedback).
          serviceId: service.id,
          // Feedback may accept only these (recordCdsFeedback).
          suggestionUuids: ((shown[i]!.suggestions as { uuid?: unknown }[] | undefined) ?? [])
            .map((s) => s.uuid)
            .filter((u): u is string => typeof u === 'string'),
        })),
      );
      // Cards without advice have no advice_event row: remembered so feedback on them is accepted.
      await recordIssuedCards(
        db,
        rightsCards.map((c) => ({ cardUuid: c.uuid as string, serviceId: service.id, client: req.cdsCall!.client.id, suggestionUuids: [] })),
      );
      // Silent mode (issue 11): stored above like every card, not returned to the record system.
      return {
        cards: [...shown.filter((_, i) => !results[i]!.advice.silent), ...rightsCards],
      };
    },
  );

  app.post(
    '/cds-services/:id/feedback',
    {
      config: cdsClient,
      preValidation: knownService,
      schema: {
        params: Type.Object({ id: Text({ maxLength: 100 }) }),
        body: Type.Object({
          feedback: Type.Array(
            Type.Object({
              card: Text({ maxLength: 36, pattern: UUID_PATTERN }),
              outcome: Type.Union([Type.Literal('accepted'), Type.Literal('overridden')]),
              acceptedSuggestions: Type.Optional(Type.Array(Type.Object({ id: Text({ maxLength: 36, pattern: UUID_PATTERN }) }), { maxItems: 20 })),
              overrideReason: Type.Optional(
                Type.Object({
                  reason: Type.Optional(
                    Type.Object({
                      system: Type.Optional(Text({ maxLength: 300 })),
                      code: Text({ maxLength: 100 }),
                      display: Type.Optional(Text({ maxLength: 300 })),
                    }),
                  ),
                  userComment: Type.Optional(Text({ maxLength: 2000 })),
                }),
              ),
              outcomeTimestamp: Type.String({ format: 'date-time', maxLength: 40 }),
            }),
            { minItems: 1, maxItems: 100 },
          ),
        }),
      },
    },
    async (req) => {
      if (!SERVICES.some((s) => s.id === req.params.id)) throw new NotFound(`No CDS service ${req.params.id}`, undefined, { reason: 'cds-service-unknown' });
      // CDS Hooks 2.0 §Feedback: which fields go with which outcome (request.ts feedbackProblems).
      const problems = feedbackProblems(req.body.feedback);
      if (problems.length > 0) throw new Invalid(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
      await recordCdsFeedback(
        db,
        req.body.feedback.map((f) => ({
          serviceId: req.params.id,
          cardUuid: f.card,
          outcome: f.outcome,
          acceptedSuggestions: f.acceptedSuggestions,
          overrideReason: f.overrideReason,
          outcomeTimestamp: f.outcomeTimestamp,
          client: req.cdsCall!.client.id,
        })),
      );
      return {};
    },
  );
};
