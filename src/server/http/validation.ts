// How request schemas are checked. Query strings, path parameters and headers arrive as text, so
// their schemas coerce ("20" → 20 for `_count`, one value → a one-item array); a JSON body arrives
// typed, so its schema is checked as written: `"fhirServer": 12345`, `"hookInstance": true` or a
// `null` where a string is declared is a 400, never silently turned into "12345", "true" or ""
// (issue 7 item 7: every input that reaches SQL is rejected at the edge if it is not the declared
// type). Both sides are Fastify's own default compiler (@fastify/ajv-compiler, Ajv with
// ajv-formats), built with two option sets.
import AjvCompiler, { type BuildCompilerFromPool, type RouteDefinition } from '@fastify/ajv-compiler';
import SerializerSelector, { type SerializerFactory, type Serializer } from '@fastify/fast-json-stringify-compiler';

/** Ajv options every part shares: report every error, never drop properties. */
export const AJV_OPTIONS = { allErrors: true, removeAdditional: false } as const;

// One pool per process: an app built again in the same process (each test file builds its own)
// gets the same Ajv instances, and Ajv reuses what it compiled for the same schema object, instead
// of compiling every route's schemas again (~40 % of building the app).
const fromPool = AjvCompiler();

/**
 * A Fastify `schemaController.compilersFactory.buildValidator`: the body is validated without
 * type coercion, every other part (querystring, params, headers) with `coerceTypes: 'array'`.
 * The returned compiler takes Fastify's `{ schema, method, url, httpPart }`.
 */
export function buildValidator(): BuildCompilerFromPool {
  return (externalSchemas, serverOptions) => {
    const opts = (coerceTypes: false | 'array') =>
      ({ ...serverOptions, customOptions: { ...serverOptions?.customOptions, ...AJV_OPTIONS, coerceTypes } }) as Parameters<BuildCompilerFromPool>[1];
    // At run time Fastify calls the compiler with its route definition (the published types say a bare schema).
    const strict = fromPool(externalSchemas, opts(false)) as unknown as Compile;
    const coercing = fromPool(externalSchemas, opts('array')) as unknown as Compile;
    const compile: Compile = (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
    return compile as unknown as ReturnType<BuildCompilerFromPool>;
  };
}

type Compile = (route: RouteDefinition) => unknown;

const buildSerializers = SerializerSelector();
/** Serializers already built, per set of shared schemas and options, per response schema object. */
const serializerPools = new Map<string, WeakMap<object, Serializer>>();

/**
 * A Fastify `schemaController.compilersFactory.buildSerializer`: Fastify's own (fast-json-stringify),
 * reusing the function built for the same response schema object when an app is built again in the
 * same process with the same shared schemas and options (each test file builds its own app; the
 * schemas are module constants). A route whose schema is a new object gets a new serializer.
 */
export function buildSerializer(): SerializerFactory {
  return (externalSchemas, options) => {
    const key = JSON.stringify([externalSchemas ?? null, options ?? null]);
    let pool = serializerPools.get(key);
    if (!pool) serializerPools.set(key, (pool = new WeakMap()));
    const compile = buildSerializers(externalSchemas, options);
    return (route) => {
      const schema = route.schema;
      if (typeof schema !== 'object' || schema === null) return compile(route);
      let fn = pool.get(schema);
      if (!fn) pool.set(schema, (fn = compile(route)));
      return fn;
    };
  };
}
