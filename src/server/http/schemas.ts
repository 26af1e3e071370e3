// Schema pieces every route uses for what reaches SQL: text without NUL characters (PostgreSQL
// refuses U+0000 in text, which used to surface as a 500) and numbers that are finite and bounded.
// The edge guard in http/edge.ts rejects NUL and non-finite numbers anywhere in a request as
// well; these schemas say it in the route's declared types (and in the OpenAPI document).
import { Type, type TSchema } from '@fastify/type-provider-typebox';

/** JSON Schema pattern: any text without U+0000. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/** A string without NUL; `pattern` may be given instead when the route has a stricter format (it must not match NUL). */
export function Text(opts: { minLength?: number; maxLength: number; pattern?: string; format?: string; description?: string }) {
  return Type.String({ pattern: NO_NUL_PATTERN, ...opts });
}

/** An integer within [minimum, maximum] (both required: every number that reaches SQL is bounded). */
export function BoundedInteger(opts: { minimum: number; maximum: number; description?: string }) {
  return Type.Integer(opts);
}

/** A finite number within [minimum, maximum]. */
export function BoundedNumber(opts: { minimum: number; maximum: number; description?: string }) {
  return Type.Number(opts);
}

export type { TSchema };
