import type { FastifyPluginAsync } from 'fastify';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { config: { access: { public: true } } }, async (_req, reply) => {
    const r = app.readiness;
    if (!r.ready) return reply.status(503).send({ status: 'starting', phase: r.phase, ...(r.detail ? { detail: r.detail } : {}) });
    return { status: 'ok', database: app.db.engine };
  });
};
