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
