// GET /fhir/metadata: the CapabilityStatement (R4 http.html#capabilities; capabilitystatement.html).
// It states exactly what the routes in routes.ts do — nothing more.
import type { CapabilityStatement, TerminologyCapabilities } from '@medplum/fhirtypes';
import { ICD10_SYSTEM, ICPC2_SYSTEM, NCRP_OID } from './service-request.ts';
import { MAX_COUNT, SERVICE_REQUEST_INCLUDES, SERVICE_REQUEST_REVINCLUDES, SERVICE_REQUEST_SEARCH_PARAMS, SORT_KEYS } from './search.ts';
import { DIAGNOSTIC_REPORT_INCLUDES, DIAGNOSTIC_REPORT_SEARCH_PARAMS } from './diagnostic-report-search.ts';
import { DIRECTORY_SEARCH_PARAMS } from './patient.ts';
import { PLAN_DEFINITION_SEARCH_PARAMS } from '../../guidelines/authoring/fhir.ts';

/**
 * The server's CapabilityStatement. `baseUrl` is the FHIR base (…/fhir); `date` when this
 * statement last changed.
 */
export function capabilityStatement(baseUrl: string, date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Radvis',
    kind: 'instance',
    software: { name: 'Radvis' },
    implementation: {
      description: 'Radvis FHIR R4 API: referrals for radiology (ServiceRequest) and their reports (DiagnosticReport, ImagingStudy)',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: `Search (GET, or POST [type]/_search with a form body) applies every parameter listed here and refuses any other parameter, modifier or chain with 400 (send Prefer: handling=lenient to have them ignored; they are then reported in an OperationOutcome entry with search.mode outcome); the Bundle's self link lists the parameters used. _count is at most ${MAX_COUNT}; paging by next/previous links (an opaque _cursor; _offset up to a configured cap); total is exact unless _total=none; _summary=count gives the total only, true/text/data the R4 subsets (tagged SUBSETTED); _pretty=true indents the answer on every interaction; _elements returns the named top-level elements (tagged SUBSETTED); _summary (true, text, data, false) and _elements also cut the one resource a read, vread or metadata answers; _sort by ${SORT_KEYS.join(', ')} (prefix - for descending). Only JSON is served: _format or Accept asking for XML or Turtle gets 406.`,
        security: {
          cors: true,
          description:
            'Authorization: Bearer <token> of a registered API client (scopes fhir.read, fhir.write). A client reads the referrals of its own organization and sends referrals only for referrers of its own organization or those an administrator granted it.',
        },
        resource: [
          {
            type: 'ServiceRequest',
            profile: 'http://hl7.org/fhir/StructureDefinition/ServiceRequest',
            documentation:
              'A referral to radiology: status active, intent order (or a kind of order), subject.identifier (or the identifier of a contained Patient) the fødselsnummer (urn:oid:2.16.578.1.12.4.1.4.1), D-number (urn:oid:2.16.578.1.12.4.1.4.2) or felles hjelpenummer (urn:oid:2.16.578.1.12.4.1.4.3), code an NCRP coding, performer the receiving department, requester.identifier the HPR number. authoredOn is kept as the client sent it (a dateTime not in the future; up to 5 minutes ahead is clock skew, later gives 422), else it is when Radvis received the referral; authored searches it. The assessment deadline counts from receipt, not from authoredOn. Elements Radvis does not model are kept as sent. Structural errors (and codes outside the required value sets) give 400, business-rule rejections 422, both with an OperationOutcome.',
            interaction: [
              { code: 'create' },
              { code: 'read' },
              {
                code: 'vread',
                documentation:
                  'the current version, and each earlier version Radvis has kept (versions replaced before Radvis began keeping them are gone: 404)',
              },
              {
                code: 'history-instance',
                documentation:
                  'the versions Radvis keeps, newest first; _since, and paged as a search is: _count (at most 100), next/previous links (_cursor) reaching every version once, _offset, _total; total counts every version',
              },
              { code: 'search-type' },
            ],
            versioning: 'versioned',
            readHistory: true,
            updateCreate: false,
            conditionalCreate: true,
            conditionalRead: 'full-support',
            conditionalUpdate: false,
            conditionalDelete: 'not-supported',
            searchInclude: [...SERVICE_REQUEST_INCLUDES],
            searchRevInclude: [...SERVICE_REQUEST_REVINCLUDES],
            searchParam: SERVICE_REQUEST_SEARCH_PARAMS.map((p) => ({ name: p.name, definition: p.definition, type: p.type, documentation: p.documentation })),
          },
          {
            type: 'Patient',
            profile: 'http://hl7.org/fhir/StructureDefinition/Patient',
            documentation:
              'A patient of a referral the caller may read (or, for a user, their GP patient): identifier (fødselsnummer, D-number or FH-nummer under its OID), name, gender, birthDate, home municipality. Also returned by _include=ServiceRequest:patient and by search, by the same access rule. Search needs identifier or _id.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: DIRECTORY_SEARCH_PARAMS.Patient.map((p) => ({ name: p.name, definition: p.definition, type: p.type, documentation: p.documentation })),
            versioning: 'no-version',
            readHistory: false,
            updateCreate: false,
          },
          {
            type: 'Practitioner',
            profile: 'http://hl7.org/fhir/StructureDefinition/Practitioner',
            documentation:
              'The requester of a referral the caller may read, the caller themselves, or (for an API client) a referrer of its own organization: HPR number (urn:oid:2.16.578.1.12.4.1.4.4) and name. Also returned by _include=ServiceRequest:requester and by search, by the same access rule. Search needs identifier or _id.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: DIRECTORY_SEARCH_PARAMS.Practitioner.map((p) => ({
              name: p.name,
              definition: p.definition,
              type: p.type,
              documentation: p.documentation,
            })),
            versioning: 'no-version',
            readHistory: false,
            updateCreate: false,
          },
          {
            type: 'DiagnosticReport',
            profile: 'http://hl7.org/fhir/StructureDefinition/DiagnosticReport',
            documentation:
              'The radiology report of a performed exam: status preliminary, final or amended (a final report with addenda), basedOn the ServiceRequest, imagingStudy the exam, conclusion, and the full text as presentedForm (text/plain). Drafts are not published. Read through the same access rule as ServiceRequest.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'versioned',
            readHistory: false,
            updateCreate: false,
            searchInclude: [...DIAGNOSTIC_REPORT_INCLUDES],
            searchParam: DIAGNOSTIC_REPORT_SEARCH_PARAMS.map((p) => ({ name: p.name, definition: p.definition, type: p.type, documentation: p.documentation })),
          },
          {
            type: 'ImagingStudy',
            profile: 'http://hl7.org/fhir/StructureDefinition/ImagingStudy',
            documentation:
              'A performed exam: identifier the DICOM Study Instance UID (urn:dicom:uid) when the exam was scheduled, basedOn the ServiceRequest, modality, procedureCode (NCRP).',
            interaction: [{ code: 'read' }],
          },
          {
            type: 'Observation',
            profile: 'http://hl7.org/fhir/StructureDefinition/Observation',
            documentation:
              'An AI finding on a performed exam, from an API client with scope reading.ai: the exam by accession number (basedOn.identifier, type ACSN) or Study Instance UID (partOf.identifier, urn:dicom:uid), the finding as a SNOMED CT code, the confidence as valueQuantity.',
            interaction: [{ code: 'create' }],
            versioning: 'no-version',
            updateCreate: false,
            conditionalCreate: false,
          },
          {
            type: 'PlanDefinition',
            profile: 'http://hl7.org/fhir/StructureDefinition/PlanDefinition',
            documentation:
              'A published referral-advice topic (type eca-rule), open to anyone: one action per rule in order (the first that holds decides), conditions in the Radvis rule language (text/x-radvis-rule, not CQL or FHIRPath), sources as relatedArtifact. Partial evaluation, derived facts, red flags and reviewed defaults do not map; the whole topic is in the Library. Read gives the version in effect; search with version= for earlier ones.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'versioned',
            readHistory: false,
            updateCreate: false,
            searchParam: PLAN_DEFINITION_SEARCH_PARAMS.map((p) => ({ name: p.name, definition: p.definition, type: p.type, documentation: p.documentation })),
          },
          {
            type: 'Library',
            profile: 'http://hl7.org/fhir/StructureDefinition/Library',
            documentation: 'The topic file (YAML, application/yaml) a PlanDefinition depends on, open to anyone; same search parameters as PlanDefinition.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            versioning: 'versioned',
            readHistory: false,
            updateCreate: false,
            searchParam: PLAN_DEFINITION_SEARCH_PARAMS.map((p) => ({ name: p.name, definition: p.definition, type: p.type, documentation: p.documentation })),
          },
        ],
        searchParam: [
          {
            name: '_count',
            type: 'number',
            documentation: `page size, 0–${MAX_COUNT} (default 20); PlanDefinition and Library 0–500 (default 100); every search gives self/first/previous/next links`,
          },
          {
            name: '_offset',
            type: 'number',
            documentation: 'start the page at this match (every search type), up to a configured cap (10000 by default); to page further follow the next links',
          },
          {
            name: '_cursor',
            type: 'string',
            documentation:
              'opaque keyset cursor written into the next/previous links (every search type): following next from the first page reaches every match once, at any depth; not together with _offset, and only with the search it was written for',
          },
          { name: '_total', type: 'token', documentation: 'none | estimate | accurate (accurate is the default)' },
          { name: '_sort', type: 'string', documentation: `ServiceRequest: ${SORT_KEYS.join(', ')}, - for descending` },
          {
            name: '_summary',
            type: 'token',
            documentation:
              'ServiceRequest: count (the total only), true (the summary elements of R4), text (text, id, meta, mandatory elements), data (all but text) or false; cut resources are tagged SUBSETTED; not together with _elements',
          },
          { name: '_elements', type: 'string', documentation: 'ServiceRequest: top-level elements to return (tagged SUBSETTED)' },
          {
            name: '_include',
            type: 'special',
            documentation: `ServiceRequest: ${SERVICE_REQUEST_INCLUDES.join(', ')} (entries with search.mode include; only resources the caller may read directly); :iterate is not supported`,
          },
          {
            name: '_revinclude',
            type: 'special',
            documentation: `ServiceRequest: ${SERVICE_REQUEST_REVINCLUDES.join(', ')} (search.mode include); :iterate is not supported`,
          },
        ],
      },
    ],
  };
}

/**
 * The code systems Radvis reads and writes in the resources it serves, each with what it is for.
 * They are named in `GET /fhir/metadata?mode=terminology` (a TerminologyCapabilities).
 */
const CODE_SYSTEMS: readonly { uri: string; use: string }[] = [
  { uri: NCRP_OID, use: 'NCRP (Volven 7270), the exam: ServiceRequest.code' },
  { uri: ICPC2_SYSTEM, use: 'ICPC-2 (Volven 7170), the indication: ServiceRequest.reasonCode' },
  { uri: ICD10_SYSTEM, use: 'ICD-10 (Volven 7110), the indication: ServiceRequest.reasonCode' },
  { uri: 'http://snomed.info/sct', use: 'SNOMED CT, AI findings: Observation.code' },
];

/**
 * `GET /fhir/metadata?mode=terminology` (R4 http.html#capabilities: mode terminology returns a
 * TerminologyCapabilities resource). Radvis is no terminology server — it offers no $expand,
 * $validate-code, $lookup or $translate — so the statement lists only the code systems its
 * resources use and says that none of the terminology operations is available.
 */
export function terminologyCapabilities(baseUrl: string, date: string): TerminologyCapabilities {
  return {
    resourceType: 'TerminologyCapabilities',
    status: 'active',
    date,
    publisher: 'Radvis',
    kind: 'instance',
    software: { name: 'Radvis' },
    implementation: { description: 'Radvis FHIR R4 API (no terminology operations)', url: baseUrl },
    description: `Code systems used in Radvis resources: ${CODE_SYSTEMS.map((c) => `${c.uri} — ${c.use}`).join('; ')}. No terminology operations ($expand, $validate-code, $lookup, $translate, $closure) are offered.`,
    codeSystem: CODE_SYSTEMS.map((c) => ({ uri: c.uri })),
    codeSearch: 'explicit',
  };
}
