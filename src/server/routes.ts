// Domain route plugins registered by app.ts after the foundation routes. Each domain adds its
// plugin here (one line), so app.ts stays the same as the product grows.
import type { FastifyPluginAsync } from 'fastify';
import { assessmentRoutes } from './assessment/routes.ts';
import { bookingRoutes } from './booking/routes.ts';
import { cdsHooksRoutes } from './interop/cds-hooks/routes.ts';
import { referralRoutes } from './referrals/routes.ts';
import { fhirServiceRequestRoutes } from './referrals/fhir-routes.ts';
import { readingRoutes } from './reading/routes.ts';
import { reportingRoutes } from './reporting/routes.ts';
import { fhirReportRoutes } from './reporting/fhir-routes.ts';
import { fhirDirectoryRoutes } from './directory/fhir-routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { taskSharingRoutes } from './task-sharing/routes.ts';
import { capacityRoutes } from './capacity/routes.ts';
import { authoringRoutes } from './guidelines/authoring/routes.ts';
import { trainingRoutes } from './training/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';

export const domainRoutes: FastifyPluginAsync[] = [
  referralRoutes as FastifyPluginAsync,
  fhirServiceRequestRoutes as FastifyPluginAsync,
  cdsHooksRoutes as FastifyPluginAsync,
  reportingRoutes as FastifyPluginAsync,
  fhirReportRoutes as FastifyPluginAsync,
  fhirDirectoryRoutes as FastifyPluginAsync,
  assessmentRoutes as FastifyPluginAsync,
  readingRoutes as FastifyPluginAsync,
  bookingRoutes as FastifyPluginAsync,
  analyticsRoutes as FastifyPluginAsync,
  taskSharingRoutes as FastifyPluginAsync,
  capacityRoutes as FastifyPluginAsync,
  authoringRoutes as FastifyPluginAsync,
  trainingRoutes as FastifyPluginAsync,
  notificationRoutes as FastifyPluginAsync,
];
