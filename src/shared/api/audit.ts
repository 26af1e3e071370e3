// /api/access-log: search the access log (server route: src/server/audit/routes.ts).
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

export const AccessLogQuery = Type.Object({
  patientId: Type.Optional(Type.String({ maxLength: 100 })),
  userId: Type.Optional(Type.String({ maxLength: 100 })),
  /** First day included (YYYY-MM-DD). */
  from: Type.Optional(CalendarDate),
  /** Last day included (YYYY-MM-DD). */
  to: Type.Optional(CalendarDate),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type AccessLogQuery = Static<typeof AccessLogQuery>;

/** One access-log row: who did what to which patient's data, when, in which organization. */
export const AccessLogRow = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  user_id: Nullable(Type.String()),
  actor_name: Type.String(),
  role: Nullable(Type.String()),
  organization_id: Nullable(Type.String()),
  organization_name: Nullable(Type.String()),
  /** One patient's record was read; null for a list view (see patient_ids). */
  patient_id: Nullable(Type.String()),
  /** A list view: every patient it showed, in one row (not one row per patient). */
  patient_ids: Nullable(Type.Array(Type.String())),
  resource_type: Type.String(),
  resource_id: Nullable(Type.String()),
  /** read, search, create, update, delete, export */
  action: Type.String(),
  context: Type.String(),
  client: Nullable(Type.String()),
  /** Whether the access gate allowed the access; refused attempts are logged too. */
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('refused')]),
  /** Why a refused attempt was refused (English, for the log reader); null when allowed. */
  reason: Nullable(Type.String()),
});
export type AccessLogRow = Static<typeof AccessLogRow>;
export const AccessLogRows = Type.Array(AccessLogRow);
