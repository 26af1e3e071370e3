// Building blocks of the API schemas shared by the server (validation, serialization, OpenAPI)
// and the web app (types through Static<>). TypeBox: each schema is plain JSON Schema.
import { Type, type TSchema } from 'typebox';

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
