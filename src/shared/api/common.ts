// Building blocks of the API schemas shared by the server (validation, serialization, OpenAPI)
// and the web app (types through Static<>). TypeBox: each schema is plain JSON Schema.
import { Type, type Static, type TSchema } from 'typebox';

/** A value or null (JSON null; SQL NULL). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Timestamps are ISO 8601 strings in JSON (the server serializes Date values so). */
export const Timestamp = Type.String({ format: 'date-time' });

/** Calendar dates as YYYY-MM-DD. */
export const CalendarDate = Type.String({ format: 'date' });

/** Application language of the user interface. */
export const Locale = Type.Union([Type.Literal('nb'), Type.Literal('en')]);

/** A response without a body (204 No Content): declared so the OpenAPI document states it. */
export const NoContent = Type.Null({ description: 'No content' });

/**
 * A non-JSON response body (PDF, CSV, an event stream) declared by its media type, so the
 * OpenAPI document states what the route sends (Fastify's `content` form of a response schema;
 * the body is sent as a Buffer, string or stream and is not serialized).
 */
export const MediaResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.Unsafe<Buffer | string>({ type: 'string', contentMediaType: mediaType }) } },
});

/** A redirect answer (browser navigations): where to, in the Location header. */
export const Redirect = (description: string) => Type.Null({ description, headers: { location: Type.String({ description: 'Where the browser goes next' }) } });

/**
 * An error answer of the app API: application/problem+json (RFC 9457) with a stable `code` and
 * the user text in `title` (src/shared/i18n `problem.<code>`, in the caller's language); `detail`
 * is English for logs. Written by the central error handler (src/server/http/errors.ts) for every
 * /api route, so it is documented once for all of them rather than per route.
 */
export const Problem = Type.Object({
  /** https://radvis.no/problems/<code> */
  type: Type.String(),
  code: Type.String(),
  title: Type.String(),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  detail: Type.String(),
  instance: Type.String(),
  /** The offending fields of a refused request. */
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});
export type Problem = Static<typeof Problem>;
